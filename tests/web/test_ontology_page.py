"""`cyberkg serve` /ontology: the pyLODE page by default, the ontology as Turtle by Accept or format=."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic
from starlette.testclient import TestClient

from cyberkg.outputs import ontodoc
from cyberkg.web.serve import Config, create_app

from ..conftest import DATA


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from cyberkg.store import build as B

    store = tmp_path_factory.mktemp("serve") / "store"
    B.build([DATA], store)
    # Without the lifespan: /ontology needs no query workers, so none are started.
    return TestClient(create_app(Config(store_dir=str(store.resolve()), workers=1)), base_url="http://127.0.0.1")


def test_ontology_is_html_by_default_and_self_contained(client):
    r = client.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.text == ontodoc.ontology_html()
    assert "CyberKG: ITU Cyberwellness Profiles as a knowledge graph" in r.text
    assert ontodoc.external_loads(r.text) == []


@pytest.mark.parametrize("how", [{"headers": {"Accept": "text/turtle"}}, {"params": {"format": "ttl"}}])
def test_ontology_as_turtle_is_the_ontology_files(client, how):
    r = client.get("/ontology", **how)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"] == "Accept"
    assert isomorphic(rdflib.Graph().parse(data=r.text, format="turtle"), ontodoc.ontology_graph())
    assert r.content == client.get("/ontology", **how).content  # same bytes every time (canonical blank nodes)


def test_ontology_in_an_unavailable_format_is_406(client):
    assert client.get("/ontology", headers={"Accept": "application/sparql-results+json"}).status_code == 406


# ------------------------------------------------------------------ what a reader sees (issue 16)

TITLE = "CyberKG: ITU Cyberwellness Profiles as a knowledge graph"


def test_the_page_documents_one_ontology_and_each_concept_scheme_once():
    import collections
    import re

    html = ontodoc.ontology_html()
    assert re.findall(r"<title>(.*?)</title>", html, re.S) == [TITLE]
    assert re.findall(r"<h1>(.*?)</h1>", html, re.S) == [TITLE]
    assert re.search(r"<strong>IRI</strong>.*?<code>(.*?)</code>", html, re.S)[1] == "https://w3id.org/cyberkg/ontology"
    ids = collections.Counter(re.findall(r' id="([^"]+)"', html))
    assert not [i for i, n in ids.items() if n > 1]
    toc = html[html.index('id="toc"'):]
    labels = collections.Counter(re.findall(r'<a href="#[^"]+">([^<]+)</a>', toc))
    assert labels["Country"] == 1 and not [t for t, n in labels.items() if n > 1]
    g = ontodoc.ontology_graph()
    schemes = set(g.subjects(rdflib.RDF.type, rdflib.SKOS.ConceptScheme))
    assert len(schemes) >= 5
    section = html[html.index('id="conceptschemes"'):html.index('<div id="namespaces">')]
    for s in schemes:
        assert section.count(f"<code>{s}</code>") == 1, s
        for c in set(g.subjects(rdflib.SKOS.inScheme, s)):
            assert f'href="{c}"' in section, c


def _read_in_chromium(chromium, url: str, allowed: str) -> tuple[str, str, str, list[str]]:
    """Heading, browser title and the IRI shown, as Chromium renders them; requests elsewhere aborted."""
    ctx = chromium.new_context()
    outside = []

    def guard(route):
        if route.request.url.startswith(allowed) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(20_000)
        pg.goto(url)
        h1 = pg.locator("h1").all_inner_texts()
        iri = pg.locator("#metadata dd code").first.inner_text()
        return h1, pg.title(), iri, outside
    finally:
        ctx.close()


def test_ontology_page_in_chromium_shows_one_title_and_the_ontology_iri(chromium, tmp_path):
    """/ontology served by `cyberkg serve` and ontology/cyberkg.html of a release opened from disk."""
    from cyberkg.store import build as B
    from cyberkg.outputs.release import release

    from .test_serve import Server

    store = tmp_path / "store"
    B.build([DATA], store)
    rel = release(B.open_store(store), tmp_path / "rel")
    server = Server(store, tmp_path / "serve.log")
    try:
        for url, allowed in ((server.base + "/ontology", server.base + "/"),
                             ((rel / "ontology" / "cyberkg.html").as_uri(), (rel / "ontology").as_uri())):
            h1, title, iri, outside = _read_in_chromium(chromium, url, allowed)
            assert h1 == [TITLE] and title == TITLE, url
            assert iri == "https://w3id.org/cyberkg/ontology", url
            assert not outside, outside
    finally:
        server.stop()
