// Draws the weekly trend on the dashboard from the data-trend attribute (no inline script: CSP).
(function () {
  "use strict";
  var canvas = document.getElementById("trend-chart");
  if (!canvas || typeof Chart === "undefined") {
    return;
  }
  var weeks = JSON.parse(canvas.getAttribute("data-trend"));
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: weeks.map(function (w) { return w.week.slice(5); }),
      datasets: [
        { label: "办结", data: weeks.map(function (w) { return w.completed; }), backgroundColor: "#12b76a" },
        { label: "新增超期", data: weeks.map(function (w) { return w.overdue; }), backgroundColor: "#d92d20" }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
