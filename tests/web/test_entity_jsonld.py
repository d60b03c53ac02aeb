"""Entity pages as JSON-LD carry an @context with compact, readable keys, and mean exactly what the
Turtle of the same page means: expanded by pyld (the JSON-LD 1.1 reference algorithms, with no
document loader, so nothing is fetched) to RDF, they give the same triples.

Runs the server's query engine in-process (`cyberkg.web.executor.Engine`) on the bundled data.
"""

from __future__ import annotations

import json

import pytest
from pyoxigraph import RdfFormat, parse

from cyberkg.store import build as B

from ..conftest import DATA

ID = "https://w3id.org/cyberkg/id/"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from cyberkg.web.executor import Engine

    store = tmp_path_factory.mktemp("jsonld") / "store"
    assert B.build([DATA], store).conforms
    return Engine(str(store.resolve()))


def _page(engine, iri: str, fmt: str) -> bytes:
    r = engine.handle({"op": "entity", "iri": iri, "format": fmt, "max_rows": 100000})
    assert r.status == 200, r
    return r.body


def _sample(engine) -> list[str]:
    """Up to 3 entities of every class (under id/), plus ones with language tags, typed literals,
    Wikidata links and incoming links."""
    rows = engine.store.query("""SELECT ?c (GROUP_CONCAT(STR(?s); separator=" ") AS ?ss) WHERE {
        SELECT DISTINCT ?c ?s WHERE { ?s a ?c FILTER(STRSTARTS(STR(?s), "%s")) } } GROUP BY ?c""" % ID,
                              use_default_graph_as_union=True)
    out = set()
    for r in rows:
        out.update(sorted(r["ss"].value.split())[:3])
    return sorted(out)


def _no_loader(url, options=None):
    raise AssertionError(f"pyld tried to load {url}")


def _jsonld_triples(body: bytes) -> set:
    from pyld import jsonld

    doc = json.loads(body)
    nq = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _no_loader})
    return {q.triple for q in parse(nq.encode("utf-8"), format=RdfFormat.N_QUADS)}


def test_entity_jsonld_expands_to_the_same_triples_as_the_turtle_page(engine):
    entities = _sample(engine)
    assert len(entities) > 40 and f"{ID}country/BTN" in entities
    for iri in entities:
        ttl = {q.triple for q in parse(_page(engine, iri, "ttl"), format=RdfFormat.TURTLE)}
        got = _jsonld_triples(_page(engine, iri, "jsonld"))
        assert got == ttl, (iri, sorted(map(str, got ^ ttl))[:6])


def test_entity_jsonld_has_a_context_with_readable_keys(engine):
    doc = json.loads(_page(engine, f"{ID}country/BTN", "jsonld"))
    ctx = doc["@context"]
    assert ctx["id"] == ID and ctx["ckg"] == "https://w3id.org/cyberkg/ontology#"
    assert ctx["label"] == "http://www.w3.org/2000/01/rdf-schema#label"
    assert ctx["exactMatch"] == {"@id": "http://www.w3.org/2004/02/skos/core#exactMatch", "@type": "@id"}
    (btn,) = [n for n in doc["@graph"] if n["@id"] == "id:country/BTN"]
    assert btn["@type"] == ["ckg:Country"] and btn["label"] == "Bhutan"
    assert btn["exactMatch"] == "wd:Q917" and btn["iso3166Alpha3"] == "BTN"
    # every key of every node is a context term, a prefixed name or a keyword; never a full IRI here
    for node in doc["@graph"]:
        for k in node:
            assert k.startswith("@") or k in ctx or k.split(":", 1)[0] in ctx, k


def test_local_names_shared_by_two_vocabularies_stay_prefixed(engine):
    from pyoxigraph import Literal, NamedNode, Triple

    from cyberkg.web.jsonld import context_for

    s = NamedNode(ID + "x")
    ctx = context_for([Triple(s, NamedNode("http://purl.org/dc/terms/source"), Literal("a")),
                       Triple(s, NamedNode("https://w3id.org/cyberkg/ontology#source"), Literal("b")),
                       Triple(s, NamedNode("https://w3id.org/cyberkg/ontology#id"), NamedNode(ID + "y"))])
    assert "source" not in ctx and ctx["dct:source"] == "http://purl.org/dc/terms/source"
    assert ctx["ckg:source"] == "https://w3id.org/cyberkg/ontology#source"
    assert ctx["ckg:id"] == {"@id": "https://w3id.org/cyberkg/ontology#id", "@type": "@id"}
