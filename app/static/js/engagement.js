/* Choosing many stakeholders (participants, invitees): htmx fills a list of matches as
   buttons (the stakeholder search's own fragment); choosing one (click, Enter or Space)
   adds a ticked checkbox to the chosen list, and an option to the follow-up's "About"
   select. Arrow keys move between the input and the matches; Escape closes them; Enter
   in the input picks the first match instead of submitting the form. Without
   JavaScript, ids can be typed into the field inside <noscript>. Built on the shared
   picker in static/js/typeahead.js (load that first). */
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

  picker = window.groundworkPicker("picker", choose, true);

  document.addEventListener("change", function (e) {
    var box = picker.boxOf(e.target);
    if (box && e.target.type === "checkbox") syncNone(box);
  });
})();
