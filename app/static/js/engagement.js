/* Choosing many stakeholders (participants, invitees): htmx fills a list of matches as
   buttons (the stakeholder search's own fragment); choosing one (click, Enter or Space)
   adds a ticked checkbox to the chosen list, and an option to the follow-up's "About"
   select. Arrow keys move between the input and the matches; Escape closes them; Enter
   in the input picks the first match instead of submitting the form. Without
   JavaScript, ids can be typed into the field inside <noscript>. */
(function () {
  "use strict";
  function boxOf(el) { return el && el.closest ? el.closest("[data-picker]") : null; }
  function part(box, name) { return box.querySelector("[data-picker-" + name + "]"); }
  function options(box) { return Array.prototype.slice.call(part(box, "results").querySelectorAll(".typeahead-option")); }

  function close(box) {
    part(box, "results").innerHTML = "";
    part(box, "input").setAttribute("aria-expanded", "false");
  }

  function say(box, text) {
    var status = part(box, "status");
    if (status) status.textContent = text;
  }

  function syncNone(box) {
    var none = part(box, "none");
    if (none) none.hidden = part(box, "chosen").querySelectorAll("input:checked").length > 0;
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
    var box = boxOf(button);
    var id = button.getAttribute("data-id");
    var name = button.getAttribute("data-name");
    var fieldName = box.getAttribute("data-picker-name");
    var list = part(box, "chosen");
    var existing = list.querySelector('input[value="' + id + '"]');
    if (existing) {
      existing.checked = true;
      say(box, name + " was already chosen.");
    } else {
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.className = "check";
      var box_ = document.createElement("input");
      box_.type = "checkbox";
      box_.name = fieldName;
      box_.value = id;
      box_.checked = true;
      label.appendChild(box_);
      label.appendChild(document.createTextNode(" " + name));
      li.appendChild(label);
      list.appendChild(li);
      say(box, "Added " + name + ". Untick to remove.");
    }
    addAbout(box, id, name);
    syncNone(box);
    var input = part(box, "input");
    input.value = "";
    close(box);
    input.focus();
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest(".typeahead-option") : null;
    if (button && boxOf(button)) {
      e.preventDefault();
      choose(button);
    }
  });

  document.addEventListener("change", function (e) {
    var box = boxOf(e.target);
    if (box && e.target.type === "checkbox") syncNone(box);
  });

  document.addEventListener("keydown", function (e) {
    var box = boxOf(e.target);
    if (!box) return;
    var list = options(box);
    var input = part(box, "input");
    var index = list.indexOf(e.target);
    if (e.target === input && e.key === "Enter") {
      e.preventDefault();  // Enter here chooses, it does not submit the whole form
      if (list.length) choose(list[0]);
    } else if (e.key === "Escape" && list.length) {
      e.preventDefault();
      close(box);
      input.focus();
    } else if (e.key === "ArrowDown" && list.length) {
      e.preventDefault();
      list[Math.min(index + 1, list.length - 1)].focus();
    } else if (e.key === "ArrowUp" && index >= 0) {
      e.preventDefault();
      if (index === 0) input.focus(); else list[index - 1].focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail.target;
    if (!target || !target.hasAttribute("data-picker-results")) return;
    var box = boxOf(target);
    part(box, "input").setAttribute("aria-expanded", options(box).length ? "true" : "false");
  });
})();
