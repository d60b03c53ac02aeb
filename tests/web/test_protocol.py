"""Content negotiation (web/protocol.py) case by case, after RFC 9110 §12.5.1 (Accept).

Each case is written to separate one rule from the others: with the rule broken, the case picks a
different format.  Offers are in server preference order (results: json, xml, csv, tsv; graphs:
ttl, nt, rdfxml, jsonld, nq, trig), which breaks ties.
"""

from __future__ import annotations

import pytest

from cyberkg.web import protocol as P

R, G = P.RESULT_OFFERS, P.GRAPH_OFFERS


def chosen(accept, offers=R):
    f = P.negotiate(accept, offers)
    return f.key if f else None


@pytest.mark.parametrize("accept, want", [
    # no preference: the server's first offer
    (None, "json"), ("", "json"), ("   ", "json"), ("*/*", "json"), (",,", "json"),
    # a bare "*" is "*/*" (sent by some clients); dropping it would leave csv the only acceptable type
    ("*", "json"), ("text/csv;q=0.5, *", "json"), ("*;q=0.2, text/csv;q=0.5", "csv"),
    # the most specific range decides a type's q, whatever the order (§12.5.1: "more specific ... override")
    ("text/*, text/csv;q=0", "tsv"), ("text/csv;q=0, text/*", "tsv"),
    ("text/*;q=0.9, text/csv;q=0.2", "tsv"), ("text/csv;q=0.2, text/*;q=0.9", "tsv"),
    ("*/*;q=0.1, text/csv", "csv"), ("*/*, application/sparql-results+json;q=0", "xml"),
    ("text/*;q=0.5, */*;q=0.9", "json"), ("application/*;q=0.2, */*;q=0.1, text/csv;q=0.15", "json"),
    # q=0 is "not acceptable", q=0.001 is acceptable
    ("text/csv;q=0", None), ("text/csv;q=0.001, application/sparql-results+xml;q=0", "csv"),
    ("text/csv;q=0.001, text/tab-separated-values;q=0.002", "tsv"),
    # equal q: server order
    ("text/csv, text/tab-separated-values, application/sparql-results+xml", "xml"),
    ("text/tab-separated-values;q=0.5, text/csv;q=0.5", "csv"),
    # case-insensitive type, subtype and parameter name; whitespace around everything
    ("TEXT/CSV", "csv"), ("Text/Tab-Separated-Values", "tsv"),
    ("text/csv;Q=0.5, application/sparql-results+xml;q=0.4", "csv"), ("text/csv;Q=0", None),
    ("  text/csv ; q=0.5 ,application/sparql-results+xml ; q=0.4 ", "csv"),
    # other media-type parameters do not hide the q that follows them
    ("text/csv;charset=utf-8;q=0.5, text/tab-separated-values;q=0.4", "csv"),
    ("text/csv;header=present;q=0.3, text/tab-separated-values;q=0.4", "tsv"),
    # a malformed q never raises a type above a well-formed one
    ("text/csv;q=abc, application/sparql-results+xml;q=0.5", "xml"),
    ("text/csv;q=, application/sparql-results+xml;q=0.5", "xml"),
    # malformed ranges are ignored, the rest still counts
    ("garbage, text/csv", "csv"), ("text, text/tab-separated-values;q=0.5", "tsv"),
    # aliases count only through an exact range, with their own q
    ("application/json", "json"), ("text/xml", "xml"), ("application/xml;q=0.5, text/csv;q=0.4", "xml"),
    ("application/sparql-results+json;q=0.1, application/json;q=0.9, application/sparql-results+xml;q=0.5", "json"),
    ("application/json;q=0.1, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.5", "json"),
    ("text/*;q=0.5, application/sparql-results+json;q=0.4", "csv"),  # text/xml (an alias) is not reached by text/*
    ("application/json;q=0.5, */*;q=0.9", "xml"),  # the exact alias range, not */*, decides json's q
    # nothing acceptable: None (406)
    ("text/turtle", None), ("image/png, text/html", None), ("application/sparql-results+json;q=0", None),
])
def test_negotiate_results(accept, want):
    assert chosen(accept) == want


@pytest.mark.parametrize("accept, want", [
    ("*/*", "ttl"), ("application/*", "nt"), ("application/json", "jsonld"), ("application/ld+json", "jsonld"),
    ("application/json;q=0.5, text/turtle;q=0.4", "jsonld"), ("application/xml", "rdfxml"),
    ("text/*;q=0.1, application/n-quads", "nq"), ("application/trig;q=0.9, application/n-quads;q=0.9", "nq"),
    ("application/x-turtle", "ttl"), ("application/sparql-results+json", None), ("text/csv", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "rdfxml"),
])
def test_negotiate_graphs(accept, want):
    assert chosen(accept, G) == want


def test_html_offered_to_browsers_only_when_asked_first():
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert chosen(browser, G + ("html",)) == "html"
    assert chosen("application/xhtml+xml", R + ("html",)) == "html"
    assert chosen("*/*", R + ("html",)) == "json"


@pytest.mark.parametrize("q", ["nan", "2", "1e0", ".9"])
def test_qvalue_outside_the_rfc_grammar_is_malformed(q):
    assert chosen(f"text/csv;q={q}, application/sparql-results+xml;q=0.5") == "xml"


def test_choose_format_by_name_media_type_or_accept():
    assert P.choose_format("text/csv", R, "tsv").key == "tsv"  # format= wins over Accept
    assert P.choose_format(None, R, " CSV ").key == "csv"
    assert P.choose_format(None, G, "text/turtle").key == "ttl"
    assert P.choose_format(None, G, "n-triples").key == "nt"
    assert P.choose_format("application/sparql-results+xml", R).key == "xml"
    for accept, offers, fmt in (("text/turtle", R, None), (None, R, "ttl"), (None, R, "nonsense")):
        with pytest.raises(P.ProtocolError) as e:
            P.choose_format(accept, offers, fmt)
        assert e.value.status == 406
        assert "application/sparql-results+json, application/sparql-results+xml, text/csv" in str(e.value)


def test_offers_by_query_form():
    assert P.offers_for("SELECT") == R and P.offers_for("ASK") == R and P.offers_for(None) == R
    assert P.offers_for("CONSTRUCT") == G and P.offers_for("DESCRIBE") == G
    assert P.offers_for("SELECT", html=True) == R + ("html",)


@pytest.mark.parametrize("key, content_type", [
    ("json", "application/sparql-results+json"), ("csv", "text/csv; charset=utf-8"),
    ("ttl", "text/turtle; charset=utf-8"), ("nt", "application/n-triples; charset=utf-8"),
    ("nq", "application/n-quads; charset=utf-8"), ("trig", "application/trig; charset=utf-8"),
    ("jsonld", "application/ld+json"), ("rdfxml", "application/rdf+xml"), ("html", "text/html; charset=utf-8"),
])
def test_content_type_carries_the_charset_of_text_formats(key, content_type):
    assert P.FORMATS[key].content_type == content_type


# --- refusals say why ---------------------------------------------------------------------------

LIMITS = P.Limits(max_request_bytes=4096)
GRAPH = "https://w3id.org/cyberkg/id/doc/x"


@pytest.mark.parametrize("q, reason", [
    ("SELECT * WHERE { SERVICE <http://e.org/sparql> { ?s ?p ?o } }",
     "SERVICE <http://e.org/sparql> is refused: federated queries are disabled"),
    ("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }", "SERVICE a variable endpoint is refused"),
    ("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "read-only: SPARQL Update is not accepted"),
    ("LOAD <http://e.org/x.ttl>", "read-only"),
])
def test_check_query_refusals_name_the_reason(q, reason):
    with pytest.raises(P.ProtocolError) as e:
        P.check_query(q, LIMITS, frozenset({GRAPH}))
    assert reason in str(e.value)
    assert e.value.status == (403 if "read-only" in reason else 400)


def test_allow_federation_lets_exactly_the_listed_endpoint_through():
    limits = P.Limits(max_request_bytes=4096, allow_federation=frozenset({"http://e.org/sparql"}))
    P.check_query("SELECT * WHERE { SERVICE <http://e.org/sparql> { ?s ?p ?o } }", limits, frozenset())
    with pytest.raises(P.ProtocolError, match="except to --allow-federation endpoints"):
        P.check_query("SELECT * WHERE { SERVICE <http://e.org/sparql2> { ?s ?p ?o } }", limits, frozenset())
    with pytest.raises(P.ProtocolError, match="variable endpoint"):
        P.check_query("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }", limits, frozenset())


def test_from_a_graph_of_the_store_is_allowed_and_others_are_never_fetched():
    a = P.check_query(f"SELECT * FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}", LIMITS, frozenset({GRAPH}))
    assert list(a.from_default) == [GRAPH] and a.has_dataset
    try:
        P.check_query("SELECT * FROM <http://e.org/g> WHERE { ?s ?p ?o }", LIMITS, frozenset({GRAPH}))
    except P.ProtocolError as e:  # or, with other dataset semantics, an empty graph: never fetched either way
        assert e.status == 400 and "not fetched" in str(e)


@pytest.mark.parametrize("q, form, services, from_default, from_named", [
    ("PREFIX a: <http://a/> PREFIX x: <http://x/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }",
     "SELECT", ("http://x/sparql",), (), ()),
    ("PREFIX x: <http://x/> ASK { }", "ASK", (), (), ()),
    ("BASE <http://b/dir/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }", "SELECT", ("http://b/dir/sparql",), (), ()),
    ("BASE <http://b/> PREFIX : <http://c/> SELECT * FROM :g FROM NAMED <h> WHERE { ?s ?p ?o }",
     "SELECT", (), ("http://c/g",), ("http://b/h",)),
    ("PREFIX x: <http://x/> PREFIX y: <http://y/> CONSTRUCT WHERE { SERVICE SILENT y:e { ?s ?p ?o } }",
     "CONSTRUCT", ("http://y/e",), (), ()),
])
def test_analyse_reads_prefixes_base_and_dataset_clauses(q, form, services, from_default, from_named):
    a = P.analyse(q)
    assert (a.form, a.services, tuple(a.from_default), tuple(a.from_named), a.error, a.update) == \
        (form, services, from_default, from_named, None, False)


def test_analyse_reports_an_undeclared_prefix():
    assert "prefix z: is not declared" in P.analyse("SELECT * WHERE { SERVICE z:e { ?s ?p ?o } }").error


def test_a_query_nested_deeper_than_the_limit_is_refused_with_the_reason():
    deep = "SELECT * WHERE " + "{" * (P.MAX_NESTING + 1) + " ?s ?p ?o " + "}" * (P.MAX_NESTING + 1)
    assert P.analyse(deep).error == f"the query is nested more than {P.MAX_NESTING} levels deep"
    ok = "SELECT * WHERE " + "{" * P.MAX_NESTING + " ?s ?p ?o " + "}" * P.MAX_NESTING
    assert P.analyse(ok).error is None


def test_the_protocols_default_request_limit_is_the_servers_and_the_clis():
    """Limits() is what a caller without a server configuration gets: the same 1 MiB as `cyberkg serve`."""
    from cyberkg.web.serve import Config

    assert P.Limits().max_request_bytes == Config("x").max_request_bytes == 1 << 20


@pytest.mark.parametrize("q", ["INSERT { <http://a/s> <http://a/p> 1 } WHERE { }", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                               "INSERT DATA { <http://a/s> <http://a/p> 1 }",
                               # not the first word: a query smuggling an update after it is still refused as one (403)
                               "SELECT * WHERE { } ; INSERT { <http://a/s> <http://a/p> 1 } WHERE { }"])
def test_insert_and_delete_templates_are_updates(q):
    assert P.analyse(q).update is True


def test_a_utf8_byte_order_mark_before_a_posted_query_is_dropped():
    assert P._decode("\ufeffASK {}".encode(), "application/sparql-query") == "ASK {}"
    assert P._decode(b"ASK {}", "application/sparql-query; charset=utf-8") == "ASK {}"


def test_the_service_description_states_the_union_default_graph_only_when_the_endpoint_has_it_and_lists_every_named_graph():
    from cyberkg.web.protocol import SD, service_description

    ep = "http://localhost:8000/sparql"
    graphs = ["https://w3id.org/cyberkg/id/doc/b", "https://w3id.org/cyberkg/id/doc/a", "https://w3id.org/cyberkg/id/ontology"]

    def about(t, s, p):
        return sorted(x.object.value for x in t if x.subject.value == s and x.predicate.value == p)

    t = service_description(ep, graphs)
    assert about(t, ep, SD + "feature") == [SD + "UnionDefaultGraph"]
    assert about(service_description(ep, graphs, union_default=False), ep, SD + "feature") == []
    named = about(t, ep + "#dataset", SD + "namedGraph")
    assert named == [f"{ep}#named-graph-{i}" for i in range(3)]
    assert [about(t, n, SD + "name") for n in named] == [[g] for g in sorted(graphs)]
    assert all(about(t, n, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == [SD + "NamedGraph"] for n in named)
