"""protocol.py without a server: content negotiation and the query-text checks."""

from __future__ import annotations

import asyncio

import pytest

from cyberkg.web import protocol as P

G = "https://w3id.org/cyberkg/id/doc/profile-bhutan-f253079f"
GRAPHS = frozenset({G})
LIMITS = P.Limits(max_request_bytes=4096)


@pytest.mark.parametrize("accept, offers, want", [
    (None, P.RESULT_OFFERS, "json"),
    ("", P.GRAPH_OFFERS, "ttl"),
    ("*/*", P.RESULT_OFFERS, "json"),
    ("text/csv", P.RESULT_OFFERS, "csv"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", P.RESULT_OFFERS, "xml"),
    ("application/sparql-results+json;q=0, */*", P.RESULT_OFFERS, "xml"),
    ("text/*;q=0.8, application/sparql-results+json;q=0.3", P.RESULT_OFFERS, "csv"),
    ("text/tab-separated-values; charset=utf-8", P.RESULT_OFFERS, "tsv"),
    ("application/json", P.RESULT_OFFERS, "json"),
    ("application/json", P.GRAPH_OFFERS, "jsonld"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.95", P.GRAPH_OFFERS, "ttl"),
    ("application/n-quads", P.GRAPH_OFFERS, "nq"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", P.GRAPH_OFFERS + ("html",), "html"),
    ("text/turtle", P.RESULT_OFFERS, None),
    ("application/sparql-results+json", P.GRAPH_OFFERS, None),
    ("text/csv;q=0", P.RESULT_OFFERS, None),
])
def test_negotiate(accept, offers, want):
    f = P.negotiate(accept, offers)
    assert (f.key if f else None) == want


def test_choose_format_406_and_format_param():
    with pytest.raises(P.ProtocolError) as e:
        P.choose_format("image/png", P.RESULT_OFFERS)
    assert e.value.status == 406
    assert P.choose_format("image/png", P.RESULT_OFFERS, "csv").key == "csv"  # format= wins
    with pytest.raises(P.ProtocolError):
        P.choose_format(None, P.RESULT_OFFERS, "ttl")


@pytest.mark.parametrize("text, form, update, services", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT", False, ()),
    ("PREFIX ex: <http://e/> BASE <http://b/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT", False, ()),
    ("# a comment with SERVICE <http://x/>\nASK { ?s ?p 'SERVICE <http://x/> {}' }", "ASK", False, ()),
    ("SELECT ?service WHERE { ?service <http://e/SERVICE> <http://x/#SERVICE> }", "SELECT", False, ()),
    ('SELECT * WHERE { ?s ?p """multi\nline SERVICE""" }', "SELECT", False, ()),
    ("SELECT * WHERE { ?s ?p \"x\"@service }", "SELECT", False, ()),
    ("SELECT * WHERE { service <http://x/sparql> { ?s ?p ?o } }", "SELECT", False, ("http://x/sparql",)),
    ("SELECT * WHERE { SERVICE SILENT ?ep { ?s ?p ?o } }", "SELECT", False, (None,)),
    ("PREFIX x: <http://x/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }", "SELECT", False, ("http://x/sparql",)),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/s> { ?s ?p ?o } }", "SELECT", False, ("http://x/s",)),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", None, True, ()),
    ("PREFIX a: <http://a/> # c\n DELETE WHERE { ?s ?p ?o }", None, True, ()),
    ("LOAD <http://example.org/data.ttl>", None, True, ()),
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", None, True, ()),
])
def test_analyse(text, form, update, services):
    a = P.analyse(text)
    assert (a.form, a.update, a.services) == (form, update, services)


def test_analyse_from_clauses_resolve_prefixes_and_base():
    a = P.analyse("PREFIX d: <https://w3id.org/cyberkg/id/doc/> BASE <http://b/>\n"
                  "SELECT * FROM d:profile-bhutan-f253079f FROM NAMED <rel> WHERE { ?s ?p ?o }")
    assert a.from_default == (G,)
    assert a.from_named == ("http://b/rel",)
    assert a.has_dataset


def _req(method="GET", qs="", body=b"", headers=None):
    async def chunks():
        if body:
            yield body
    h = {k.lower(): v for k, v in (headers or {}).items()}
    if body:
        h.setdefault("content-length", str(len(body)))
    return asyncio.run(P.sparql_request(method, h, qs, chunks(), LIMITS, GRAPHS))


def _status(**kw) -> int:
    try:
        _req(**kw)
    except P.ProtocolError as e:
        return e.status
    return 200


def test_request_rules():
    assert _req(qs="") is None  # service description
    r = _req(qs="query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D")
    assert r.union and r.format.key == "json" and r.form == "SELECT"
    assert _status(qs="query=a&query=b") == 400
    assert _status(method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}, body=b"x=1") == 400
    assert _status(qs="update=CLEAR%20ALL") == 403
    assert _status(method="POST", headers={"Content-Type": "application/sparql-update"}, body=b"CLEAR ALL") == 403
    assert _status(method="POST", headers={"Content-Type": "text/plain"}, body=b"ASK {}") == 415
    assert _status(method="POST", headers={"Content-Type": "application/sparql-query"}, body=b"ASK {}" + b" " * 5000) == 413
    assert _status(method="PUT") == 405
    r = _req(qs="query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fexample.org%2F")  # empty, not refused
    assert r.default_graph == ["http://example.org/"] and not r.union
    assert _status(qs="query=ASK%7B%7D&default-graph-uri=a%20b") == 400
    for ct, body in [("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16")),
                     ("application/sparql-query", "ASK {}".encode("utf-16")),
                     ("application/sparql-query", "ASK {}".encode("utf-16-le")),
                     ("application/sparql-query; charset=iso-8859-1", b"ASK {}")]:
        with pytest.raises(P.ProtocolError) as e:
            _req(method="POST", headers={"Content-Type": ct}, body=body)
        assert e.value.status == 415 and "UTF-8" in e.value.message and ("charset" in e.value.message
                                                                          or "UTF-16" in e.value.message)
    assert _status(method="POST", headers={"Content-Type": "application/sparql-query"}, body=b"ASK {} # \xe9") == 400
    r = _req(qs=f"query=ASK%7B%7D&named-graph-uri={G}")
    assert r.default_graph == [] and r.named_graphs == [G] and not r.union
    r = _req(method="POST", headers={"Content-Type": "application/sparql-query; charset=utf-8"},
             body=f"SELECT * FROM <{G}> {{ ?s ?p ?o }}".encode())
    assert not r.union and r.default_graph is None


def test_service_description_has_no_blank_nodes():
    triples = P.service_description("http://127.0.0.1:1/sparql", sorted(GRAPHS))
    assert all(type(t.subject).__name__ == "NamedNode" and type(t.object).__name__ != "BlankNode" for t in triples)
