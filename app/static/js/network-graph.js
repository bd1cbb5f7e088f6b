/* Draws the relationship graphs of the network pages with the vendored cytoscape.js.
 * The server renders each graph's data as JSON in a data-graph attribute; names are
 * drawn as text on a canvas (never parsed as HTML). Selecting a person opens their
 * profile at the URL the server gave. The table under each graph lists the same people,
 * so everything also works without this file. */
(function () {
  "use strict";
  var INK = "#1c2430";
  var MANY_LABELS = 60; // above this many people, names show on hover and for the centre

  function isLocalPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  function styles(labelAll) {
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          width: "data(size)",
          height: "data(size)",
          label: labelAll ? "data(label)" : "",
          "font-size": 11,
          color: INK,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-outline-color": "#ffffff",
          "text-outline-width": 2,
          "min-zoomed-font-size": 6,
          "border-width": 1,
          "border-color": "#ffffff"
        }
      },
      {
        selector: "node[?centre]",
        style: { label: "data(label)", "border-width": 4, "border-color": INK,
                 "font-weight": "bold", "font-size": 13, "z-index": 10 }
      },
      { selector: "node.is-pointed", style: { label: "data(label)", "z-index": 20,
                                             "border-width": 3, "border-color": INK } },
      {
        selector: "edge",
        style: { width: "data(width)", "line-color": "#8f9aa7", opacity: 0.75,
                 "curve-style": "haystack", "haystack-radius": 0 }
      },
      { selector: "edge.is-near", style: { "line-color": INK, opacity: 1 } }
    ];
  }

  // Force-directed, so clusters and the people between them show; no animation.
  var LAYOUT = {
    name: "cose", animate: false, fit: true, padding: 30, randomize: false,
    nodeRepulsion: function () { return 12000; },
    idealEdgeLength: function () { return 90; }
  };

  function draw(container) {
    if (container.getAttribute("data-drawn") || typeof window.cytoscape !== "function") return;
    container.setAttribute("data-drawn", "1");
    var data;
    try {
      data = JSON.parse(container.getAttribute("data-graph"));
    } catch (e) {
      return; // the table below still lists everyone
    }
    var elements = data.nodes.map(function (n) { return { group: "nodes", data: n }; })
      .concat(data.edges.map(function (e) { return { group: "edges", data: e }; }));
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      style: styles(data.nodes.length <= MANY_LABELS),
      minZoom: 0.2,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autounselectify: true
    });
    var layout = cy.layout(LAYOUT);
    layout.one("layoutstop", function () {
      // A small graph would fill the box at a huge zoom: cap the initial zoom instead.
      if (cy.zoom() > 1.25) {
        cy.zoom(1.25);
        cy.center();
      }
      container.setAttribute("data-ready", "1");
    });
    layout.run();
    container.cy = cy; // for the browser tests and the developer console
    var wrap = container.closest(".net-graph-wrap");
    if (wrap) wrap.classList.add("is-drawn");

    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (isLocalPath(url)) window.location.assign(url);
    });
    cy.on("mouseover", "node", function (event) {
      event.target.addClass("is-pointed");
      event.target.connectedEdges().addClass("is-near");
      container.classList.add("is-pointing");
    });
    cy.on("mouseout", "node", function (event) {
      event.target.removeClass("is-pointed");
      event.target.connectedEdges().removeClass("is-near");
      container.classList.remove("is-pointing");
    });
  }

  function drawWithin(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("[data-graph]")) draw(root);
    root.querySelectorAll("[data-graph]").forEach(draw);
  }

  drawWithin(document);
  // Graphs swapped in by htmx (the filter form replaces #network-view).
  document.addEventListener("htmx:load", function (event) { drawWithin(event.detail.elt); });
})();
