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
