/* A stakeholder's page: after the profile, the ratings, a relationship or an affiliation
   is saved in place, the rest of the page catches up. The save answers with HX-Trigger
   "stakeholder-changed", "ratings-changed", "relationships-changed" or
   "affiliations-changed"; the other areas' panels (next step, champion score, coverage...)
   and the cards that show the name are then fetched again. Without JavaScript every
   save reloads the whole page, so nothing here is needed. */
(function () {
  "use strict";
  /* A card the reader is working in is not drawn again: an editor open in it, or a
     field changed from what it was drawn with (an add form half filled). Drawing it
     again would throw their typing away; it catches up on their next save. */
  function changed(field) {
    if (field.type === "hidden" || field.type === "submit") return false;
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) {
        return o.selected !== o.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }
  function busy(el) {
    if (el.classList.contains("is-editing") || el.querySelector(".is-editing")) return true;
    return Array.prototype.some.call(el.querySelectorAll("input, select, textarea"), changed);
  }
  function refresh(cards) {
    var box = document.getElementById("stakeholder-panels");
    if (!box || !window.htmx) return;
    var panels = JSON.parse(box.getAttribute("data-panels"));
    var detail = box.getAttribute("data-detail-url");
    // Each request from its own element: htmx queues requests from one source (the body,
    // by default) and would send only the first and the last.
    function load(id, url) {
      var el = document.getElementById(id);
      if (el && !busy(el)) {
        window.htmx.ajax("GET", url, { source: el, target: el, swap: "outerHTML" });
      }
    }
    Object.keys(panels).forEach(function (id) { load(id, panels[id]); });
    cards.forEach(function (id) { load(id, detail); });  // one card by its HX-Target
  }
  document.body.addEventListener("stakeholder-changed", function () {
    // A new group brings that group's key messages.
    refresh(["ratings-card", "affiliations", "relationships", "key-messages"]);
  });
  document.body.addEventListener("ratings-changed", function () { refresh([]); });
  // A tie added, changed or removed moves the network position, the champion score, the
  // reach of the table and the next step: their panels load again.
  document.body.addEventListener("relationships-changed", function () { refresh([]); });
  document.body.addEventListener("affiliations-changed", function () { refresh([]); });

  /* The profile and ratings cards are edited in place, and the element that had focus
     goes with the card. A save refused with errors (422) starts at the first field in
     error (its message is tied to it; the summary above it is a role=alert); a save or a
     Cancel comes back to the card's Edit button. Only for the reader's own requests from
     inside the card: a card drawn again by refresh() above takes nothing. Opening the
     editor is left to its autofocus. */
  var CARDS = ["profile-card", "ratings-card"];
  var mine = {};  // card id: the last request for it came from inside it
  document.addEventListener("htmx:beforeRequest", function (e) {
    var target = e.detail && e.detail.target, elt = e.detail && e.detail.elt;
    if (!target || CARDS.indexOf(target.id) < 0) return;
    mine[target.id] = !!elt && elt !== target && target.contains(elt);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail && e.detail.target, id = target && target.id;
    if (!id || !mine[id]) return;
    mine[id] = false;
    var card = document.getElementById(id);
    if (!card) return;
    // The first field in error, in the order of the form: a field marked aria-invalid, or
    // a choice in a group in error (the kind's radio buttons).
    var focus = card.querySelector("form")
      ? card.querySelector("[aria-invalid='true'], .has-error input:not([type=hidden])")
      : card.querySelector(".card-head a[hx-get]");
    if (focus) focus.focus();
  });
})();
