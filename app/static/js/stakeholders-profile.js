/* A stakeholder's page: after the profile, the ratings, a relationship or an affiliation
   is saved in place, the rest of the page catches up. The save answers with HX-Trigger
   "stakeholder-changed", "ratings-changed", "relationships-changed" or
   "affiliations-changed"; the other areas' panels (next step, champion score, coverage...)
   and the cards that show the name are then fetched again. Without JavaScript every
   save reloads the whole page, so nothing here is needed. */
(function () {
  "use strict";
  function refresh(cards) {
    var box = document.getElementById("stakeholder-panels");
    if (!box || !window.htmx) return;
    var panels = JSON.parse(box.getAttribute("data-panels"));
    var detail = box.getAttribute("data-detail-url");
    // Each request from its own element: htmx queues requests from one source (the body,
    // by default) and would send only the first and the last.
    function load(id, url) {
      var el = document.getElementById(id);
      if (el) window.htmx.ajax("GET", url, { source: el, target: el, swap: "outerHTML" });
    }
    Object.keys(panels).forEach(function (id) { load(id, panels[id]); });
    cards.forEach(function (id) { load(id, detail); });  // one card by its HX-Target
  }
  document.body.addEventListener("stakeholder-changed", function () {
    refresh(["ratings-card", "affiliations", "relationships"]);
  });
  document.body.addEventListener("ratings-changed", function () { refresh([]); });
  // A tie added, changed or removed moves the network position, the champion score, the
  // reach of the table and the next step: their panels load again.
  document.body.addEventListener("relationships-changed", function () { refresh([]); });
  document.body.addEventListener("affiliations-changed", function () { refresh([]); });
})();
