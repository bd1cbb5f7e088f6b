/* Pipeline board enhancements: drag a card to another column (it submits the card's own
   "Move to" form, so the server checks the move and the version as for the buttons), and
   keep keyboard focus on a card after it moved. Without JavaScript the buttons and the
   "Move to" form post as ordinary forms. */
(function () {
  "use strict";
  var dragged = null;

  function cardOf(el) { return el && el.closest ? el.closest("[data-partnership-card]") : null; }
  function columnOf(el) { return el && el.closest ? el.closest("[data-drop-stage]") : null; }
  function stageSelect(card) { return card.querySelector("[data-move-stage]"); }

  function allows(card, stage) {
    var select = stageSelect(card);
    if (!select) return false;
    return Array.prototype.some.call(select.options, function (o) { return o.value === stage; });
  }

  function enable() {
    document.querySelectorAll("[data-drop-stage] [data-partnership-card]").forEach(function (card) {
      if (stageSelect(card)) card.setAttribute("draggable", "true");
    });
  }

  function clearTargets() {
    document.querySelectorAll(".is-drop-target").forEach(function (c) {
      c.classList.remove("is-drop-target");
    });
  }

  document.addEventListener("DOMContentLoaded", enable);
  document.addEventListener("htmx:afterSettle", function () {
    enable();
    var moved = document.querySelector("[data-partnership-card].is-moved");
    if (moved) moved.focus();
  });

  document.addEventListener("dragstart", function (e) {
    var card = cardOf(e.target);
    if (!card || !columnOf(card)) return;
    dragged = card;
    card.classList.add("is-dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.id);
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (e) {
    var column = columnOf(e.target);
    if (!column || !dragged) return;
    var stage = column.getAttribute("data-stage");
    if (stage === dragged.getAttribute("data-stage") || !allows(dragged, stage)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    clearTargets();
    column.classList.add("is-drop-target");
  });

  document.addEventListener("drop", function (e) {
    var column = columnOf(e.target);
    if (!column || !dragged) return;
    var stage = column.getAttribute("data-stage");
    if (!allows(dragged, stage)) return;
    e.preventDefault();
    clearTargets();
    var select = stageSelect(dragged);
    select.value = stage;
    var form = select.form;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();
