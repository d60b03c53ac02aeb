"""Every canned query (queries/*.rq) against the bundled data, compared with queries/<name>.csv
(the strategy queries against the bundled data plus tests/data/strategy-ruritania-2016.txt).

The expected CSVs were produced once and then checked by reading the four bundled profiles and
the policy.  Regenerate after an intended change with `pytest --regen` (or CYBERKG_REGEN=1; refused
in CI) and review the diff; a query without its .csv fails.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from cyberkg.store.queries import catalogue, rows, run

from ..conftest import expected_file

QUERIES = catalogue()


def _csv(header, data) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(data)
    return buf.getvalue()


@pytest.fixture(scope="session")
def strategy_store(tmp_path_factory):
    """The bundled data/ and the strategy-like test document tests/data/strategy-ruritania-2016.txt
    (written for the tests: the bundled data has no strategy), for the strategy queries."""
    from cyberkg.store import build as B

    from ..conftest import DATA, ROOT

    store = tmp_path_factory.mktemp("strategy-store") / "store"
    report = B.build([DATA, ROOT / "tests" / "data" / "strategy-ruritania-2016.txt"], store)
    assert report.conforms
    return B.open_store(store)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_gives_expected_rows(name, request):
    """Expected rows on the bundled data; the strategy-* queries on it plus the test strategy."""
    store = request.getfixturevalue("strategy_store" if name.startswith("strateg") else "bundled_store")
    q = QUERIES[name]
    header, data = rows(run(store, q.text, q.example, q.params))
    got = _csv(header, sorted(data))
    want_text = expected_file(request, q.path.with_suffix(".csv"), got.encode("utf-8")).decode("utf-8")
    want = list(csv.reader(io.StringIO(want_text)))
    assert header == want[0]
    assert sorted(data) == sorted(want[1:])


def test_every_query_declares_name_and_description():
    for q in QUERIES.values():
        assert q.description, q.path
        assert q.name == q.path.stem


def test_parameters_are_bound_not_spliced(bundled_store):
    """A parameter value that is SPARQL syntax is data: it matches nothing and breaks nothing."""
    from cyberkg.store.queries import QueryError

    q = QUERIES["country-profile"]
    evil = {"iso3": 'BTN" } UNION { ?s ?p ?o '}
    header, data = rows(run(bundled_store, q.text, evil))  # unchecked: bound as a literal
    assert data == []
    with pytest.raises(QueryError, match="no country"):  # checked by its declared kind: refused
        run(bundled_store, q.text, evil, q.params)


def test_unknown_and_missing_parameters_are_errors(bundled_store):
    from cyberkg.store.queries import QueryError

    q = QUERIES["country-profile"]
    with pytest.raises(QueryError, match="missing"):
        run(bundled_store, q.text, {}, q.params)
    with pytest.raises(QueryError, match="unknown parameter.*x; query 'country-profile' takes: iso3$"):
        run(bundled_store, q.text, {"iso3": "BTN", "x": "1"}, q.params, "country-profile")
    # a query that declares none says so rather than listing nothing
    countries = QUERIES["countries"]
    assert countries.params == {}
    with pytest.raises(QueryError, match="unknown parameter.*iso3; query 'countries' takes: none$"):
        run(bundled_store, countries.text, {"iso3": "BTN"}, countries.params, "countries")


def test_header_lines_are_read_by_their_key_in_any_order(tmp_path):
    from cyberkg.store.queries import parse_header

    f = tmp_path / "q.rq"
    f.write_text("# param: iso3 = the country code\n# example: iso3=BTN x=1\n# name: my-query\n"
                 "#description:  what it does \n# other: ignored\n\n# a comment after a blank line\n"
                 "SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    q = parse_header(f)
    assert (q.name, q.description, q.params, q.example) == ("my-query", "what it does",
                                                            {"iso3": "the country code"}, {"iso3": "BTN", "x": "1"})
    f.write_text("# name: spaced\n\n# a plain comment\n# param: iso3 = the country code\n\nSELECT * WHERE { ?s ?p ?o }\n",
                 encoding="utf-8")
    assert (parse_header(f).name, parse_header(f).params) == ("spaced", {"iso3": "the country code"})  # blank lines, comments go on
    f.write_text("SELECT * WHERE { ?s ?p ?o }\n# name: late\n", encoding="utf-8")
    assert parse_header(f).name == "q"  # no header: the file's stem


def test_parameter_values_become_iris_or_plain_strings_in_sparql_text():
    from cyberkg.store.queries import QueryError, _sparql_literal

    assert _sparql_literal("https://w3id.org/cyberkg/id/country/BTN") == "<https://w3id.org/cyberkg/id/country/BTN>"
    assert _sparql_literal("BTN") == '"BTN"'
    assert _sparql_literal('a "quoted" \\ value') == '"a \\"quoted\\" \\\\ value"'
    with pytest.raises(QueryError, match="not a valid IRI"):
        _sparql_literal("https://w3id.org/a b")


def _engine_error(text: str) -> str:
    from pyoxigraph import Store

    from cyberkg.store.queries import PREDECLARED

    with pytest.raises(SyntaxError) as e:
        Store().query(text, prefixes=PREDECLARED)
    return str(e.value)


def test_a_syntax_error_names_the_undeclared_prefix_at_the_error_not_a_later_one():
    from cyberkg.store.queries import PREDECLARED, explain_syntax_error

    # the IRI's 'http:' before it is not a prefixed name either
    text = "SELECT * WHERE { ?s <http://example.org/p> ?o . ?s foo:bar ?o . ?s baz:q ?o }"
    out = explain_syntax_error(text, _engine_error(text)).split("\n")
    assert out[0] == f"SPARQL syntax error at line 1, column {text.index('foo:bar') + 8}:"  # just after 'foo:bar'
    assert out[3].startswith("prefix foo: is not declared; declared: ckg:, dct:")
    # where the engine also lists keywords (ORDER BY BOUND(...), ...), the prefix is still the hint
    text = "SELECT * WHERE { ?s ?p ?o } ORDER BY foo:x"
    message = _engine_error(text)
    assert "BOUND" in message and "Prefix not found" in message
    assert explain_syntax_error(text, message).split("\n")[3:] == [
        "prefix foo: is not declared; declared: " + ", ".join(f"{k}:" for k in sorted(PREDECLARED)) + " (add PREFIX foo: <...>)"]


def test_the_caret_points_at_the_error_column_also_in_a_window_of_a_long_line():
    import re as _re

    from cyberkg.store.queries import explain_syntax_error

    src = "SELECT * WHERE { " + "?s ?p ?o . " * 20 + "?s foo:bar ?o }"  # one line of 252 characters
    message = _engine_error(src)
    col = int(_re.search(r"error at 1:(\d+)", message).group(1))
    assert col > 200 and src[col - 8:col - 1] == "foo:bar"  # the engine stops just after the name
    _, shown, caret = explain_syntax_error(src, message).split("\n")[:3]
    assert shown.startswith("  ...") and len(shown) <= 2 + 3 + 120
    at = caret.index("^")
    assert caret[:at].strip() == "" and shown[at - 7:at] == "foo:bar"


def test_an_iri_parameter_may_be_a_predeclared_prefixed_name():
    from cyberkg.store.queries import _iri_param

    assert _iri_param("g", "id:country/BTN") == "https://w3id.org/cyberkg/id/country/BTN"
    assert _iri_param("g", "<https://example.org/a>") == _iri_param("g", "https://example.org/a") == "https://example.org/a"


@pytest.mark.parametrize("n,elided", [(60, False), (61, True)])
def test_an_unknown_country_code_lists_at_most_60_known_ones(n, elided):
    from pyoxigraph import Literal, NamedNode, Quad, Store

    from cyberkg.store.queries import QueryError, check_params

    store = Store()
    codes = [f"A{i:02d}" for i in range(n)]
    store.extend(Quad(NamedNode(f"https://example.org/c/{c}"), NamedNode("https://w3id.org/cyberkg/ontology#iso3166Alpha3"),
                      Literal(c), NamedNode("https://example.org/g")) for c in codes)
    with pytest.raises(QueryError) as e:
        check_params(store, {"iso3": "ZZZ"}, {"iso3": "ISO 3166-1 alpha-3 code"})
    shown = str(e.value).split("known codes: ", 1)[1].split(" (the query", 1)[0]
    assert shown == ", ".join(codes[:60]) + (", ..." if elided else "")


def test_a_keyword_error_lists_the_expected_keywords_without_the_character_classes():
    from cyberkg.store.queries import explain_syntax_error

    text = "SELECT * WHERE { ?s ?p ?o FILTER(?o = ) }"
    message = _engine_error(text)
    assert "NOT" in message and "[_]" in message  # keywords and a character class
    out = explain_syntax_error(text, message).split("\n")
    assert out[0].startswith("SPARQL syntax error at line 1, column ")
    keywords = out[3].split("expected one of: ", 1)[1].split(", ")
    assert {"ABS", "NOT", "STR"} <= set(keywords) and not any("u{" in k or "[" in k for k in keywords)


def test_an_undeclared_prefix_after_the_reported_position_is_still_named():
    """The fallback for a position before the name (pyoxigraph reports it just after; a column counted
    another way, e.g. in bytes, may not be): the whole text is searched."""
    from cyberkg.store.queries import explain_syntax_error

    out = explain_syntax_error("SELECT * WHERE { ?s foo:p ?o }", "error at 1:1: expected one of Prefix not found, ['%']")
    assert out.split("\n")[3].startswith("prefix foo: is not declared; declared: ckg:")


def test_an_iri_parameter_is_accepted_when_the_store_states_something_about_it_as_subject_or_object():
    from pyoxigraph import NamedNode, Quad, Store

    from cyberkg.store.queries import QueryError, check_params

    ex = "https://example.org/"
    store = Store()
    store.add(Quad(NamedNode(ex + "country/BTN"), NamedNode(ex + "sameAs"), NamedNode("http://www.wikidata.org/entity/Q917"),
                   NamedNode(ex + "g")))
    declared = {"entity": "the entity's IRI"}
    for iri in (ex + "country/BTN", "http://www.wikidata.org/entity/Q917"):  # only a subject; only an object
        assert check_params(store, {"entity": iri}, declared)["entity"] == NamedNode(iri)
    with pytest.raises(QueryError, match="is not in this store"):
        check_params(store, {"entity": ex + "sameAs"}, declared)  # only a predicate: nothing is stated about it


def test_an_example_value_outside_the_basic_multilingual_plane_is_written_into_the_query_unchanged(tmp_path):
    from pyoxigraph import Store

    from cyberkg.store.queries import inline_example, parse_header

    f = tmp_path / "q.rq"
    f.write_text("# name: echo\n# param: label = any label\n# example: label=𝔸thína😀\nSELECT ?label WHERE { }\n", encoding="utf-8")
    assert [r["label"].value for r in Store().query(inline_example(parse_header(f)))] == ["𝔸thína😀"]
