/* Typeahead for choosing a stakeholder: htmx fills a list of buttons; choosing one
   (click, Enter or Space) sets the hidden id. Arrow keys move between the input and the
   matches; Escape closes them. Without JavaScript the form sends the typed name. */
(function () {
  "use strict";
  function boxOf(el) { return el && el.closest ? el.closest("[data-typeahead]") : null; }
  function part(box, name) { return box.querySelector("[data-typeahead-" + name + "]"); }
  function options(box) { return Array.prototype.slice.call(box.querySelectorAll(".typeahead-option")); }

  function close(box) {
    var results = part(box, "results");
    if (results) results.innerHTML = "";
    part(box, "input").setAttribute("aria-expanded", "false");
  }

  function choose(button) {
    var box = boxOf(button);
    var input = part(box, "input");
    var name = button.getAttribute("data-name");
    part(box, "id").value = button.getAttribute("data-id");
    input.value = name;
    var chosen = part(box, "chosen");
    if (chosen) chosen.textContent = "Chosen: " + name;
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

  // Typing a different name forgets the earlier choice.
  document.addEventListener("input", function (e) {
    var box = boxOf(e.target);
    if (!box || !e.target.hasAttribute("data-typeahead-input")) return;
    part(box, "id").value = "";
    var chosen = part(box, "chosen");
    if (chosen) chosen.textContent = "Type part of a name, then pick from the list.";
  });

  document.addEventListener("keydown", function (e) {
    var box = boxOf(e.target);
    if (!box) return;
    var list = options(box);
    var input = part(box, "input");
    var index = list.indexOf(e.target);
    if (e.key === "Escape" && list.length) {
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
    if (!target || !target.hasAttribute("data-typeahead-results")) return;
    var box = boxOf(target);
    part(box, "input").setAttribute("aria-expanded", options(box).length ? "true" : "false");
  });
})();
