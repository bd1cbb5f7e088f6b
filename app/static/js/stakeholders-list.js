/* Stakeholder list: "select all on this page", the selected count, and showing only the
   bulk-action field that the chosen action needs. The page works without this file. */
(function () {
  "use strict";
  function rowBoxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input.row-select"));
  }
  function sync() {
    var boxes = rowBoxes();
    var checked = boxes.filter(function (b) { return b.checked; }).length;
    var all = document.querySelector("[data-select-page]");
    if (all) {
      all.checked = boxes.length > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    }
    var count = document.querySelector("[data-selected-count]");
    if (count) count.textContent = checked ? "(" + checked + " selected)" : "";
  }
  function showActionFields() {
    var select = document.querySelector("[data-bulk-action]");
    if (!select) return;
    document.querySelectorAll("[data-for-action]").forEach(function (el) {
      var wanted = el.getAttribute("data-for-action").split(" ");
      el.hidden = wanted.indexOf(select.value) < 0;
    });
  }
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el.matches("[data-select-page]")) {
      rowBoxes().forEach(function (b) { b.checked = el.checked; });
      sync();
    } else if (el.matches("input.row-select")) {
      sync();
    } else if (el.matches("[data-bulk-action]")) {
      showActionFields();
    }
  });
  document.addEventListener("htmx:afterSettle", sync);

  /* "Export CSV" exports what the list shows, and the bulk form posts to an address
     that leads back to it (an answer with errors, opened again, shows the same filter):
     both follow the filter in the address bar. */
  function followFilter() {
    var link = document.getElementById("export-link");
    if (link) link.href = link.getAttribute("data-export-base") + window.location.search;
    var bulk = document.getElementById("bulk-form");
    if (bulk) bulk.action = bulk.getAttribute("data-action-base") + window.location.search;
  }
  document.addEventListener("htmx:pushedIntoHistory", followFilter);
  document.addEventListener("htmx:replacedInHistory", followFilter);

  /* The inline rating editor replaces its row, and the element that had focus goes with
     it. Opening the editor focuses its first field (autofocus); an answer with errors
     focuses the first field in error; saving or cancelling focuses the row's "Edit
     ratings" link again, so the keyboard stays where it was. */
  var swappedRow = null;
  document.addEventListener("htmx:beforeRequest", function (e) {
    var target = e.detail && e.detail.target;
    swappedRow = target && target.matches && target.matches("tr[id^='stakeholder-']")
      ? target.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var row = swappedRow && document.getElementById(swappedRow);
    swappedRow = null;
    if (!row) return;
    var focus = row.classList.contains("rating-edit-row")
      ? row.querySelector("[aria-invalid='true']")
      : row.querySelector(".col-actions a");
    if (focus) focus.focus();
  });

  /* Sorting and paging replace the rows and their headings. After a sort, focus the same
     column's heading again; after a page link, the new page's "Showing ... of ..." line,
     scrolled to the top, so the reader starts at the new page's first rows. */
  var after = null;
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    after = null;
    if (!elt || !elt.closest || !elt.closest("#stakeholder-rows")) return;
    var th = elt.closest("th");
    if (elt.matches(".sort-link") && th) after = { column: th.cellIndex };
    else if (elt.closest(".list-pages")) after = { page: true };
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail && e.detail.target, was = after;
    if (!was || !target || target.id !== "stakeholder-rows") return;
    after = null;
    var to = null;
    if (was.column !== undefined) {
      var th = target.querySelectorAll("thead th")[was.column];
      to = th && th.querySelector(".sort-link");
    } else {
      to = target.querySelector(".list-count");
      if (to) to.setAttribute("tabindex", "-1");
    }
    if (!to) return;
    to.focus({ preventScroll: true });
    to.scrollIntoView({ block: "start" });
  });

  document.addEventListener("DOMContentLoaded", function () {
    showActionFields();
    sync();
  });
})();
