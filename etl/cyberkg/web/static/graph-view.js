// /graph/ISO3: one country's institutions and instruments drawn with cytoscape.js and the fCoSE
// layout (both served by this server).  The elements (/graph/ISO3.json) are the export
// projection with every node plus the lifted links; the page shows the entity kinds and hides
// statements and reference concepts until a kind is ticked or a node is double-clicked.
// Colours and shapes come with the page (cyberkg.outputs.style), the same as in the exports.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("cyberkg-config").textContent);
  var status = document.getElementById("status");
  var legendBox = document.getElementById("legend");
  var ID = "https://w3id.org/cyberkg/id/";
  var KIND = {};
  cfg.kinds.forEach(function (k, i) { k.order = i; KIND[k.name] = k; });
  if (window.cytoscapeFcose) { cytoscape.use(window.cytoscapeFcose); }

  function visibleKind(name) {
    var box = legendBox.querySelector('input[data-kind="' + name + '"]');
    return box ? box.checked : false;
  }

  // Labels: a label that would overlap one already placed (country first, then by degree) is
  // hidden (class "quiet") and shown on hover; zooming in re-places them, so more appear.
  function placeLabels(cy) {
    var nodes = cy.nodes(":visible").sort(function (a, b) {
      var ka = a.data("kind") === "Country" ? 1 : 0, kb = b.data("kind") === "Country" ? 1 : 0;
      return (kb - ka) || (b.degree() - a.degree()) || (a.id() < b.id() ? -1 : 1);
    });
    cy.batch(function () { nodes.removeClass("quiet"); });
    var placed = [];
    var quiet = [];
    nodes.forEach(function (n) {
      var bb = n.renderedBoundingBox({ includeNodes: false, includeLabels: true, includeOverlays: false });
      var hit = bb.w > 0 && placed.some(function (p) {
        return bb.x1 < p.x2 + 2 && bb.x2 + 2 > p.x1 && bb.y1 < p.y2 + 1 && bb.y2 + 1 > p.y1;
      });
      if (hit) { quiet.push(n); } else if (bb.w > 0) { placed.push(bb); }
    });
    // node bodies block labels too: a label may not cover another node
    cy.batch(function () { cy.collection(quiet).addClass("quiet"); });
    return quiet.length;
  }

  function layout(cy, done) {
    var els = cy.elements(":visible");
    var l = els.layout({ name: window.cytoscapeFcose ? "fcose" : "cose", animate: false, randomize: true,
                         quality: "proof", nodeDimensionsIncludeLabels: true, packComponents: true,
                         idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 9000; },
                         nodeSeparation: 80, numIter: 2500, fit: true, padding: 30 });
    l.one("layoutstop", function () { cy.fit(els, 30); placeLabels(cy); if (done) { done(); } });
    l.run();
  }

  function applyToggles(cy) {
    cy.batch(function () {
      var shown = {};
      cy.nodes().forEach(function (n) {
        var show = visibleKind(n.data("kind")) || n.hasClass("expanded");
        shown[n.id()] = show;
      });
      // as in the entity export: a node none of whose neighbours is shown is left out (the ITU
      // as the publisher of statistics), except the country itself
      cy.nodes().forEach(function (n) {
        var linked = n.neighborhood().nodes().some(function (m) { return shown[m.id()] && m.id() !== n.id(); });
        var keep = shown[n.id()] && (linked || n.data("kind") === "Country" || n.hasClass("expanded"));
        n.toggleClass("hidden", !keep);
      });
    });
  }

  function countLine(cy) {
    var shown = cy.nodes().not(".hidden").length, all = cy.nodes().length;
    status.textContent = shown + " of " + all + " nodes shown, " + cy.edges().filter(function (e) { return !e.source().hasClass("hidden") && !e.target().hasClass("hidden"); }).length + " links. " +
      (all > shown ? "Statements and reference concepts are hidden: tick them below or double-click a node." : "");
    document.body.dataset.shown = String(shown);
  }

  fetch(cfg.data, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + " " + t); }); }
      return r.json();
    })
    .then(function (data) {
      var els = data.elements;
      var counts = {};
      els.nodes.forEach(function (n) { counts[n.data.kind] = (counts[n.data.kind] || 0) + 1; });
      var style = [
        { selector: "node", style: { label: "data(label)", "font-size": 10, color: "#222", "text-wrap": "ellipsis",
          "text-max-width": 120, "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3,
          "text-background-color": "#fff", "text-background-opacity": 0.75, "text-background-padding": 1,
          "min-zoomed-font-size": 6, width: 18, height: 18, "background-color": "data(color)",
          "border-width": 1, "border-color": "#fff" } },
        { selector: "node.quiet", style: { "text-opacity": 0, "text-background-opacity": 0 } },
        { selector: "node.quiet.hover, node:selected", style: { "text-opacity": 1, "text-background-opacity": 0.9,
          "z-index": 99 } },
        { selector: "node.hidden", style: { display: "none" } },
        { selector: "edge", style: { width: 1, "line-color": "#c3c3c3", "target-arrow-color": "#c3c3c3",
          "target-arrow-shape": "triangle", "arrow-scale": 0.6, "curve-style": "bezier" } },
        { selector: "edge.hover", style: { label: "data(label)", "font-size": 8, color: "#555", width: 2,
          "line-color": "#888", "text-rotation": "autorotate", "text-background-color": "#fff",
          "text-background-opacity": 0.8 } },
        { selector: 'node[kind = "Country"]', style: { width: 34, height: 34, "font-size": 13, "font-weight": "bold" } },
      ];
      cfg.kinds.forEach(function (k) {
        style.push({ selector: 'node[kind = "' + k.name + '"]', style: { shape: k.shape } });
      });
      // the legend: each kind present, its colour and count, a toggle; entity kinds ticked
      cfg.kinds.forEach(function (k) {
        if (!counts[k.name]) { return; }
        var item = document.createElement("label");
        item.className = "kind" + (k.entity ? "" : " detail");
        item.dataset.kind = k.name;
        var box = document.createElement("input");
        box.type = "checkbox";
        box.checked = k.entity;
        box.dataset.kind = k.name;
        var sw = document.createElement("span");
        sw.className = "swatch";
        sw.style.backgroundColor = k.colour;
        item.appendChild(box);
        item.appendChild(sw);
        item.appendChild(document.createTextNode(k.name + " (" + counts[k.name] + ")"));
        legendBox.appendChild(item);
      });
      var cy = cytoscape({ container: document.getElementById("cy"), elements: els, style: style,
                           layout: { name: "preset" }, wheelSensitivity: 0.3, minZoom: 0.2, maxZoom: 4 });
      window.cyberkgGraph = cy;
      applyToggles(cy);
      countLine(cy);
      legendBox.addEventListener("change", function () {
        applyToggles(cy);
        countLine(cy);
        layout(cy, function () {
          countLine(cy);
          document.body.dataset.laidOut = String(Number(document.body.dataset.laidOut || 0) + 1);
        });
      });
      cy.on("mouseover", "node", function (e) { e.target.addClass("hover"); e.target.connectedEdges().addClass("hover"); });
      cy.on("mouseout", "node", function (e) { e.target.removeClass("hover"); e.target.connectedEdges().removeClass("hover"); });
      var zoomTimer = null;
      cy.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(function () { placeLabels(cy); }, 120); });
      // one tap: the entity page; a double tap: show the node's hidden neighbours
      cy.on("onetap", "node", function (e) {
        var iri = e.target.id();
        if (iri.indexOf(ID) === 0) { window.location.href = "/id/" + iri.slice(ID.length); }
      });
      cy.on("dbltap", "node", function (e) {
        var hood = e.target.closedNeighborhood().nodes();
        hood.addClass("expanded");
        applyToggles(cy);
        countLine(cy);
        layout(cy, function () { countLine(cy); document.body.dataset.expanded = e.target.id(); });
      });
      window.cyberkgView = { placeLabels: function () { return placeLabels(cy); }, layout: function (f) { layout(cy, f); } };
      layout(cy, function () {
        countLine(cy);
        document.body.dataset.rendered = String(els.nodes.length);
      });
    })
    .catch(function (e) {
      status.textContent = "Could not load the graph: " + e.message;
      document.body.dataset.rendered = "error";
    });
})();
