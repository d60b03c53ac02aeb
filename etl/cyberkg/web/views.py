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
table.matrix thead{position:sticky;top:0;z-index:2}table.matrix thead th{background:#eee;font-weight:600}
form.pick{margin:.4em 0 .8em;font-size:.9em}form.pick select{margin-right:.8em}
table.compare{border-collapse:collapse;font-size:.85em}table.compare td,table.compare th{border:1px solid #ddd;
padding:.3em .5em;vertical-align:top;text-align:left}table.compare thead{position:sticky;top:0;background:#eee}
table.compare td.st{min-width:14em}table.compare td.st span.m{font-weight:600;padding:0 .3em;margin-right:.3em}
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


def _region_of(iso3: str) -> tuple[str, str]:
    from ..sources.m49 import region

    return region(iso3) or ("", "")


def _form(cells, region: str, sort: str) -> str:
    """The GET form: region (UN M49 region or sub-region), order, and 2-5 countries to compare."""
    present = sorted({_region_of(k[2]) for k in cells} - {("", "")})
    opts = ['<option value="">all regions</option>']
    for reg in sorted({r for r, _ in present}):
        opts.append(f'<option value="{escape(reg)}"{" selected" if region == reg else ""}>{escape(reg)}</option>')
        for r, sub in present:
            if r == reg:
                opts.append(f'<option value="{escape(sub)}"{" selected" if region == sub else ""}>&nbsp;&nbsp;{escape(sub)}</option>')
    countries = sorted({(k[3], k[2]) for k in cells})
    pick = "".join(f'<option value="{escape(i)}">{escape(n)} ({escape(i)})</option>' for n, i in countries)
    return ('<form class=pick method=get action="/matrix"><label>Region (UN M49) <select name=region>' + "".join(opts)
            + '</select></label><label>Order <select name=sort><option value="">by country code</option>'
            f'<option value="yes"{" selected" if sort == "yes" else ""}>most “yes” first</option></select></label>'
            '<button>Show</button></form>'
            '<form class=pick method=get action="/matrix"><label>Compare 2–5 countries side by side '
            f'<select name=compare multiple size=4>{pick}</select></label> <button>Compare</button></form>')


def matrix_page(store, region: str = "", sort: str = "") -> bytes:
    """The country x indicator matrix; a profile that lacks a section shows an empty cell.
    `region`: only the countries of this UN M49 region or sub-region; `sort`="yes": most
    sections with status yes first.  A country with a national strategy in the store is marked,
    with links to its documents."""
    cells = matrix_rows(store)
    shown = {k: v for k, v in cells.items() if not region or region in _region_of(k[2])}
    strategies = strategies_by_country(store)
    codes = list(INDICATORS)
    groups: list[tuple[str, int]] = []
    for c in codes:
        g = parent(c)
        if groups and groups[-1][0] == g:
            groups[-1] = (g, groups[-1][1] + 1)
        else:
            groups.append((g, 1))

    def yes(row) -> int:
        return sum(1 for c in codes if row.get(c) and sorted(row[c])[0][0] == "yes")

    h = [_STYLE, "<h1>Indicator matrix</h1>",
         f"<p>{len(shown)} profiles" + (f" in {escape(region)}" if region else "") +
         f" × {len(codes)} sections of the Cyberwellness Profile scheme. "
         "Click a cell for the statement, its source text and document line.</p>", _form(cells, region, sort),
         "<p class=legend>"]
    h += [f'<span class="{st}">{_MARK[st]} {st}</span>' for st in STATUSES]
    h.append('<span class="absent">· section absent</span></p>')
    h.append('<table class="matrix"><thead><tr><th rowspan=2>country</th><th rowspan=2>profile</th><th rowspan=2>strategy</th>'
             '<th rowspan=2>yes</th>')
    h += [f'<th colspan={n} title="{escape(GROUPS[g])}">{escape(g)} {escape(_title(GROUPS[g]))}</th>' for g, n in groups]
    h.append('</tr><tr class="codes">')
    h += [f'<th title="{escape(c)}">{escape(c)} {escape(_title(INDICATORS[c]))}</th>' for c in codes]
    h.append("</tr></thead><tbody>")
    order = (lambda kv: (-yes(kv[1]), kv[0][2], kv[0][1])) if sort == "yes" else (lambda kv: (kv[0][2], kv[0][1]))
    for (doc, file, iso3, country), row in sorted(shown.items(), key=order):
        reg = _region_of(iso3)
        h.append(f'<tr data-iso3="{escape(iso3)}" data-region="{escape(reg[0])}" data-subregion="{escape(reg[1])}">'
                 f'<th class=row><a href="/graph/{escape(iso3)}">{escape(country)}</a> '
                 f'<small>{escape(iso3)}</small></th><th class=row><a href="{escape(local_href(doc))}">{escape(file)}</a></th>')
        docs = strategies.get(iso3, [])
        h.append(f'<th class="row strategy" data-strategy="{"yes" if docs else "no"}">'
                 + (" ".join(f'<a href="{escape(local_href(d))}" title="{escape(lbl)}">●</a>' for d, lbl in docs) or "·")
                 + f"</th><td class=yes-count>{yes(row)}</td>")
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


def compare_page(store, codes: list[str]) -> bytes:
    """2-5 countries side by side: one row per indicator section, one column per profile, each
    cell the status and the statement's text, linking to the statement."""
    cells = matrix_rows(store)
    wanted = list(dict.fromkeys(codes))
    cols = sorted((k for k in cells if k[2] in wanted), key=lambda k: (wanted.index(k[2]), k[1]))
    unknown = [c for c in wanted if c not in {k[2] for k in cells}]
    h = [_STYLE, "<h1>Countries side by side</h1>"]
    if not 2 <= len(wanted) <= 5 or unknown:
        why = (f"no profile of {', '.join(unknown)} in this graph" if unknown
               else f"{len(wanted)} countr{'y' if len(wanted) == 1 else 'ies'} chosen")
        h.append(f"<p class=warn>Pick 2 to 5 countries of the matrix to compare ({escape(why)}).</p>")
        h.append(_form(cells, "", ""))
        return _doc("cyberkg — compare countries", "".join(h))
    h.append('<p><a href="/matrix">back to the matrix</a></p><table class=compare><thead><tr><th>section</th>')
    h += [f'<th data-iso3="{escape(k[2])}"><a href="/graph/{escape(k[2])}">{escape(k[3])}</a> <small>{escape(k[1])}</small></th>'
          for k in cols]
    h.append("</tr></thead><tbody>")
    for c in INDICATORS:
        h.append(f'<tr data-section="{escape(c)}"><th>{escape(c)} {escape(_title(INDICATORS[c]))}</th>')
        for k in cols:
            found = cells[k].get(c)
            if not found:
                h.append('<td class="st absent" data-status="absent">section absent</td>')
                continue
            status, stmt, text = sorted(found)[0]
            h.append(f'<td class="st" data-status="{status}"><span class="m {status}">{_MARK[status]} {status}</span>'
                     f'<a href="{escape(local_href(stmt))}">{escape(text[:400]) or "(no text)"}</a></td>')
        h.append("</tr>")
    h.append("</tbody></table>")
    return _doc("cyberkg — compare " + ", ".join(wanted), "".join(h))


def graph_json(store, iso3: str) -> bytes:
    """Cytoscape.js elements of one country's neighbourhood: the export projection with every node
    (`cyberkg export --format cytoscape --country ISO3 --with-statements`) plus the lifted links
    of the default entity export (edges with `via`), so the page can show the entities alone and
    expand any node into its statements."""
    from ..outputs.export import cytoscape_bytes, project, schema, select_countries

    return cytoscape_bytes(project(select_countries(store, [iso3]), schema(store), "browse"))


def country_name(store, iso3: str) -> str | None:
    """The label of the country with this alpha-3 code in the store, or None if there is none."""
    from pyoxigraph import Literal

    from ..graph.vocab import CKG, RDFS

    for q in store.quads_for_pattern(None, CKG.iso3166Alpha3, Literal(iso3), None):
        for lab in store.quads_for_pattern(q.subject, RDFS.label, None, None):
            return lab.object.value
        return iso3
    return None


def view(store, job: dict):
    """A view job from the web process (serve.py) -> Reply."""
    from .protocol import Reply, text_reply

    if job["view"] == "matrix":
        params = job.get("params") or []
        compare = [v.strip().upper() for k, v in params if k == "compare" for v in v.split(",") if v.strip()]
        if compare:
            return Reply(200, "text/html; charset=utf-8", compare_page(store, compare))
        opts = dict((k, v) for k, v in params if k != "compare")
        return Reply(200, "text/html; charset=utf-8", matrix_page(store, opts.get("region", ""), opts.get("sort", "")))
    if job["view"] == "graph":
        from ..outputs.export import ExportError

        try:
            return Reply(200, "application/json", graph_json(store, job["iso3"]))
        except ExportError as exc:
            return text_reply(404, str(exc))
    if job["view"] == "graph-page":
        from .ui import CSP, graph_not_found_page, graph_page

        name = country_name(store, job["iso3"])
        if name is None:
            return Reply(404, "text/html; charset=utf-8", graph_not_found_page(job["iso3"]))
        return Reply(200, "text/html; charset=utf-8", graph_page(job["iso3"], name), {"Content-Security-Policy": CSP})
    return text_reply(404, f"no view {job['view']!r}")
