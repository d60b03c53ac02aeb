"""Pictures of the graph, for people who would rather look than read.

- `/matrix`: every profile (row) x the 21 indicator sections (columns) of the series' scheme
  (scheme.py), each cell coloured by the section's status and linking to the statement, whose
  page shows the source text, document and line.  Plain HTML, no script.
- `/graph/ISO3`: one country's neighbourhood drawn by cytoscape.js (npm, served locally); the
  elements come from `/graph/ISO3.json`, the same projection `cyberkg export --format cytoscape`
  writes.

These run in the query workers (executor.py) like every other read of the store.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from .pages import _doc, local_href
from ..sources.scheme import GROUPS, INDICATORS, STATUSES, parent

MATRIX_QUERY = """
PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?doc ?file ?iso3 ?country ?indicator ?status ?s ?text WHERE {
  ?s a ckg:IndicatorStatement ; prov:wasDerivedFrom ?doc ; ckg:indicator/skos:notation ?indicator ;
     ckg:status/skos:notation ?status ; ckg:country ?c .
  ?c ckg:iso3166Alpha3 ?iso3 ; rdfs:label ?country .
  ?doc ckg:fileName ?file .
  OPTIONAL { ?s ckg:statementText ?text }
}
"""

_STYLE = """<style>
body{max-width:none}table.matrix{border-collapse:collapse;width:auto;font-size:.85em}
table.matrix th,table.matrix td{border:1px solid #fff;padding:.15em .3em;text-align:center}
table.matrix th.row{text-align:left;white-space:nowrap;background:#f7f7f7}
table.matrix thead th{background:#eee;font-weight:600}
table.matrix thead tr.codes th{writing-mode:vertical-rl;transform:rotate(180deg);height:9em;text-align:left}
td.st a{display:block;min-width:1.6em;color:inherit;text-decoration:none}
.yes{background:#2e7d32;color:#fff}.partial{background:#f9a825;color:#222}.no{background:#c62828;color:#fff}
.unknown{background:#bdbdbd;color:#222}.absent{background:#fafafa;color:#999}
.legend span{display:inline-block;padding:.2em .6em;margin-right:.4em}
</style>"""

_MARK = {"yes": "✓", "partial": "◐", "no": "✗", "unknown": "?"}


_ACRONYMS = {"CIRT", "UN"}


def _title(heading: str) -> str:
    """'UN CONVENTION AND PROTOCOL' -> 'UN convention and protocol' (the scheme's acronyms kept)."""
    words = [w if w in _ACRONYMS else w.lower() for w in heading.split()]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def matrix_rows(store):
    """(doc, file, iso3, country) -> {indicator: [(status, statement IRI, text)]}, from the store."""
    cells: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s in store.query(MATRIX_QUERY, use_default_graph_as_union=True):
        key = (s["doc"].value, s["file"].value, s["iso3"].value, s["country"].value)
        text = s["text"].value if s["text"] is not None else ""
        cells[key][s["indicator"].value].append((s["status"].value, s["s"].value, text))
    return cells


STRATEGY_QUERY = """PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
SELECT DISTINCT ?iso3 ?doc ?label WHERE {
  ?doc a ckg:NationalStrategyDocument ; ckg:documentCountry/ckg:iso3166Alpha3 ?iso3 ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
}"""


def strategies_by_country(store) -> dict[str, list[tuple[str, str]]]:
    """iso3 -> [(strategy document IRI, label)] of the national strategies in the store."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in store.query(STRATEGY_QUERY, use_default_graph_as_union=True):
        out[s["iso3"].value].append((s["doc"].value, s["label"].value))
    return {k: sorted(v) for k, v in out.items()}


def matrix_page(store) -> bytes:
    """The country x indicator matrix; a profile that lacks a section shows an empty cell.  A
    country with a national strategy in the store is marked, with links to its documents."""
    cells = matrix_rows(store)
    strategies = strategies_by_country(store)
    codes = list(INDICATORS)
    groups: list[tuple[str, int]] = []
    for c in codes:
        g = parent(c)
        if groups and groups[-1][0] == g:
            groups[-1] = (g, groups[-1][1] + 1)
        else:
            groups.append((g, 1))
    h = [_STYLE, "<h1>Indicator matrix</h1>",
         f"<p>{len(cells)} profiles × {len(codes)} sections of the Cyberwellness Profile scheme. "
         "Click a cell for the statement, its source text and document line.</p><p class=legend>"]
    h += [f'<span class="{st}">{_MARK[st]} {st}</span>' for st in STATUSES]
    h.append('<span class="absent">· section absent</span></p>')
    h.append('<table class="matrix"><thead><tr><th rowspan=2>country</th><th rowspan=2>profile</th><th rowspan=2>strategy</th>')
    h += [f'<th colspan={n} title="{escape(GROUPS[g])}">{escape(g)} {escape(_title(GROUPS[g]))}</th>' for g, n in groups]
    h.append('</tr><tr class="codes">')
    h += [f'<th title="{escape(c)}">{escape(c)} {escape(_title(INDICATORS[c]))}</th>' for c in codes]
    h.append("</tr></thead><tbody>")
    for (doc, file, iso3, country), row in sorted(cells.items(), key=lambda kv: (kv[0][2], kv[0][1])):
        h.append(f'<tr data-iso3="{escape(iso3)}"><th class=row><a href="/graph/{escape(iso3)}">{escape(country)}</a> '
                 f'<small>{escape(iso3)}</small></th><th class=row><a href="{escape(local_href(doc))}">{escape(file)}</a></th>')
        docs = strategies.get(iso3, [])
        h.append(f'<th class="row strategy" data-strategy="{"yes" if docs else "no"}">'
                 + (" ".join(f'<a href="{escape(local_href(d))}" title="{escape(lbl)}">●</a>' for d, lbl in docs) or "·")
                 + "</th>")
        for c in codes:
            found = row.get(c)
            if not found:
                h.append('<td class="st absent" data-status="absent">·</td>')
                continue
            status, stmt, text = sorted(found)[0]  # one statement per section and profile; stable if not
            tip = f"{c} {_title(INDICATORS[c])}: {status}" + (f" — {text[:300]}" if text else "")
            h.append(f'<td class="st {status}" data-status="{status}" data-section="{c}"><a href="{escape(local_href(stmt))}" '
                     f'title="{escape(tip)}">{_MARK[status]}</a></td>')
        h.append("</tr>")
    h.append("</tbody></table>")
    return _doc("cyberkg — indicator matrix", "".join(h))


def graph_json(store, iso3: str) -> bytes:
    """Cytoscape.js elements of one country's neighbourhood: the export projection, unchanged."""
    from ..outputs.export import cytoscape_bytes, project, schema, select_countries

    return cytoscape_bytes(project(select_countries(store, [iso3]), schema(store)))


def view(store, job: dict):
    """A view job from the web process (serve.py) -> Reply."""
    from .protocol import Reply, text_reply

    if job["view"] == "matrix":
        return Reply(200, "text/html; charset=utf-8", matrix_page(store))
    if job["view"] == "graph":
        from ..outputs.export import ExportError

        try:
            return Reply(200, "application/json", graph_json(store, job["iso3"]))
        except ExportError as exc:
            return text_reply(404, str(exc))
    return text_reply(404, f"no view {job['view']!r}")
