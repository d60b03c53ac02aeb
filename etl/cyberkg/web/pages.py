"""HTML pages of `cyberkg serve`: entity pages, canned-query list and result tables, the index.

Plain HTML, no scripts, every value escaped.  Links to entities of this graph point at the
server's own /id/... paths; other IRIs (Wikidata, vocabularies) are plain links, never fetched.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

from ..graph.vocab import ID, compact

_STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f3f3f3}code{font-size:.9em}.src{font-size:.85em;color:#555}
nav a{margin-right:1em}.dt{color:#777;font-size:.85em}
</style>"""

LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://purl.org/dc/terms/title",
    "https://w3id.org/cyberkg/ontology#fileName",
)
WIKIDATA = "http://www.wikidata.org/entity/"


# The one navigation bar of every page (these and ui.py's).
NAV = ('<nav class=ckg><a href="/">query UI</a><a href="/queries">canned queries</a><a href="/matrix">indicator matrix</a>'
       '<a href="/ontology">ontology</a><a href="/about">about</a><a href="/sparql">SPARQL endpoint</a></nav>')


def _doc(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>{_STYLE}</head>"
            f"<body>{NAV}{body}</body></html>").encode("utf-8")


def local_href(iri: str) -> str:
    """Where a browser should go for an IRI: our /id/ path for entities of this graph."""
    if iri.startswith(ID):
        return "/id/" + iri[len(ID):]
    return iri


def _iri_html(iri: str, label: str | None = None) -> str:
    text = label or compact(iri)
    title = f' title="{escape(iri)}"' if label or text != iri else ""
    return f'<a href="{escape(local_href(iri))}"{title}>{escape(text)}</a>'


def term_html(term, label_of=None) -> str:
    if term is None:
        return ""
    kind = type(term).__name__
    if kind == "NamedNode":
        return _iri_html(term.value, label_of(term) if label_of else None)
    if kind == "Literal":
        s = escape(term.value)
        if term.language:
            return f'{s} <span class=dt>@{escape(term.language)}</span>'
        dt = term.datatype.value
        if dt != "http://www.w3.org/2001/XMLSchema#string":
            return f'{s} <span class=dt>{escape(compact(dt))}</span>'
        return s
    if kind == "BlankNode":
        return escape("_:" + term.value)
    return escape(str(term))


def _label_lookup(store):
    from pyoxigraph import NamedNode

    preds = [NamedNode(p) for p in LABELS]
    cache: dict[str, str | None] = {}

    def label_of(node) -> str | None:
        if type(node).__name__ != "NamedNode":
            return None
        if node.value in cache:
            return cache[node.value]
        found = None
        if len(cache) < 2000:
            for p in preds:
                for q in store.quads_for_pattern(node, p, None, None):
                    found = q.object.value
                    break
                if found:
                    break
        cache[node.value] = found
        return found
    return label_of


def _formats_links(path: str, keys=(("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"),
                                    ("nq", "N-Quads"), ("trig", "TriG"), ("rdfxml", "RDF/XML"))) -> str:
    return " · ".join(f'<a href="{escape(path)}?format={k}">{n}</a>' for k, n in keys)


def entity_page(store, node, out_quads, in_quads, cap: int | None) -> bytes:
    label_of = _label_lookup(store)
    iri = node.value
    label = label_of(node) or compact(iri)
    # facts: (predicate, object) -> graphs it is stated in
    facts: dict = {}
    for q in out_quads[: cap or None]:
        facts.setdefault((q.predicate, q.object), []).append(q.graph_name)
    refs: dict = {}
    for q in in_quads[: cap or None]:
        refs.setdefault((q.subject, q.predicate), []).append(q.graph_name)
    graphs = sorted({g.value for gs in list(facts.values()) + list(refs.values()) for g in gs if hasattr(g, "value")})

    def src(gs) -> str:
        return ", ".join(_iri_html(g.value, label_of(g)) if hasattr(g, "value") else "default graph" for g in gs)

    wikidata = [o.value for (p, o) in facts if type(o).__name__ == "NamedNode" and o.value.startswith(WIKIDATA)]
    h = [f"<h1>{escape(label)}</h1><p><code>{escape(iri)}</code></p>"]
    if wikidata:
        h.append("<p>Wikidata: " + ", ".join(f'<a href="{escape(w)}">{escape(w[len(WIKIDATA):])}</a>' for w in wikidata) + "</p>")
    h.append("<p>As data: " + _formats_links(local_href(iri)) + "</p>")
    h.append(strategy_html(store, iri, label_of, cap))
    h.append("<h2>Statements</h2><table><tr><th>property</th><th>value</th><th>source (named graph)</th></tr>")
    for (p, o), gs in sorted(facts.items(), key=lambda kv: (compact(kv[0][0].value), str(kv[0][1]))):
        h.append(f"<tr><td>{_iri_html(p.value)}</td><td>{term_html(o, label_of)}</td><td class=src>{src(gs)}</td></tr>")
    h.append("</table>")
    if refs:
        h.append("<h2>Referenced by</h2><table><tr><th>subject</th><th>property</th><th>source (named graph)</th></tr>")
        for (s, p), gs in sorted(refs.items(), key=lambda kv: (compact(kv[0][1].value), str(kv[0][0])))[:1000]:
            h.append(f"<tr><td>{term_html(s, label_of)}</td><td>{_iri_html(p.value)}</td><td class=src>{src(gs)}</td></tr>")
        h.append("</table>")
        if len(refs) > 1000:
            h.append(f"<p>… and {len(refs) - 1000} more (use the SPARQL endpoint).</p>")
    if cap is not None and (len(out_quads) > cap or len(in_quads) > cap):
        h.append(f"<p><strong>Truncated at {cap} statements (--max-rows).</strong></p>")
    if graphs:
        h.append("<h2>Provenance</h2><ul>")
        for g in graphs:
            h.append(f"<li>{_iri_html(g, label_of(_nn(g)))} <code>{escape(g)}</code></li>")
        h.append("</ul>")
    return _doc(label, "".join(h))


_STRATEGY_PREFIXES = """PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _table_rows(store, select: str, cap: int | None) -> tuple[list, int | None]:
    """The rows of a SELECT over the union graph, at most `cap` of them (None: all), and how many
    it has in all when that is more than `cap` (else None): the page lists what --max-rows allows
    and says how many more there are."""
    limit = "" if cap is None else f" LIMIT {cap + 1}"
    rows = list(store.query(_STRATEGY_PREFIXES + select + limit, use_default_graph_as_union=True))
    if cap is None or len(rows) <= cap:
        return rows, None
    total = next(iter(store.query(_STRATEGY_PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {select} }}",
                                  use_default_graph_as_union=True)))["n"].value
    return rows[:cap], int(total)


def _more(total: int | None, shown: int, noun: str, select: str, cap: int | None) -> str:
    """The note under a table cut at --max-rows: how many rows are not shown, and a link to the
    next ones from the SPARQL endpoint (the same query, OFFSET past the rows shown)."""
    if total is None or cap is None:
        return ""
    q = _STRATEGY_PREFIXES + select + f" LIMIT {cap} OFFSET {shown}"
    href = "/sparql?" + urlencode({"query": q, "format": "csv"})
    return (f"<p class=more><strong>{total - shown} more {noun} not shown</strong> (this page lists at most {cap} "
            f"per table, --max-rows): <a href=\"{escape(href)}\">the next {cap}</a> (CSV) from the SPARQL endpoint, "
            f"whose query gives the others with another OFFSET.</p>")


def strategy_html(store, iri: str, label_of, cap: int | None = None) -> str:
    """For a national strategy document: its sections (with line ranges), the bodies, CIRTs, laws
    and conventions it names, and the indicators it addresses with their evidence passages; each
    table at most `cap` rows (the server's --max-rows) with a note of how many more there are."""
    from pyoxigraph import NamedNode

    doc = NamedNode(iri)
    q = _STRATEGY_PREFIXES + "ASK { {d} a ckg:NationalStrategyDocument }".replace("{d}", str(doc))
    if not store.query(q, use_default_graph_as_union=True):
        return ""
    h = []
    sel = """SELECT DISTINCT ?s ?label ?a ?b WHERE {
        ?s a ckg:StrategySection ; dct:isPartOf {d} ; rdfs:label ?label ; ckg:sourceLine ?a ; ckg:endLine ?b } ORDER BY ?a""".replace("{d}", str(doc))
    secs, total = _table_rows(store, sel, cap)
    rows = [f"<tr><td>{_iri_html(r['s'].value, r['label'].value)}</td><td>{r['a'].value}–{r['b'].value}</td></tr>" for r in secs]
    h.append(f"<h2>Sections</h2><table><tr><th>heading</th><th>lines</th></tr>{''.join(rows)}</table>"
             + _more(total, len(rows), "sections", sel, cap) if rows
             else "<h2>Sections</h2><p>No heading recognised.</p>")
    sel = """SELECT DISTINCT ?kind ?name ?line ?e ?sec WHERE {
        ?m a ckg:StrategyMention ; dct:isPartOf {d} ; ckg:mentionKind ?kind ; ckg:mentionedName ?name ; ckg:sourceLine ?line .
        OPTIONAL { ?m ckg:mentionedEntity ?e } OPTIONAL { ?m ckg:inSection/rdfs:label ?sec } } ORDER BY ?line ?name""".replace("{d}", str(doc))
    men, total = _table_rows(store, sel, cap)
    rows = []
    for r in men:
        name = _iri_html(r["e"].value, r["name"].value) if r["e"] is not None else escape(r["name"].value)
        sec = escape(r["sec"].value) if r["sec"] is not None else ""
        rows.append(f"<tr><td>{escape(r['kind'].value)}</td><td>{name}</td><td>{sec}</td><td>{r['line'].value}</td></tr>")
    h.append("<h2>Mentions</h2>" + (f"<table><tr><th>kind</th><th>name</th><th>section</th><th>line</th></tr>{''.join(rows)}</table>"
                                    + _more(total, len(rows), "mentions", sel, cap) if rows else "<p>None.</p>"))
    sel = """SELECT DISTINCT ?code ?ind ?rule ?line ?text ?sec WHERE {
        ?p a ckg:EvidencePassage ; dct:isPartOf {d} ; ckg:addressesIndicator ?ind ; ckg:topicRule ?rule ; ckg:sourceLine ?line ;
           ckg:statementText ?text . ?ind skos:notation ?code . OPTIONAL { ?p ckg:inSection/rdfs:label ?sec } }
        ORDER BY ?code ?line""".replace("{d}", str(doc))
    pas, total = _table_rows(store, sel, cap)
    rows = []
    for r in pas:
        sec = escape(r["sec"].value) if r["sec"] is not None else ""
        rows.append(f"<tr><td>{_iri_html(r['ind'].value, r['code'].value)}</td><td>{escape(r['text'].value)}</td>"
                    f"<td>{sec}</td><td>{r['line'].value}</td><td>{escape(r['rule'].value)}</td></tr>")
    h.append("<h2>Indicators addressed</h2>" + (
        "<table><tr><th>indicator</th><th>passage</th><th>section</th><th>line</th><th>rule</th></tr>" + "".join(rows) + "</table>"
        + _more(total, len(rows), "passages", sel, cap)
        if rows else "<p>No passage picked by the topic rules.</p>"))
    return "".join(h)


def _nn(iri: str):
    from pyoxigraph import NamedNode

    return NamedNode(iri)


def results_page(solutions, title: str = "Results", links: str = "") -> bytes:
    head = [v.value for v in solutions.variables]
    h = [f"<h1>{escape(title)}</h1>{links}<table><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head) + "</tr>"]
    n = 0
    for sol in solutions:
        n += 1
        h.append("<tr>" + "".join(f"<td>{term_html(sol[c])}</td>" for c in head) + "</tr>")
    h.append(f"</table><p>{n} row{'s' if n != 1 else ''}</p>")
    return _doc(title, "".join(h))


def boolean_page(value: bool) -> bytes:
    return _doc("ASK", f"<h1>ASK</h1><p>{'true' if value else 'false'}</p>")


def queries_page(catalogue) -> bytes:
    h = ["<h1>Canned queries</h1><p>Each runs over the union of the named graphs. Add "
         "<code>?format=csv</code> (or tsv, json, xml, html) or send an <code>Accept</code> header.</p>",
         "<table><tr><th>name</th><th>description</th><th>parameters</th><th>run</th></tr>"]
    for q in catalogue.values():
        params = "; ".join(f"<code>{escape(k)}</code>: {escape(v)}" for k, v in q.params.items()) or "–"
        base = f"/queries/{quote(q.name)}"
        ex = dict(q.example)
        runs = " · ".join(f'<a href="{escape(base + "?" + urlencode({**ex, "format": k}))}">{k}</a>'
                          for k in ("html", "csv", "tsv", "json", "xml"))
        h.append(f"<tr><td><code>{escape(q.name)}</code></td><td>{escape(q.description)}</td><td>{params}</td>"
                 f"<td>{runs}</td></tr>")
    h.append("</table>")
    return _doc("cyberkg canned queries", "".join(h))


def index_page(n_quads: int, graphs: list[str]) -> bytes:
    items = "".join(f"<li>{_iri_html(g)}</li>" for g in sorted(graphs))
    return _doc("cyberkg", (
        "<h1>cyberkg</h1><p>A read-only knowledge graph of national cybersecurity and child-online-protection "
        f"posture: {n_quads} quads in {len(graphs)} named graphs.</p><ul>"
        '<li><a href="/queries">Canned queries</a> (HTML, CSV, TSV, JSON, XML)</li>'
        '<li><a href="/sparql">SPARQL 1.1 endpoint</a> <code>/sparql</code> (GET or POST; the default graph is '
        "the union of the named graphs)</li>"
        '<li>Entities: <a href="/id/country/BTN"><code>/id/country/BTN</code></a> and every other '
        f"<code>{escape(ID)}…</code> IRI</li></ul><h2>Named graphs</h2><ul>{items}</ul>"))


def sparql_page(endpoint: str, catalogue, prefixes: dict[str, str]) -> bytes:
    """What a browser gets at /sparql without a query: what the endpoint is, how to call it, the
    canned queries.  Machines asking for RDF get the Service Description instead."""
    ex = quote("SELECT ?c ?label WHERE { ?c a ckg:Country ; rdfs:label ?label }")
    rows = "".join(f"<tr><td><a href=\"/queries/{quote(q.name)}?{escape(urlencode({**q.example, 'format': 'html'}))}\">"
                   f"<code>{escape(q.name)}</code></a></td><td>{escape(q.description)}</td></tr>"
                   for q in catalogue.values())
    pre = "".join(f"<tr><td><code>{escape(p)}:</code></td><td><code>{escape(ns)}</code></td></tr>"
                  for p, ns in sorted(prefixes.items()))
    return _doc("cyberkg SPARQL endpoint", (
        f"<h1>SPARQL endpoint</h1><p><code>{escape(endpoint)}</code> is a read-only "
        "<a href=\"https://www.w3.org/TR/sparql11-protocol/\">SPARQL 1.1 Protocol</a> endpoint over this knowledge "
        "graph. The default graph is the union of the named graphs (one per source document); FROM and "
        "<code>default-graph-uri</code> name graphs of this store. Updates, SERVICE and LOAD are refused.</p>"
        "<h2>How to call it</h2><ul>"
        f"<li>GET <code>/sparql?query=...</code>, e.g. <a href=\"/sparql?query={ex}&amp;format=csv\"><code>"
        f"/sparql?query=SELECT ?c ?label WHERE {{ ?c a ckg:Country ; rdfs:label ?label }}&amp;format=csv</code></a></li>"
        "<li>POST <code>application/x-www-form-urlencoded</code> (<code>query=...</code>) or an "
        "<code>application/sparql-query</code> body (UTF-8)</li>"
        "<li>Result format by <code>Accept</code>, or <code>format=</code> / <code>output=</code> "
        "<code>json</code>, <code>xml</code>, <code>csv</code>, <code>tsv</code></li>"
        "<li><code>curl -H 'Accept: text/turtle' " + escape(endpoint) + "</code>: the service description</li>"
        "<li>The <a href=\"/\">query UI</a> runs queries in the browser.</li></ul>"
        "<h2>Predeclared prefixes</h2><p>Usable in every query without a PREFIX line:</p>"
        f"<table><tr><th>prefix</th><th>namespace</th></tr>{pre}</table>"
        f"<h2>Canned queries</h2><table><tr><th>name</th><th>description</th></tr>{rows}</table>"))
