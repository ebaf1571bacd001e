// The import review page: Enter moves to the next field (as in a spreadsheet) instead of submitting,
// buttons with data-confirm ask first, "全选" ticks every row on the page, and each row of the names
// panel shows the unit picker or the kind list that its decision needs.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) return;

  function fields() {
    return Array.prototype.filter.call(
      form.querySelectorAll("input:not([type=hidden]), select, textarea"),
      function (field) { return !field.disabled && field.offsetParent !== null && field.tabIndex >= 0; }
    );
  }

  form.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.defaultPrevented || field.tagName === "BUTTON") return;
    if (field.tagName === "TEXTAREA" && !event.ctrlKey) return;  // a new line, unless Ctrl+Enter
    if (event.ctrlKey || event.metaKey) return;  // Ctrl+Enter: the browser submits (保存)
    event.preventDefault();
    var all = fields();
    var next = all[all.indexOf(field) + (event.shiftKey ? -1 : 1)];
    if (next) next.focus();
  });

  form.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var onlyFor = button.dataset.confirmIf;
      if (onlyFor) {
        var chosen = form.querySelector("select[name=bulk-action]");
        if (!chosen || chosen.value !== onlyFor) return;
      }
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });

  var selectAll = form.querySelector("input.select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      form.querySelectorAll("input.row-select").forEach(function (box) { box.checked = selectAll.checked; });
    });
  }

  function showDecision(row) {
    var decision = row.querySelector("select[name$=-decision]").value;
    row.className = row.className.replace(/decision-\w+/, "decision-" + decision);
  }
  form.querySelectorAll("tr.name-row").forEach(function (row) {
    row.querySelector("select[name$=-decision]").addEventListener("change", function () { showDecision(row); });
  });
})();
