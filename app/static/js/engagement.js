/* Choosing many stakeholders (participants, invitees): htmx fills a list of matches as
   buttons (the stakeholder search's own fragment); choosing one (click, Enter or Space)
   adds a ticked checkbox to the chosen list, and an option to the follow-up's "About"
   select. Arrow keys move between the input and the matches; Escape closes them; Enter
   on a match picks it. Enter in the input never submits the form: it picks the first
   match when the matches shown are for exactly what is typed, else it waits (a quick
   Enter before they refresh would pick someone else). Without JavaScript, ids can be
   typed into the field inside <noscript>. Built on the shared picker in
   static/js/typeahead.js (load that first). */
(function () {
  "use strict";
  var picker;  // the shared part: boxOf, part, close

  function say(box, text) {
    var status = picker.part(box, "status");
    if (status) status.textContent = text;
  }

  function syncNone(box) {
    var none = picker.part(box, "none");
    if (none) none.hidden = picker.part(box, "chosen").querySelectorAll("input:checked").length > 0;
  }

  function addAbout(box, id, name) {
    var selectId = box.getAttribute("data-picker-about");
    var select = selectId ? document.getElementById(selectId) : null;
    if (!select || select.querySelector('option[value="' + id + '"]')) return;
    var option = document.createElement("option");
    option.value = id;
    option.textContent = name;
    select.appendChild(option);
  }

  function choose(button) {
    var box = picker.boxOf(button);
    var id = button.getAttribute("data-id");
    var name = button.getAttribute("data-name");
    var fieldName = box.getAttribute("data-picker-name");
    var list = picker.part(box, "chosen");
    var existing = list.querySelector('input[value="' + id + '"]');
    if (existing) {
      existing.checked = true;
      say(box, name + " was already chosen.");
    } else {
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.className = "check";
      var tick = document.createElement("input");
      tick.type = "checkbox";
      tick.name = fieldName;
      tick.value = id;
      tick.checked = true;
      label.appendChild(tick);
      label.appendChild(document.createTextNode(" " + name));
      li.appendChild(label);
      list.appendChild(li);
      say(box, "Added " + name + ". Untick to remove.");
    }
    addAbout(box, id, name);
    syncNone(box);
    var input = picker.part(box, "input");
    input.value = "";
    picker.close(box);
    input.focus();
  }

  picker = window.groundworkPicker("picker", choose, false);  // Enter: see below

  function isPickerInput(el) {
    return el && el.hasAttribute && el.hasAttribute("data-picker-input");
  }

  // Which text the matches on show were searched for.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var input = e.detail.elt;
    if (isPickerInput(input)) input.setAttribute("data-picker-asked", input.value);
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail.target;
    if (!target || !target.hasAttribute("data-picker-results")) return;
    var input = picker.part(picker.boxOf(target), "input");
    input.setAttribute("data-picker-shown", input.getAttribute("data-picker-asked") || "");
  });

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || !isPickerInput(e.target)) return;
    e.preventDefault();  // Enter here chooses; it never submits a half-typed name
    var input = e.target;
    if (!input.value.trim()) return;
    var box = picker.boxOf(input);
    var first = picker.part(box, "results").querySelector(".typeahead-option");
    if (first && input.getAttribute("data-picker-shown") === input.value) {
      choose(first);
    } else {
      say(box, "Wait for the suggestions, then pick one, or clear the box.");
    }
  });

  // A filter form sent with Enter (the log's "With stakeholder") closes its matches.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.querySelectorAll) return;
    form.querySelectorAll("[data-typeahead-results]").forEach(function (results) {
      results.innerHTML = "";
      var box = results.closest("[data-typeahead]");
      var input = box && box.querySelector("[data-typeahead-input]");
      if (input) input.setAttribute("aria-expanded", "false");
    });
  });

  document.addEventListener("change", function (e) {
    var box = picker.boxOf(e.target);
    if (box && e.target.type === "checkbox") syncNone(box);
  });
})();
