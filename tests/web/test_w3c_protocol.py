"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only query service, against a real
`cyberkg serve` on 127.0.0.1.

The manifest (tests/data/w3c-protocol/manifest.ttl, from w3c/rdf-tests, W3C test suite licence;
see the README there) describes each case as HTTP requests and the expected status and result
format.  Each applicable entry is implemented here by hand as `test_<entry>`, from its manifest
description; `test_every_manifest_entry_is_implemented_or_listed_as_not_applicable` keeps the two
in step.  The server runs over a store holding the manifest's graph data (data1-3.nt in the named
graphs http://kasei.us/2009/09/sparql/data/data1.rdf ...); data0.rdf, named by several cases, is
not in it and so is an empty graph (the dataset semantics of a quad store).
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ..conftest import ROOT
from .test_serve import Server

W3C = ROOT / "tests" / "data" / "w3c-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
MANIFEST = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#"

# Entries that do not apply to a read-only service, with the reason.
NOT_APPLICABLE = {
    name: "an update that must succeed (2xx): this endpoint is read-only and answers every update 403"
    for name in ("update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
                 "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri")
}


@pytest.fixture(scope="module")
def w3c(tmp_path_factory):
    from pyoxigraph import NamedNode, RdfFormat, Store

    d = tmp_path_factory.mktemp("w3c")
    store = Store(str(d / "store"))
    for i in (1, 2, 3):
        store.load(path=str(W3C / f"data{i}.nt"), format=RdfFormat.N_TRIPLES, to_graph=NamedNode(f"{KASEI}data{i}.rdf"))
    store.flush()
    del store
    s = Server(d / "store", d / "serve.log", "--workers", "2")
    yield s
    s.stop()


def call(srv, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """One request as the manifest writes it (`/sparql/` is this server's `/sparql`)."""
    assert path.startswith("/sparql/")
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request(method, "/sparql" + path[len("/sparql/"):], body=body,
                     headers={"Host": "127.0.0.1", **(headers or {})})
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type") or "", r.read()
    finally:
        conn.close()


def q(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def dg(*names: str, param: str = "default-graph-uri") -> str:
    return "&".join(f"{param}={q(KASEI + n)}" for n in names)


def boolean(ctype: str, body: bytes) -> bool:
    """The value of a SPARQL boolean result, in JSON or XML (mf:expectedFormat "boolean")."""
    if ctype.startswith("application/sparql-results+json"):
        return json.loads(body)["boolean"]
    assert ctype.startswith("application/sparql-results+xml"), ctype
    el = ET.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return el.text.strip() == "true"


def ok_boolean(res, want: bool = True) -> None:
    status, ctype, body = res
    assert 200 <= status < 400, (status, body[:300])
    assert boolean(ctype, body) is want, body[:300]


def is_4xx(res) -> None:
    assert 400 <= res[0] < 500, res


SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
BOTH = (f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}")
NAMED = (f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")


# ------------------------------------------------------------------ queries

def test_query_post_form(w3c):
    ok_boolean(call(w3c, "POST", "/sparql/?" + dg("data0.rdf"), b"query=ASK%20%7B%7D", FORM))


def test_query_dataset_default_graphs_get(w3c):
    ok_boolean(call(w3c, "GET", f"/sparql/?query={q(BOTH)}&" + dg("data1.rdf", "data2.rdf")))


def test_query_dataset_default_graphs_post(w3c):
    ok_boolean(call(w3c, "POST", "/sparql/?" + dg("data1.rdf", "data2.rdf"), BOTH.encode(), SPARQL_QUERY))


def test_query_dataset_named_graphs_post(w3c):
    ok_boolean(call(w3c, "POST", "/sparql/?" + dg("data1.rdf", "data2.rdf", param="named-graph-uri"),
                    NAMED.encode(), SPARQL_QUERY))


def test_query_dataset_named_graphs_get(w3c):
    ok_boolean(call(w3c, "GET", f"/sparql/?query={q(NAMED)}&" + dg("data1.rdf", "data2.rdf", param="named-graph-uri")))


def test_query_dataset_full(w3c):
    text = (f"ASK {{\n  <{KASEI}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}\n"
            f"  GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }}\n}}")
    path = "/sparql/?" + dg("data3.rdf") + "&" + dg("data1.rdf", "data2.rdf", param="named-graph-uri")
    ok_boolean(call(w3c, "POST", path, text.encode(), SPARQL_QUERY))


def test_query_multiple_dataset(w3c):
    """FROM in the query and named-graph-uri in the request: the protocol's dataset is used."""
    text = (f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
            f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
    ok_boolean(call(w3c, "POST", "/sparql/?" + dg("data1.rdf", "data2.rdf", param="named-graph-uri"),
                    text.encode(), SPARQL_QUERY))


def test_query_get(w3c):
    ok_boolean(call(w3c, "GET", "/sparql/?query=ASK%20%7B%7D&" + dg("data0.rdf")))


def test_query_content_type_select(w3c):
    status, ctype, body = call(w3c, "POST", "/sparql/?" + dg("data0.rdf"), b"SELECT (1 AS ?value) {}", SPARQL_QUERY)
    assert status == 200 and ctype.split(";")[0] in ("application/sparql-results+xml", "application/sparql-results+json",
                                                     "text/csv", "text/tab-separated-values"), ctype
    assert json.loads(body)["results"]["bindings"][0]["value"]["value"] == "1"


def test_query_content_type_ask(w3c):
    status, ctype, body = call(w3c, "POST", "/sparql/?" + dg("data0.rdf"), b"ASK {}", SPARQL_QUERY)
    assert status == 200 and ctype.split(";")[0] in ("application/sparql-results+xml", "application/sparql-results+json")
    assert boolean(ctype, body) is True


RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml")


def test_query_content_type_describe(w3c):
    status, ctype, _ = call(w3c, "POST", "/sparql/?" + dg("data0.rdf"), b"DESCRIBE <http://example.org/>", SPARQL_QUERY)
    assert status == 200 and ctype.split(";")[0] in RDF_TYPES, ctype


def test_query_content_type_construct(w3c):
    status, ctype, body = call(w3c, "POST", "/sparql/?" + dg("data0.rdf"), b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                               SPARQL_QUERY)
    assert status == 200 and ctype.split(";")[0] in RDF_TYPES, ctype
    assert b"<p>" in body or b"/p>" in body, body  # the relative IRIs resolved against the service's base


def test_query_post_direct(w3c):
    ok_boolean(call(w3c, "POST", "/sparql/", b"ASK {}", SPARQL_QUERY))


# ------------------------------------------------------------------ bad queries

def test_bad_query_method(w3c):
    is_4xx(call(w3c, "PUT", "/sparql/?query=ASK%20%7B%7D&" + dg("data0.rdf"), None, FORM))


def test_bad_multiple_queries(w3c):
    is_4xx(call(w3c, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"))


def test_bad_query_wrong_media_type(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"ASK {}", {"Content-Type": "text/plain"}))


def test_bad_query_missing_form_type(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"query=ASK%20%7B%7D"))


def test_bad_query_missing_direct_type(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"ASK {}"))


def test_bad_query_non_utf8(w3c):
    status, _, body = call(w3c, "POST", "/sparql/", "ASK {}".encode("utf-16"),
                           {"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert status in (400, 415) and b"UTF-8" in body and b"charset" in body, (status, body)


def test_bad_query_syntax(w3c):
    is_4xx(call(w3c, "GET", "/sparql/?query=ASK%20%7B"))


# ------------------------------------------------------------------ bad updates (every update is refused here)

def test_bad_update_get(w3c):
    is_4xx(call(w3c, "GET", "/sparql/?update=CLEAR%20ALL"))


def test_bad_multiple_updates(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM))


def test_bad_update_wrong_media_type(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"CLEAR NAMED", {"Content-Type": "text/plain"}))


def test_bad_update_missing_form_type(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"update=CLEAR%20NAMED"))


def test_bad_update_non_utf8(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", "CLEAR NAMED".encode("utf-16"),
                {"Content-Type": "application/sparql-update; charset=UTF-16"}))


def test_bad_update_syntax(w3c):
    is_4xx(call(w3c, "POST", "/sparql/", b"update=CLEAR%20XYZ", FORM))


def test_bad_update_dataset_conflict(w3c):
    text = ("PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
            "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
            "WHERE {\n    ?person foaf:givenName 'Bill'\n}")
    is_4xx(call(w3c, "POST", "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople", text.encode(),
                {"Content-Type": "application/sparql-update"}))


# ------------------------------------------------------------------ the manifest and the tests agree

def manifest_entries() -> list[str]:
    from pyoxigraph import RdfFormat, Store

    st = Store()
    st.load(path=str(W3C / "manifest.ttl"), format=RdfFormat.TURTLE,
            base_iri="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl")
    rows = st.query("PREFIX mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#> "
                    "SELECT ?e WHERE { ?m mf:entries/<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/"
                    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?e }")
    names = [r["e"].value for r in rows]
    assert all(n.startswith(MANIFEST) for n in names)
    return [n[len(MANIFEST):] for n in names]


def test_every_manifest_entry_is_implemented_or_listed_as_not_applicable():
    entries = manifest_entries()
    assert len(entries) == 34, entries
    implemented = {n[len("test_"):] for n in globals() if n.startswith("test_")} & set(entries)
    missing = set(entries) - implemented - set(NOT_APPLICABLE)
    assert not missing, f"manifest entries with no test and no reason: {sorted(missing)}"
    assert not implemented & set(NOT_APPLICABLE)
    assert set(NOT_APPLICABLE) <= set(entries)
    assert len(implemented) == 27


# ------------------------------------------------------------------ a common client: rdflib's SPARQLStore

def test_rdflib_dataset_over_sparqlstore(w3c):
    """rdflib's `Dataset(store=SPARQLStore(url))` sends its own default-graph IRI
    (urn:x-rdflib:default) with every query: a graph this store does not have, so an empty one,
    answered, never refused (it was an opaque ValueError).  Its graphs are listed, and a graph of
    the dataset is queried by its name (rdflib sends it as default-graph-uri)."""
    pytest.importorskip("rdflib")
    from rdflib import Dataset, Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    ds = Dataset(store=SPARQLStore(f"http://127.0.0.1:{w3c.port}/sparql"))
    assert list(ds.query("SELECT ?s WHERE { ?s a ?t }")) == []  # its default graph: empty here
    assert bool(ds.query("ASK {}").askAnswer) is True
    names = sorted(str(c.identifier if hasattr(c, "identifier") else c) for c in ds.store.contexts())
    assert names == [f"{KASEI}data{i}.rdf" for i in (1, 2, 3)]
    g = Graph(store=ds.store, identifier=URIRef(f"{KASEI}data2.rdf"))  # ds.graph() would add it: read-only
    assert [str(r[0]) for r in g.query("SELECT ?s WHERE { ?s a ?t }")] == [f"{KASEI}data2.rdf"]
    assert len(list(g.triples((None, None, None)))) == 1
