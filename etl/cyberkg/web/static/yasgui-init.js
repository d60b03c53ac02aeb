// The query UI at `/`: YASGUI against this server's /sparql, canned queries as tabs.
// Everything it needs comes from this server; the page's Content-Security-Policy (connect-src 'self')
// backs that up.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("cyberkg-config").textContent);
  var Yasqe = Yasgui.Yasqe;

  // Class and property completion from this graph's own terms. Yasqe's stock completers ask
  // Linked Open Vocabularies over the network, which this page must never do.
  Yasqe.forkAutocompleter("class", {
    name: "local-class", bulk: true, persistenceId: null,
    get: function () { return cfg.terms.classes; }
  }, false);
  Yasqe.forkAutocompleter("property", {
    name: "local-property", bulk: true, persistenceId: null,
    get: function () { return cfg.terms.properties; }
  }, false);
  Yasqe.defaults.autocompleters = ["variables", "prefixes", "local-class", "local-property"];
  Yasqe.defaults.prefixCcApi = null;

  var endpoint = new URL(cfg.endpoint, window.location.href).href;
  var request = { endpoint: endpoint, method: "POST" };
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: request,
    copyEndpointOnNewTab: true,
    persistenceId: null,          // fresh tabs on every load: the canned set, not a stale copy
    populateFromUrl: false,
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: Yasqe.defaults.autocompleters, prefixCcApi: null, persistenceId: null },
  });
  cfg.tabs.forEach(function (t, i) {
    yasgui.addTab(i === 0, { name: t.name, yasqe: { value: t.query }, requestConfig: request });
  });
  window.cyberkgYasgui = yasgui;
})();

// Result tables show values plainly (issue 17): a literal is its text, with its datatype or
// language on hover (not `"324000"^^<http://www.w3.org/2001/XMLSchema#integer>`); an IRI is its
// compact name (the project's prefixes), and an IRI of this graph links to its entity page here.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("cyberkg-config").textContent);
  var table = window.Yasgui && Yasgui.Yasr && Yasgui.Yasr.plugins && Yasgui.Yasr.plugins.table;
  if (!table) { return; }
  var PREFIXES = Object.keys(cfg.prefixes).map(function (p) { return [p, cfg.prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function compact(iri) {
    for (var i = 0; i < PREFIXES.length; i++) {
      var ns = PREFIXES[i][1];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length) { return PREFIXES[i][0] + ":" + iri.slice(ns.length); }
    }
    return iri;
  }
  table.prototype.getCellContent = function (b) {
    if (b.type === "uri") {
      var href = b.value.indexOf(cfg.entityBase) === 0 ? "/id/" + b.value.slice(cfg.entityBase.length) : b.value;
      return '<div><a class="iri" href="' + esc(href) + '" title="' + esc(b.value) + '">' + esc(compact(b.value)) + "</a></div>";
    }
    if (b.type === "bnode") { return "<div>_:" + esc(b.value) + "</div>"; }
    var tip = b["xml:lang"] ? "@" + b["xml:lang"] : b.datatype ? compact(b.datatype) : "";
    if (!tip) { return '<div><span class="nonIri">' + esc(b.value) + "</span></div>"; }
    return '<div><span class="nonIri dtv" title="' + esc(tip) + '">' + esc(b.value) + "</span></div>";
  };
})();
