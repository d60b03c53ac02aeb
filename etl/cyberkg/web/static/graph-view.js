// /graph/ISO3: one country's neighbourhood drawn with cytoscape.js (served by this server).
// The elements are the export projection (`cyberkg export --format cytoscape --country ISO3`).
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("cyberkg-config").textContent);
  var status = document.getElementById("status");
  var ID = "https://w3id.org/cyberkg/id/";
  // One colour per kind of node; the legend is built from what is present.
  var PALETTE = ["#1565c0", "#2e7d32", "#c62828", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457",
                 "#4e342e", "#558b2f", "#283593", "#9e9d24", "#37474f"];

  fetch(cfg.data, { headers: { Accept: "application/json" } })
    .then(function (r) {
      if (!r.ok) { return r.text().then(function (t) { throw new Error(r.status + " " + t); }); }
      return r.json();
    })
    .then(function (data) {
      var els = data.elements;
      var kinds = {};
      els.nodes.forEach(function (n) {
        var t = (n.data.type || "other").split(" | ")[0];
        n.data.kind = t.replace(/^.*[#\/:]/, "");
        kinds[n.data.kind] = true;
      });
      var names = Object.keys(kinds).sort();
      var style = [
        { selector: "node", style: { label: "data(label)", "font-size": 7, "text-wrap": "ellipsis",
          "text-max-width": 90, "min-zoomed-font-size": 5, width: 14, height: 14, "background-color": "#777" } },
        { selector: "edge", style: { width: 0.8, "line-color": "#bbb", "target-arrow-color": "#bbb",
          "target-arrow-shape": "triangle", "arrow-scale": 0.5, "curve-style": "bezier" } },
        { selector: "node[?iso3166Alpha3]", style: { width: 30, height: 30, "font-size": 12, "font-weight": "bold" } },
      ];
      var legend = document.getElementById("legend");
      names.forEach(function (k, i) {
        var colour = PALETTE[i % PALETTE.length];
        style.push({ selector: 'node[kind = "' + k + '"]', style: { "background-color": colour } });
        var item = document.createElement("span");
        item.textContent = k;
        item.style.borderLeft = "1em solid " + colour;
        legend.appendChild(item);
      });
      var cy = cytoscape({ container: document.getElementById("cy"), elements: els, style: style,
                           layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: false } });
      cy.on("tap", "node", function (e) {
        var iri = e.target.id();
        if (iri.indexOf(ID) === 0) { window.location.href = "/id/" + iri.slice(ID.length); }
      });
      status.textContent = els.nodes.length + " nodes, " + els.edges.length + " edges. Click a node for its page.";
      window.cyberkgGraph = cy;
      document.body.dataset.rendered = String(els.nodes.length);
    })
    .catch(function (e) {
      status.textContent = "Could not load the graph: " + e.message;
      document.body.dataset.rendered = "error";
    });
})();
