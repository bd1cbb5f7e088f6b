/* The map: tooltips drawn above every dot, and re-rating by moving a dot (arrow keys or
   drag) for editors. Only dots with data-move-url can move; the server checks the role
   anyway. The panel (#map-panel) is swapped by htmx; focus returns to the moved dot. */
(function () {
  "use strict";
  var PANEL_ID = "map-panel";
  var KEYS = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [1, 0], ArrowDown: [-1, 0] };
  /* One move is sent at a time (the next needs the version this one returns): `moving`
     is the move on its way, `queued` where arrow presses made meanwhile take that dot
     next (counted from where it is going, so two quick presses move two cells). */
  var moving = null;
  var queued = null;
  var refocusId = null;
  var drag = null;
  var suppressClick = false;

  function num(el, name) { return parseInt(el.getAttribute(name), 10); }
  function movableDot(target) {
    return target && target.closest ? target.closest(".dot[data-move-url]") : null;
  }

  function announce(text) {
    var status = document.getElementById("map-status");
    if (!status || !text) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 30);
  }

  /* Tooltip layer: one copy of the hovered or focused dot's tip, painted last. */
  function showTip(dot) {
    var layer = document.getElementById("map-tip-layer");
    var tip = dot && dot.querySelector(".dot-tip");
    if (!layer) return;
    layer.textContent = "";
    if (tip && !drag) layer.appendChild(tip.cloneNode(true));
  }
  function focusedDot() {
    var el = document.activeElement;
    return el && el.classList && el.classList.contains("dot") ? el : null;
  }
  document.addEventListener("focusin", function (e) {
    var dot = e.target.closest && e.target.closest(".dot");
    if (dot) showTip(dot);
  });
  document.addEventListener("focusout", function () { showTip(null); });
  document.addEventListener("mouseover", function (e) {
    var dot = e.target.closest && e.target.closest(".dot");
    if (dot) showTip(dot);
  });
  document.addEventListener("mouseout", function (e) {
    var dot = e.target.closest && e.target.closest(".dot");
    if (dot && !dot.contains(e.relatedTarget)) showTip(focusedDot());
  });

  /* Moving: the server answers with the refreshed panel. */
  function reset(dot) {
    dot.removeAttribute("transform");
    dot.classList.remove("is-moving", "is-dragging");
  }
  function dotName(dot) {
    return (dot.getAttribute("aria-label") || "This stakeholder").split(" — ")[0];
  }
  function onGrid(influence, interest) {
    return influence >= 1 && influence <= 5 && interest >= 1 && interest <= 5;
  }
  function send(dot, influence, interest) {
    if (moving) return;
    if (typeof htmx === "undefined") { reset(dot); return; }
    if (!onGrid(influence, interest)) {
      announce(dotName(dot) + " is already at the edge of the grid.");
      reset(dot);
      return;
    }
    if (influence === num(dot, "data-influence") && interest === num(dot, "data-interest")) {
      reset(dot);
      return;
    }
    var move = { id: dot.id, influence: influence, interest: interest, settled: false };
    moving = move;
    refocusId = dot.id;
    dot.classList.add("is-moving");
    // Normally settled by the answer's mapMoved event (which says whether it moved); a
    // request that failed outright has none, and drops what was pressed meanwhile.
    var done = function () {
      if (dot.isConnected) reset(dot);
      settle(move, false);
    };
    htmx.ajax("POST", dot.getAttribute("data-move-url") + window.location.search, {
      source: dot,
      target: "#" + PANEL_ID,
      swap: "innerHTML",
      values: { influence: influence, interest: interest, version: dot.getAttribute("data-version") }
    }).then(done, done);
  }
  /* A move answered: send the presses made meanwhile from the refreshed dot (its new
     version), or drop them when it did not move (a conflict or refusal was announced,
     and the map shows where the dot is now). */
  function settle(move, moved) {
    if (move.settled) return;
    move.settled = true;
    if (moving === move) moving = null;
    var next = queued;
    queued = null;
    showDrop(document.getElementById("map-svg"), null);  // where it was queued to go
    if (!next || !moved) return;
    var dot = document.getElementById(next.id);
    // Gone when its new cell shows a count, or the filter no longer keeps it.
    if (dot && dot.hasAttribute("data-move-url")) send(dot, next.influence, next.interest);
  }
  /* An arrow press while the dot's move is on its way: counted from where it is going. */
  function queue(dot, step) {
    var from = queued || moving;
    var influence = from.influence + step[0], interest = from.interest + step[1];
    if (!onGrid(influence, interest)) {
      announce(dotName(dot) + " is already at the edge of the grid.");
      return;
    }
    queued = { id: dot.id, influence: influence, interest: interest };
    showDrop(dot.ownerSVGElement, cellBox(dot.ownerSVGElement, influence, interest));
  }

  document.addEventListener("keydown", function (e) {
    var dot = movableDot(e.target);
    var step = KEYS[e.key];
    if (!dot || !step || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    if (moving) {
      if (moving.id === dot.id) queue(dot, step);
      return;  // another dot waits until this one has landed
    }
    send(dot, num(dot, "data-influence") + step[0], num(dot, "data-interest") + step[1]);
  });

  /* Dragging to another cell (mouse, pen or touch). */
  function svgPoint(svg, e) {
    var pt = svg.createSVGPoint();
    pt.x = e.clientX;
    pt.y = e.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  function cellAt(svg, p) {
    var left = parseFloat(svg.getAttribute("data-grid-left"));
    var top = parseFloat(svg.getAttribute("data-grid-top"));
    var size = parseFloat(svg.getAttribute("data-cell"));
    var col = Math.floor((p.x - left) / size);
    var row = Math.floor((p.y - top) / size);
    if (col < 0 || col > 4 || row < 0 || row > 4) return null;
    return { influence: 5 - row, interest: col + 1, x: left + col * size, y: top + row * size };
  }
  function cellBox(svg, influence, interest) {
    if (!svg) return null;
    var size = parseFloat(svg.getAttribute("data-cell"));
    return { x: parseFloat(svg.getAttribute("data-grid-left")) + (interest - 1) * size,
             y: parseFloat(svg.getAttribute("data-grid-top")) + (5 - influence) * size };
  }
  function showDrop(svg, cell) {
    var drop = svg && svg.querySelector("#map-drop");
    if (!drop) return;
    if (!cell) { drop.classList.remove("is-active"); return; }
    drop.setAttribute("x", cell.x);
    drop.setAttribute("y", cell.y);
    drop.classList.add("is-active");
  }

  document.addEventListener("dragstart", function (e) {
    if (e.target.closest && e.target.closest(".dot")) e.preventDefault();
  });
  document.addEventListener("pointerdown", function (e) {
    suppressClick = false;
    var dot = movableDot(e.target);
    if (!dot || e.button !== 0 || moving || !dot.ownerSVGElement) return;
    drag = { dot: dot, svg: dot.ownerSVGElement, id: e.pointerId, x: e.clientX, y: e.clientY,
             start: svgPoint(dot.ownerSVGElement, e), moved: false };
  });
  document.addEventListener("pointermove", function (e) {
    if (!drag || e.pointerId !== drag.id) return;
    if (!drag.moved) {
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) < 6) return;
      drag.moved = true;
      drag.dot.classList.add("is-dragging");
      drag.dot.focus({ preventScroll: true });
      showTip(null);
      try { drag.dot.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ }
    }
    var p = svgPoint(drag.svg, e);
    drag.dot.setAttribute("transform",
      "translate(" + (p.x - drag.start.x).toFixed(1) + " " + (p.y - drag.start.y).toFixed(1) + ")");
    showDrop(drag.svg, cellAt(drag.svg, p));
  });
  function endDrag(e, cancelled) {
    if (!drag || e.pointerId !== drag.id) return;
    var d = drag;
    drag = null;
    if (!d.moved) return;
    suppressClick = true;
    showDrop(d.svg, null);
    var cell = cancelled ? null : cellAt(d.svg, svgPoint(d.svg, e));
    if (!cell) { reset(d.dot); return; }
    send(d.dot, cell.influence, cell.interest);
  }
  document.addEventListener("pointerup", function (e) { endDrag(e, false); });
  document.addEventListener("pointercancel", function (e) { endDrag(e, true); });
  document.addEventListener("click", function (e) {
    // A drag ends with a click on the link; it must not open the profile.
    if (suppressClick && e.target.closest && e.target.closest(".dot")) e.preventDefault();
    suppressClick = false;
  }, true);

  /* After the server's answer: focus the moved dot again and announce what happened. */
  function refocus(id) {
    var target = (id && document.getElementById(id)) || document.getElementById("map-svg");
    if (!target) return;
    target.focus({ preventScroll: true });
    revealInFrame(target);
  }
  /* The frame kept its scroll (below), but a dot moved sideways may now sit outside it:
     scroll the frame, not the page, just enough to show it with a margin. */
  function revealInFrame(dot) {
    var f = dot.closest && dot.closest(".map-scroll");
    if (!f || f.scrollWidth <= f.clientWidth || !dot.classList.contains("dot")) return;
    var box = f.getBoundingClientRect(), r = dot.getBoundingClientRect(), margin = 24;
    if (r.left < box.left + margin) f.scrollLeft -= box.left + margin - r.left;
    else if (r.right > box.right - margin) f.scrollLeft += r.right - (box.right - margin);
  }
  /* On a phone the grid scrolls sideways in its frame: a move or a filter redraws the
     panel, and the frame keeps where the reader had scrolled it. */
  var frameLeft = 0;
  function frame(target) { return target && target.querySelector(".map-scroll"); }
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (!e.detail || !e.detail.target || e.detail.target.id !== PANEL_ID) return;
    var f = frame(e.detail.target);
    frameLeft = f ? f.scrollLeft : 0;
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (!e.detail || !e.detail.target || e.detail.target.id !== PANEL_ID) return;
    var f = frame(e.detail.target);
    if (f) f.scrollLeft = frameLeft;
    if (refocusId) refocus(refocusId);
  });
  document.addEventListener("mapMoved", function (e) {
    var detail = e.detail || {};
    announce(detail.message);
    refocus(detail.focus || refocusId);
    refocusId = null;
    if (moving) settle(moving, detail.moved === true);
  });

  var panel = document.getElementById(PANEL_ID);
  if (panel) panel.classList.add("js-map");
  /* The filters fold away on a phone (so the grid comes first) unless one is in use. */
  var fold = document.querySelector(".map-filter-fold");
  if (fold && window.matchMedia("(max-width: 720px)").matches) {
    var used = [].some.call(fold.querySelectorAll("input, select"), function (el) {
      return el.type !== "submit" && el.type !== "hidden" && el.value;
    });
    if (!used) fold.removeAttribute("open");
  }
})();
