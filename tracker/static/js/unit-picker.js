// Unit picker: any <input data-unit-picker> gets a list of the directory's units as the user types.
//   data-county="交城县"        the county whose units (and shared ones) are listed
//   data-suggest-url="/units/suggest"
//   data-target-id="n0-unit"   optional: a hidden input that receives the chosen unit's id
// Arrow keys move through the list, Enter picks, Escape closes. Typing clears the hidden id, so the
// server never pairs a typed name with a unit picked earlier. No library: plain DOM and fetch.
(function () {
  "use strict";

  function attach(input) {
    if (input.dataset.unitPickerReady) return;
    input.dataset.unitPickerReady = "1";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var list = document.createElement("ul");
    list.className = "unit-picker-list";
    list.setAttribute("role", "listbox");
    list.id = (input.id || input.name || "unit") + "-choices";
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.insertAdjacentElement("afterend", list);
    var target = input.dataset.targetId ? document.getElementById(input.dataset.targetId) : null;
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
    }

    function highlight(index) {
      var options = list.querySelectorAll("li");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
    }

    function pick(option) {
      input.value = option.dataset.name;
      if (target) target.value = option.dataset.id;
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(units) {
      list.textContent = "";
      units.forEach(function (unit) {
        var option = document.createElement("li");
        option.setAttribute("role", "option");
        option.dataset.id = unit.id;
        option.dataset.name = unit.name;
        var name = document.createElement("span");
        name.className = "unit-picker-name";
        name.textContent = unit.name;
        var meta = document.createElement("span");
        meta.className = "unit-picker-meta";
        meta.textContent = unit.county + " · " + unit.kind;
        option.append(name, meta);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(option);
        });
        list.appendChild(option);
      });
      if (!units.length) {
        var none = document.createElement("li");
        none.className = "unit-picker-none";
        none.textContent = "单位目录中没有匹配的单位";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(units.length ? 0 : -1);
    }

    function ask() {
      var query = input.value.trim();
      if (!query) return close();
      var number = ++asked;
      var url = (input.dataset.suggestUrl || "/units/suggest") + "?q=" + encodeURIComponent(query) +
        "&county=" + encodeURIComponent(input.dataset.county || "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { units: [] }; })
        .then(function (data) { if (number === asked && document.activeElement === input) show(data.units); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      if (target) target.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var options = list.querySelectorAll("li[role=option]");
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + options.length) % options.length);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        event.stopPropagation();
        pick(options[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function attachAll(root) {
    (root || document).querySelectorAll("input[data-unit-picker]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () { attachAll(document); });
  window.attachUnitPickers = attachAll;
})();
