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
