"""Canned queries: queries/*.rq with a header comment, run with bound parameters.

Header format (the first comment lines of the file):
    # name: countries
    # description: one line
    # param: iso3 = ISO 3166-1 alpha-3 code, e.g. BTN     (zero or more)
    # example: iso3=BTN                                    (used by the tests for expected results)
Parameters are SPARQL variables bound with pyoxigraph substitutions, never spliced into text,
after validation by their declared kind (`param_kind`): an ISO code must be one of this store's
countries (any case), an IRI parameter takes `<IRI>`, `prefix:local` or a full IRI naming something
in the store; a missing, unknown or mistyped value is an error, never silently "no rows".

Every query (canned, CLI, HTTP, UI) may use the predeclared prefixes `PREDECLARED` without
declaring them; a syntax error is explained by `explain_syntax_error` (line, column, caret, hint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .build import QUERIES_DIR


class QueryError(Exception):
    pass


def _predeclared() -> dict[str, str]:
    from ..graph.vocab import PREFIXES

    names = ("ckg", "id", "skos", "org", "eli", "prov", "dct", "schema", "qb", "rdfs", "rdf", "xsd", "owl", "wd")
    out = {k: PREFIXES[k] for k in names}
    out["wdt"] = "http://www.wikidata.org/prop/direct/"
    return out


# Prefixes every query may use without declaring them (a PREFIX in the query overrides one).
PREDECLARED: dict[str, str] = _predeclared()


_ERROR_AT = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.S)
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.\-]*)?:")
_MASK = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#.*$")
_PNAME_USE = re.compile(r"(?<![\w?$:.\-])([A-Za-z][\w.\-]*)?:(?=[\w%\\]|[\s;,.)}\]]|$)")
_QUOTED = re.compile(r'"[^"\n]{1,40}"|\b[A-Za-z][A-Za-z_]*\b')


def explain_syntax_error(text: str, message: str, prefixes: dict[str, str] | None = None) -> str:
    """A parser's error as a person can read it: line and column, the line with a caret under the
    position, and a hint for the common causes (an undeclared prefix lists the declared ones).
    The engine's list of expected terminals is kept to its keywords and punctuation: its
    character-range alternatives (pages of Unicode ranges) are dropped."""
    prefixes = PREDECLARED if prefixes is None else prefixes
    m = _ERROR_AT.search(message)
    if m is None:
        return "SPARQL syntax error: " + " ".join(message.split())[:300]
    line, col, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.split("\n")
    src = lines[line - 1].rstrip("\r").replace("\t", " ") if 0 < line <= len(lines) else ""
    at = max(0, min(col - 1, len(src)))
    show = src
    if len(show) > 120:  # a window around the position
        start = max(0, at - 60)
        show, at = ("..." if start else "") + show[start:start + 120], at - start + (3 if start else 0)
    out = [f"SPARQL syntax error at line {line}, column {col}:", "  " + show, "  " + " " * at + "^"]
    declared = dict(prefixes)
    for d in _DECLARED.finditer(text):
        declared.setdefault(d.group(1) or "", "")
    hint = None
    if "prefix not found" in rest.lower() or "prefix" in rest.lower() and "not" in rest.lower():
        masked = _MASK.sub(lambda x: " " * len(x.group()), src)
        used = [u.group(1) or "" for u in _PNAME_USE.finditer(masked[:at + 1])]
        missing = [u for u in used if u not in declared]
        if not missing:  # the position may be past the name: look at the whole text
            missing = [u.group(1) or "" for u in _PNAME_USE.finditer(_MASK.sub(" ", text)) if (u.group(1) or "") not in declared]
        if missing:
            hint = (f"prefix {missing[-1]}: is not declared; declared: "
                    + ", ".join(f"{k}:" for k in sorted(declared)) + " (add PREFIX " + missing[-1] + ": <...>)")
    if hint is None and rest:
        cleaned = re.sub(r"\[[^\[\]]*\]", " ", rest)
        if "\\u{" in cleaned or "..=" in cleaned:
            cleaned = ""
        cleaned = re.sub(r"\bexpected( one of)?\b", "", cleaned).replace("Prefix not found", "")
        items = [t.strip() for t in cleaned.replace("\n", " ").split(",") if t.strip()]
        items = [t for t in items if len(t) <= 20]
        if items:
            hint = "expected one of: " + ", ".join(items[:24]) + (", ..." if len(items) > 24 else "")
    if hint:
        out.append(hint)
    return "\n".join(out)


@dataclass
class CannedQuery:
    name: str
    description: str
    params: dict[str, str]
    example: dict[str, str]
    path: Path
    text: str = field(repr=False)


def parse_header(path: Path) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    name, desc, params, example = path.stem, "", {}, {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = re.match(r"#\s*(name|description|param|example)\s*:\s*(.*)$", line)
        if not m:
            continue
        k, v = m.group(1), m.group(2).strip()
        if k == "name":
            name = v
        elif k == "description":
            desc = v
        elif k == "param":
            pn, _, pd = v.partition("=")
            params[pn.strip()] = pd.strip()
        elif k == "example":
            for pair in v.split():
                a, _, b = pair.partition("=")
                example[a] = b
    return CannedQuery(name, desc, params, example, path, text)


def catalogue(directory: Path = QUERIES_DIR) -> dict[str, CannedQuery]:
    out = {}
    for f in sorted(directory.glob("*.rq")):
        q = parse_header(f)
        out[q.name] = q
    return out


# A parameter value that starts like this is bound as an IRI, any other as a plain literal.
_IRI_VALUE = re.compile(r"^(https?|urn):")


def inline_example(q: CannedQuery) -> str:
    """The query as plain SPARQL with its example parameters written in as VALUES blocks.

    For clients that cannot bind parameters (the UI's tabs, other servers in the benchmark): the
    block opens every WHERE group, so subqueries are restricted as substitutions restrict them;
    tests/test_ui.py checks every parameterised query gives the rows of the substituted one.
    """
    if not q.params:
        return q.text
    values = " ".join(f"VALUES ?{k} {{ {_sparql_literal(q.example[k])} }}" for k in q.params)
    text, n = re.subn(r"\bWHERE\s*\{", lambda m: f"{m.group(0)}\n  {values}", q.text, flags=re.IGNORECASE)
    if n == 0:
        raise QueryError(f"{q.path}: no WHERE group to put the example parameters in")
    return text


def _sparql_literal(value: str) -> str:
    """A parameter value as SPARQL text, typed as _term types it (IRI or plain string)."""
    import json

    if _IRI_VALUE.match(value):
        if re.search(r'[\s<>"{}|\\^`]', value):
            raise QueryError(f"not a valid IRI for a SPARQL query: {value!r}")
        return f"<{value}>"
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid SPARQL string literal


def _term(value: str):
    from pyoxigraph import Literal, NamedNode

    if _IRI_VALUE.match(value):
        return NamedNode(value)
    return Literal(value)


def param_kind(name: str, description: str = "") -> str:
    """A declared parameter's kind, from its name and description: iso3, iri or literal."""
    d = description.lower()
    if name.lower() == "iso3" or "alpha-3" in d:
        return "iso3"
    if name.lower() in ("entity", "iri", "resource") or re.search(r"\biri\b", d):
        return "iri"
    return "literal"


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|^`\\]*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.\-]*)?:([^\s<>\"{}|^`\\]*)$")
_ISO3 = "PREFIX ckg: <https://w3id.org/cyberkg/ontology#> SELECT DISTINCT ?c WHERE { ?x ckg:iso3166Alpha3 ?c } ORDER BY ?c"


def _iri_param(name: str, value: str) -> str:
    """`<IRI>`, `prefix:local` (predeclared prefixes) or a full IRI, as an IRI string."""
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    else:
        m = _PREFIXED.match(v)
        if m and (m.group(1) or "") in PREDECLARED and not v.startswith(("http:", "https:", "urn:")):
            v = PREDECLARED[m.group(1) or ""] + m.group(2)
    if not _ABSOLUTE_IRI.match(v) or v.split(":", 1)[0].lower() not in ("http", "https", "urn", "mailto", "tag", "file"):
        raise QueryError(f"{name}={value!r} is not an IRI: give <https://...>, a prefixed name such as "
                         f"id:country/BTN (prefixes: {', '.join(sorted(PREDECLARED))}) or a full IRI")
    return v


def check_params(store, params: dict[str, str], declared: dict[str, str], query_name: str | None = None) -> dict:
    """Validate parameters against their declared kinds; their pyoxigraph terms by name."""
    from pyoxigraph import Literal, NamedNode, Variable

    what = f"query {query_name!r}" if query_name else "this query"
    unknown = set(params) - set(declared)
    if unknown:
        raise QueryError(f"unknown parameter(s) {', '.join(sorted(unknown))}; {what} takes: {', '.join(declared) or 'none'}")
    missing = sorted(k for k in declared if not (params.get(k) or "").strip())
    if missing:
        raise QueryError(f"missing parameter(s) {', '.join(missing)} for {what}: "
                         + "; ".join(f"{k} = {declared[k]}" for k in missing))
    terms = {}
    for k, v in params.items():
        kind = param_kind(k, declared[k])
        if kind == "iso3":
            code = v.strip().upper()
            known = [r["c"].value for r in store.query(_ISO3, use_default_graph_as_union=True)]
            if code not in known:
                shown = ", ".join(known[:60]) + (", ..." if len(known) > 60 else "")
                raise QueryError(f"{k}={v!r}: no country with that ISO 3166-1 alpha-3 code in this store "
                                 f"({what}); known codes: {shown} (the query 'countries' lists them)")
            terms[k] = Literal(code)
        elif kind == "iri":
            iri = _iri_param(k, v)
            node = NamedNode(iri)
            if not (store.query("ASK { GRAPH ?g { ?s ?p ?o } }", substitutions={Variable("s"): node})
                    or store.query("ASK { GRAPH ?g { ?x ?p ?o } }", substitutions={Variable("o"): node})):
                raise QueryError(f"{k}=<{iri}> is not in this store ({what}): nothing is stated about it")
            terms[k] = node
        else:
            terms[k] = Literal(v)
    return terms


def run(store, sparql: str, params: dict[str, str] | None = None, declared: dict[str, str] | None = None,
        query_name: str | None = None):
    """Execute SPARQL, binding params as substitutions (validated by their declared kinds when
    `declared` is given), with the predeclared prefixes.  The default graph is the RDF merge of
    the named graphs, each triple once (dataset.py): a store without a default graph (as built)
    is queried through a merged in-memory copy; pass `dataset.for_queries(store)` to reuse one."""
    from pyoxigraph import Variable

    from .dataset import for_queries

    params = params or {}
    if declared is not None:
        terms = check_params(store, params, declared, query_name)
    else:
        terms = {k: _term(v) for k, v in params.items()}
    subs = {Variable(k): t for k, t in terms.items()}
    try:
        return for_queries(store).query(sparql, substitutions=subs or None, prefixes=PREDECLARED)
    except SyntaxError as exc:
        raise QueryError(explain_syntax_error(sparql, str(exc))) from None
    except RuntimeError as exc:  # e.g. a parameter the query does not project
        raise QueryError(str(exc)) from None


def rows(results) -> tuple[list[str], list[list[str]]]:
    """SELECT results -> header and rows of plain strings (IRIs and lexical forms, '' for unbound)."""
    from pyoxigraph import QuerySolutions

    if not isinstance(results, QuerySolutions):
        raise QueryError("only SELECT queries can be shown as a table")
    header = [v.value for v in results.variables]
    out = []
    for sol in results:
        out.append(["" if sol[h] is None else sol[h].value for h in header])
    return header, out
