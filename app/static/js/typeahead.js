/* Typeahead for choosing a stakeholder: htmx fills a list of buttons; choosing one
   (click, Enter or Space) sets the hidden id. Arrow keys move between the input and the
   matches; Escape closes them. Without JavaScript the form sends the typed name.

   window.groundworkPicker(prefix, choose, enterPicksFirst) is the part every picker shares
   (static/js/engagement.js builds the many-stakeholder picker on it): boxes marked
   data-<prefix>, with data-<prefix>-input and data-<prefix>-results inside. */
(function () {
  "use strict";

  function picker(prefix, choose, enterPicksFirst) {
    function boxOf(el) { return el && el.closest ? el.closest("[data-" + prefix + "]") : null; }
    function part(box, name) { return box.querySelector("[data-" + prefix + "-" + name + "]"); }
    function options(box) {
      var results = part(box, "results") || box;
      return Array.prototype.slice.call(results.querySelectorAll(".typeahead-option"));
    }
    function close(box) {
      var results = part(box, "results");
      if (results) results.innerHTML = "";
      part(box, "input").setAttribute("aria-expanded", "false");
    }
    var api = { boxOf: boxOf, part: part, close: close };

    document.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest(".typeahead-option") : null;
      if (button && boxOf(button)) {
        e.preventDefault();
        choose(button, api);
      }
    });

    document.addEventListener("keydown", function (e) {
      var box = boxOf(e.target);
      if (!box) return;
      var list = options(box);
      var input = part(box, "input");
      var index = list.indexOf(e.target);
      if (enterPicksFirst && e.target === input && e.key === "Enter") {
        e.preventDefault();  // Enter here chooses, it does not submit the whole form
        if (list.length) choose(list[0], api);
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
      if (!target || !target.hasAttribute("data-" + prefix + "-results")) return;
      var box = boxOf(target);
      part(box, "input").setAttribute("aria-expanded", options(box).length ? "true" : "false");
    });
    return api;
  }
  window.groundworkPicker = picker;

  // The single-stakeholder typeahead: choosing sets the hidden id and the input's text.
  var typeahead = picker("typeahead", function (button, api) {
    var box = api.boxOf(button);
    var input = api.part(box, "input");
    var name = button.getAttribute("data-name");
    api.part(box, "id").value = button.getAttribute("data-id");
    input.value = name;
    var chosen = api.part(box, "chosen");
    if (chosen) chosen.textContent = "Chosen: " + name;
    api.close(box);
    input.focus();
  }, false);

  // Typing a different name forgets the earlier choice.
  document.addEventListener("input", function (e) {
    var box = typeahead.boxOf(e.target);
    if (!box || !e.target.hasAttribute("data-typeahead-input")) return;
    typeahead.part(box, "id").value = "";
    var chosen = typeahead.part(box, "chosen");
    if (chosen) chosen.textContent = "Type part of a name, then pick from the list.";
  });
})();
