"""Browser pages with scripts: the YASGUI query UI at `/` and the static files they load.

Front-end packages come from npm (`package.json`, installed by `npm ci` into `node_modules/`) and
are served by this server from an explicit allow-list: no CDN, no directory listing, no path from
the request ever reaches the file system.  Pages carry a Content-Security-Policy that only allows
this origin, so a library that tried to fetch from elsewhere would be stopped by the browser.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ..store.build import ROOT
from .pages import NAV

NODE_MODULES = ROOT / "node_modules"
STATIC_DIR = Path(__file__).resolve().parent / "static"

# name served under /static/ -> file, and its media type
ASSETS: dict[str, tuple[Path, str]] = {
    "yasgui.min.js": (NODE_MODULES / "@zazuko/yasgui/build/yasgui.min.js", "text/javascript; charset=utf-8"),
    "yasgui.min.css": (NODE_MODULES / "@zazuko/yasgui/build/yasgui.min.css", "text/css; charset=utf-8"),
    "cytoscape.min.js": (NODE_MODULES / "cytoscape/dist/cytoscape.min.js", "text/javascript; charset=utf-8"),
    # the fCoSE layout (Bilkent) and the two libraries it is built on, as UMD globals
    "layout-base.js": (NODE_MODULES / "layout-base/layout-base.js", "text/javascript; charset=utf-8"),
    "cose-base.js": (NODE_MODULES / "cose-base/cose-base.js", "text/javascript; charset=utf-8"),
    "cytoscape-fcose.js": (NODE_MODULES / "cytoscape-fcose/cytoscape-fcose.js", "text/javascript; charset=utf-8"),
    "yasgui-init.js": (STATIC_DIR / "yasgui-init.js", "text/javascript; charset=utf-8"),
    "graph-view.js": (STATIC_DIR / "graph-view.js", "text/javascript; charset=utf-8"),
}

# 'unsafe-inline' styles: CodeMirror and YASR position elements with style attributes.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def missing_assets(names=("yasgui.min.js", "yasgui.min.css")) -> list[str]:
    return [str(ASSETS[n][0]) for n in names if not ASSETS[n][0].is_file()]


def local_terms(store) -> dict[str, list[str]]:
    """Classes and properties for autocompletion: those the ontology declares and those the data uses."""
    classes = {s["c"].value for s in store.query(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?c { { ?c a owl:Class } UNION { ?c a rdfs:Class } UNION { [] a ?c } FILTER isIRI(?c) }",
        use_default_graph_as_union=True)}
    props = {s["p"].value for s in store.query(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT DISTINCT ?p { { ?p a owl:ObjectProperty } UNION { ?p a owl:DatatypeProperty } "
        "UNION { ?p a owl:AnnotationProperty } UNION { ?p a rdf:Property } UNION { [] ?p [] } FILTER isIRI(?p) }",
        use_default_graph_as_union=True)}
    return {"classes": sorted(classes), "properties": sorted(props)}


def _json_script(data) -> str:
    # Inside <script>, "</" would end the element: escape the characters HTML cares about.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def yasgui_page(catalogue, terms: dict[str, list[str]]) -> bytes:
    missing = missing_assets()
    if missing:
        body = ("<h1>cyberkg</h1><p class=warn>The query UI needs its front-end packages, which are not "
                "installed: run <code>npm ci</code> in the project directory, then restart the server. "
                f"Missing: {', '.join(escape(m) for m in missing)}.</p>"
                '<p>Meanwhile: <a href="/queries">canned queries</a>, and the SPARQL endpoint at '
                "<code>/sparql</code> for any client.</p>")
        return _page("cyberkg — query", body)
    from ..store.queries import inline_example

    tabs = [{"name": q.name, "description": q.description, "query": inline_example(q)} for q in catalogue.values()]
    from ..graph.vocab import ID, PREFIXES

    config = {"endpoint": "/sparql", "tabs": tabs, "terms": terms, "prefixes": PREFIXES, "entityBase": ID}
    # the row number column gets room of its own, so "1" never runs into the first cell ("1BLZ")
    head = ('<link rel=stylesheet href="/static/yasgui.min.css"><style>'
            # YASR's own table rules set the cells' padding to 0; these must win over them
            ".yasr table.dataTable td,.yasr table.dataTable th{padding-left:.45em!important}"
            ".yasr table.dataTable td:first-child,.yasr table.dataTable th:first-child{padding-right:.9em!important;"
            "color:#888}.yasr td .dtv{border-bottom:1px dotted #bbb}"
            "</style>")
    body = (f'<div id=yasgui></div><script type="application/json" id="cyberkg-config">{_json_script(config)}</script>'
            '<script src="/static/yasgui.min.js"></script><script src="/static/yasgui-init.js"></script>')
    return _page("cyberkg — query", body, head)


GRAPH_SCRIPTS = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js", "graph-view.js")


def graph_page(iso3: str, name: str | None = None) -> bytes:
    """/graph/ISO3: the page; its script fetches /graph/ISO3.json (views.graph_json).  `name` is
    the country's label (the heading); the colours and shapes are style.py's, as in the exports."""
    from ..outputs.style import legend

    title = f"{name} ({iso3})" if name else iso3
    missing = missing_assets(GRAPH_SCRIPTS[:-1])
    if missing:
        return _page(f"cyberkg — {title} graph", "<p class=warn>The graph view needs its front-end packages: run "
                     f"<code>npm ci</code> in the project directory. Missing: {escape(', '.join(missing))}.</p>"
                     f'<p>The data: <a href="/graph/{escape(iso3)}.json">/graph/{escape(iso3)}.json</a>.</p>')
    config = {"iso3": iso3, "data": f"/graph/{iso3}.json", "kinds": legend()}
    head = ("<style>#cy{width:100%;height:78vh;border:1px solid #ddd;background:#fff}"
            "#legend{display:flex;flex-wrap:wrap;gap:.2em .9em;font-size:.85em;margin:.3em 0}"
            "#legend label{cursor:pointer;white-space:nowrap}#legend .swatch{display:inline-block;width:.9em;height:.9em;"
            "border-radius:2px;vertical-align:-.1em;margin:0 .3em 0 .15em}#legend .detail{color:#666}"
            "#help{font-size:.85em;color:#555;margin:.2em 0}</style>")
    body = (f'<h1 style="font-size:1.3em">{escape(title)}: institutions, instruments and how they connect</h1>'
            '<p id=help>Click a node for its page; double-click to show its statements and other neighbours; '
            'tick a kind to show or hide it. Labels that would overlap appear on hover or when you zoom in.</p>'
            f'<p id=status>Loading…</p><div id=legend></div><div id=cy></div>'
            f'<script type="application/json" id="cyberkg-config">{_json_script(config)}</script>'
            + "".join(f'<script src="/static/{n}"></script>' for n in GRAPH_SCRIPTS))
    return _page(f"cyberkg — {title} graph", body, head)


def graph_not_found_page(iso3: str) -> bytes:
    """/graph/XXX for a code that is not in the store: a page in the site's words (404)."""
    body = (f"<h1>No country {escape(iso3)} here</h1><p>There is no profile or policy of a country with the "
            f"ISO 3166-1 alpha-3 code <code>{escape(iso3)}</code> in this graph, so there is nothing to draw.</p>"
            '<p>The <a href="/matrix">indicator matrix</a> lists every country the graph holds; each row links to '
            "its graph.</p>")
    return _page(f"cyberkg — no country {iso3}", body)


def _page(title: str, body: str, head: str = "") -> bytes:
    style = ("<style>body{font-family:system-ui,sans-serif;margin:0 1em;color:#222}nav.ckg{padding:.6em 0;"
             "border-bottom:1px solid #ddd;margin-bottom:.5em}nav.ckg a{margin-right:1.2em}.warn{color:#a40}</style>")
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title><link rel=icon href='data:,'>{style}{head}"
            f"</head><body>{NAV}{body}</body></html>").encode("utf-8")
