"""Canned queries: queries/*.rq with a header comment, run with bound parameters.

Header format (the first comment lines of the file):
    # name: countries
    # description: one line
    # param: iso3 = ISO 3166-1 alpha-3 code, e.g. BTN     (zero or more)
    # example: iso3=BTN                                    (used by the tests for expected results)
Parameters are SPARQL variables bound with pyoxigraph substitutions, never spliced into text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .build import QUERIES_DIR


class QueryError(Exception):
    pass


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


def run(store, sparql: str, params: dict[str, str] | None = None, declared: dict[str, str] | None = None):
    """Execute SPARQL, binding params as substitutions.  The default graph is the RDF merge of
    the named graphs, each triple once (dataset.py): a store without a default graph (as built)
    is queried through a merged in-memory copy; pass `dataset.for_queries(store)` to reuse one."""
    from pyoxigraph import Variable

    from .dataset import for_queries

    params = params or {}
    if declared is not None:
        unknown = set(params) - set(declared)
        if unknown:
            raise QueryError(f"unknown parameter(s) {', '.join(sorted(unknown))}; this query takes: {', '.join(declared) or 'none'}")
        missing = set(declared) - set(params)
        if missing:
            raise QueryError(f"missing parameter(s): {', '.join(sorted(missing))}")
    subs = {Variable(k): _term(v) for k, v in params.items()}
    try:
        return for_queries(store).query(sparql, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
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
