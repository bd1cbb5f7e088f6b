/* Small progressive enhancements; every page works without this file. */
(function () {
  "use strict";
  // Close an open <details> menu on Escape or when clicking elsewhere.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      d.removeAttribute("open");
      var s = d.querySelector("summary");
      if (s) s.focus();
    });
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.menu[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });
  // A plain form says which district its page was drawn for, so a write sent after the
  // user switched district in another tab is refused instead of landing in the other
  // district (htmx requests say so in a header; see <body hx-headers>).
  document.addEventListener("submit", function (e) {
    var district = document.body.getAttribute("data-district"), form = e.target;
    if (!district || (form.method || "").toLowerCase() !== "post") return;
    var field = form.querySelector("input[name='_district']");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "_district";
      form.appendChild(field);
    }
    field.value = district;
  }, true);
  // Buttons and forms with data-confirm ask before a destructive action.
  // The message may sit on the button that submits a shared form (form="...").
  document.addEventListener("submit", function (e) {
    var form = e.target, button = e.submitter;
    var asker = button && button.hasAttribute("data-confirm") ? button : form;
    // htmx asks through htmx:confirm below; asking here too would ask twice.
    if (window.htmx && asker.hasAttribute("hx-post")) return;
    var msg = asker.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); return; }
    // A long plain-form request (data-busy): say it is under way and don't send it twice.
    var busy = form.getAttribute("data-busy");
    if (busy) {
      window.setTimeout(function () {  // after the browser has taken the submitter's value
        if (e.defaultPrevented) return;
        form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        var status = form.querySelector("[data-busy-status]");
        if (status) status.textContent = busy;
      }, 0);
    }
  }, true);
  // Back to a page whose long request was under way (the browser's back/forward cache
  // keeps it as it was): its buttons work again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      var status = form.querySelector("[data-busy-status]");
      if (status) status.textContent = "";
    });
  });
  // Escape in an editor opened in place ([data-cancel-scope]) cancels it, as its Cancel
  // link ([data-cancel]) does; unless something inside used the key (a typeahead's list).
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !e.target.closest) return;
    var scope = e.target.closest("[data-cancel-scope]");
    var cancel = scope && scope.querySelector("[data-cancel]");
    if (!cancel) return;
    window.setTimeout(function () {
      if (!e.defaultPrevented && cancel.isConnected) cancel.click();
    }, 0);
  });
  // A page answered with errors (422): the keyboard starts at the first field in error.
  document.addEventListener("DOMContentLoaded", function () {
    var a = document.activeElement;
    if (a && a !== document.body) return;  // autofocus has placed it already
    var bad = document.querySelector("main [aria-invalid='true']");
    if (bad) bad.focus();
  });
  document.addEventListener("htmx:confirm", function (e) {
    var el = e.detail.elt;
    var msg = el && el.getAttribute("data-confirm");
    if (!msg) return;
    e.preventDefault();
    if (window.confirm(msg)) e.detail.issueRequest(true);
  });
})();
/* When an htmx request fails (403, 404, 500, network), say so instead of doing nothing. */
(function () {
  "use strict";
  function say(text) {
    var box = document.getElementById("flashes");
    if (!box) return;
    var div = document.createElement("div");
    div.className = "flash flash-error";
    div.setAttribute("role", "alert");
    div.textContent = text;
    box.appendChild(div);
  }
  document.addEventListener("htmx:responseError", function (e) {
    var status = e.detail.xhr ? e.detail.xhr.status : 0;
    var messages = {
      400: "That request was not accepted. Reload the page and try again.",
      403: "Your role in this district does not allow that.",
      404: "That record no longer exists.",
      412: "You switched district in another tab, so nothing was saved here. Reload this page to work in the district you switched to.",
      413: "That file is too large.",
      429: "Too many attempts. Wait a moment and try again."
    };
    say(messages[status] || "Something went wrong; nothing was changed. Try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    say("Could not reach the server. Check your connection and try again.");
  });
})();
/* After htmx replaces the part of the page that had the keyboard focus (a card saved or
   cancelled, a row's Done or status button, an inline editor opened), focus would fall
   back to <body> and a keyboard user would start again from the top. Put it in the new
   content instead: on a field in error, else the element marked autofocus, else its first
   field (an editor just opened), else its first control, else the region itself. Pages
   with their own rule (the list's rating editor, the map, the board) set the focus
   first, and are left alone. */
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), " +
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
  var FIELDS = "input:not([type=hidden]):not([type=checkbox]):not([type=radio])" +
    ":not([type=submit]):not([type=button]):not([disabled]), select:not([disabled]), " +
    "textarea:not([disabled])";
  var pending = [];  // swaps that took the focused element with them, until they settle
  function lost() {
    var a = document.activeElement;
    return !a || a === document.body || !a.isConnected;
  }
  // Laid out, and not inside a closed <details> (whose fields Chromium may report as laid
  // out, though focus() on them does nothing), except that details' own summary.
  function visible(el) {
    if (!el.getClientRects().length) return false;
    var closed = el.closest("details:not([open])");
    if (!closed) return true;
    var summary = el.closest("summary");
    return !!summary && summary.parentElement === closed;
  }
  document.addEventListener("htmx:beforeSwap", function (e) {
    // Only where the focus is (a panel loading itself has nothing of the reader's).
    var target = e.detail.target, active = document.activeElement;
    if (target && !lost() && target.contains(active)) {
      pending.push({ id: target.id, target: target });
    }
  });
  function place(region) {
    if (!lost()) return;
    var placed = ["[aria-invalid='true']", "[autofocus]", FIELDS, FOCUSABLE].some(
      function (selector) {
        return [].filter.call(region.querySelectorAll(selector), visible).some(function (el) {
          el.focus();
          return document.activeElement === el;  // else it could not take the focus
        });
      });
    if (!placed) {
      if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "-1");
      region.focus();
    }
  }
  // Other swaps (a panel loading on its own) may settle in between: wait for this one's.
  document.addEventListener("htmx:afterSettle", function (e) {
    var settled = e.detail.target;
    var mine = pending.filter(function (w) {
      return w.target === settled || (w.id && settled && w.id === settled.id);
    });
    if (!mine.length) return;
    pending = pending.filter(function (w) { return mine.indexOf(w) < 0; });
    var w = mine[mine.length - 1];
    var region = (w.id && document.getElementById(w.id)) || (settled.isConnected && settled);
    // After the page's own afterSettle handlers, which know better where focus belongs.
    if (region) window.setTimeout(function () { place(region); }, 0);
  });
})();
