"""`cyberkg release`: reproducible, verifiable dumps of the bundled store, and the ontology page.

Counts in void.ttl are checked against counts computed here in Python from the store's quads
(not by the SPARQL that release.py uses), and every dump is read back and compared with the store.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, Triple, parse
from rdflib import RDF, URIRef

from cyberkg.outputs import ontodoc
from cyberkg.cli import main
from cyberkg.outputs.release import LICENCE, release

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
CKG = "https://w3id.org/cyberkg/ontology#"
SKOS_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
SKOS_BROAD = "http://www.w3.org/2004/02/skos/core#broadMatch"
WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def releases(bundled_store, tmp_path_factory):
    a = release(bundled_store, tmp_path_factory.mktemp("rel-a"))
    b = release(bundled_store, tmp_path_factory.mktemp("rel-b"))
    return a, b


@pytest.fixture(scope="module")
def rel(releases) -> Path:
    return releases[0]


@pytest.fixture(scope="module")
def void(rel) -> rdflib.Graph:
    return rdflib.Graph().parse(data=(rel / "void.ttl").read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def dataset(void):
    (ds,) = set(void.subjects(RDF.type, DCAT.Dataset)) & set(void.subjects(RDF.type, VOID.Dataset))
    return ds


def _files(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_two_releases_of_the_same_store_are_byte_identical(releases):
    a, b = releases
    assert a.name == b.name
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    assert {"cyberkg.nq", "cyberkg.ttl", "cyberkg.jsonld", "void.ttl", "SHA256SUMS", "ontology/cyberkg.ttl",
            "ontology/policy.ttl", "ontology/cyberkg.html", "shapes/cyberkg.shapes.ttl"} <= set(fa)
    different = [n for n in fa if fa[n] != fb[n]]
    assert not different, different


def test_release_version_is_package_version_and_content_hash(rel, void, dataset):
    from cyberkg.store.build import VERSION

    assert rel.name.startswith(VERSION + "-") and len(rel.name) == len(VERSION) + 13
    assert str(void.value(dataset, rdflib.OWL.versionInfo)) == rel.name
    assert str(void.value(dataset, DCAT.version)) == rel.name


@pytest.mark.skipif(not shutil.which("sha256sum"), reason="sha256sum (coreutils) not installed")
def test_sha256sums_pass_sha256sum_check_and_cover_every_file(rel, tmp_path):
    r = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=rel, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    listed = {line.split("  ", 1)[1] for line in (rel / "SHA256SUMS").read_text().splitlines()}
    assert listed == set(_files(rel)) - {"SHA256SUMS"}
    tampered = tmp_path / "t"
    shutil.copytree(rel, tampered)
    with open(tampered / "cyberkg.ttl", "ab") as f:
        f.write(b"\n")
    assert subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tampered, capture_output=True, timeout=60).returncode == 1


def test_nquads_dump_is_sorted_and_equals_the_store(rel, bundled_store):
    data = (rel / "cyberkg.nq").read_bytes()
    lines = data.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    assert set(parse(data, format=RdfFormat.N_QUADS)) == set(bundled_store)


def test_turtle_dump_is_the_union_graph(rel, bundled_store):
    got = {q.triple for q in parse(path=str(rel / "cyberkg.ttl"), format=RdfFormat.TURTLE)}
    assert got == {Triple(q.subject, q.predicate, q.object) for q in bundled_store}


def test_jsonld_dump_has_a_context_and_equals_the_store(rel, bundled_store):
    import json

    doc = json.loads((rel / "cyberkg.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["ckg"] == CKG
    assert set(parse(path=str(rel / "cyberkg.jsonld"), format=RdfFormat.JSON_LD)) == set(bundled_store)


def test_ontology_and_shapes_are_copied_verbatim(rel):
    from cyberkg.store.build import ONTOLOGY_DIR, SHAPES_DIR

    for src in list(ONTOLOGY_DIR.glob("*.ttl")) + list(SHAPES_DIR.glob("*.ttl")):
        assert (rel / src.parent.name / src.name).read_bytes() == src.read_bytes()


def _python_counts(store):
    triples = {(q.subject, q.predicate, q.object) for q in store}
    rdf_type = NamedNode(str(RDF.type))
    by_class, by_prop = defaultdict(set), defaultdict(int)
    for s, p, o in triples:
        by_prop[p.value] += 1
        if p == rdf_type:
            by_class[o.value].add(s)
    return triples, {c: len(v) for c, v in by_class.items()}, dict(by_prop)


def test_void_counts_equal_counts_on_the_store(void, dataset, bundled_store):
    triples, classes, props = _python_counts(bundled_store)

    def n(s, p):
        return int(void.value(s, p))

    assert n(dataset, VOID.triples) == len(triples)
    assert n(dataset, VOID.distinctSubjects) == len({s for s, _, _ in triples})
    assert n(dataset, VOID.distinctObjects) == len({o for _, _, o in triples})
    assert n(dataset, VOID.properties) == len(props)
    assert n(dataset, VOID.classes) == len(classes)
    assert n(dataset, VOID.entities) == len({s for s, p, _ in triples if p.value == str(RDF.type)})
    got_classes = {str(void.value(p, VOID["class"])): n(p, VOID.entities) for p in void.objects(dataset, VOID.classPartition)}
    assert got_classes == classes
    got_props = {str(void.value(p, VOID.property)): n(p, VOID.triples) for p in void.objects(dataset, VOID.propertyPartition)}
    assert got_props == props


def _linkset(void, predicate: str):
    (ls,) = [s for s in void.subjects(RDF.type, VOID.Linkset) if void.value(s, VOID.linkPredicate) == URIRef(predicate)]
    return ls


@pytest.mark.parametrize("predicate", [SKOS_EXACT, SKOS_BROAD])
def test_void_wikidata_linksets_count_the_exact_and_the_broad_match_links(void, dataset, bundled_store, predicate):
    links = {(q.subject, q.object) for q in bundled_store
             if q.predicate.value == predicate and q.object.value.startswith(WD)}
    if predicate == SKOS_EXACT:
        assert links  # the bundled countries are linked to Wikidata
    ls = _linkset(void, predicate)
    assert (dataset, VOID.subset, ls) in void
    assert int(void.value(ls, VOID.triples)) == len(links)
    assert void.value(ls, VOID.subjectsTarget) == dataset
    assert str(void.value(void.value(ls, VOID.objectsTarget), VOID.uriSpace)) == WD


def test_void_names_licence_source_terms_and_every_source_document(void, dataset, bundled_store):
    assert void.value(dataset, DCT.license) == URIRef(LICENCE)
    rights = str(void.value(void.value(dataset, DCT.rights), rdflib.RDFS.label))
    assert "ITU" in rights and "Royal Government of Bhutan" in rights
    docs = {q.subject.value for q in bundled_store if q.predicate.value == CKG + "sha256"}
    assert len(docs) == 5
    assert {str(o) for o in void.objects(dataset, PROV.wasDerivedFrom)} == docs


def test_void_distributions_point_to_the_files_by_absolute_iris_with_their_sizes_and_checksums(rel, void, dataset):
    import hashlib

    text = (rel / "void.ttl").read_text(encoding="utf-8")
    assert "@base" not in text
    files_base = f"https://w3id.org/cyberkg/release/{rel.name}/"
    seen = set()
    for dist in void.objects(dataset, DCAT.distribution):
        url = str(void.value(dist, DCAT.accessURL))
        assert url.startswith(files_base) and str(void.value(dist, DCAT.downloadURL)) == url, url
        path = rel / url[len(files_base):]
        data = path.read_bytes()
        size = void.value(dist, DCAT.byteSize)
        assert size.datatype == rdflib.XSD.nonNegativeInteger and int(size) == len(data)
        checksum = void.value(dist, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        seen.add(path.name)
    assert {"cyberkg.nq", "cyberkg.ttl", "cyberkg.jsonld", "cyberkg.html"} <= seen


def test_ontology_html_documents_every_class_and_loads_nothing_from_outside(rel):
    html = (rel / "ontology" / "cyberkg.html").read_text(encoding="utf-8")
    assert html == ontodoc.ontology_html()
    assert ontodoc.external_loads(html) == []
    onto = ontodoc.ontology_graph()
    classes = {str(c) for c in onto.subjects(RDF.type, rdflib.OWL.Class) if str(c).startswith(CKG)}
    assert classes
    # each class has its own entry showing its IRI (pyLODE: <code>IRI</code> in the entry's table)
    missing = sorted(c for c in classes if f"<code>{c}</code>" not in html)
    assert not missing, missing


def test_external_loads_detects_cdn_styles_scripts_and_images():
    page = ('<link rel="stylesheet" href="https://cdn.example/x.css"><script src="https://cdn.example/x.js"></script>'
            '<img src="http://example.org/i.png"><style>@import "x.css";</style><a href="https://schema.org/">ok</a>'
            '<link rel="icon" href="data:image/png;base64,AA">')
    assert len(ontodoc.external_loads(page)) == 4


def test_release_cli_writes_the_release_and_prints_its_directory(bundled_store, tmp_path):
    # The CLI opens a store path; the bundled store fixture is already open read-only, so build one.
    from cyberkg.store import build as B

    from ..conftest import DATA

    store = tmp_path / "store"
    B.build([DATA], store)
    r = CliRunner().invoke(main, ["release", str(tmp_path / "out"), "--store", str(store)])
    assert r.exit_code == 0, r.output
    out = Path(r.stdout.strip())
    assert out.parent == tmp_path / "out" and (out / "SHA256SUMS").is_file()


def test_release_without_a_store_is_a_usage_error_naming_the_path(tmp_path):
    r = CliRunner().invoke(main, ["release", str(tmp_path / "out"), "--store", str(tmp_path / "nope")])
    assert r.exit_code == 2
    assert str(tmp_path / "nope") in r.output and "no store" in r.output
    assert not (tmp_path / "out").exists()


def test_release_with_a_base_url_that_is_not_an_absolute_iri_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["release", str(tmp_path / "out"), "--base-url", "releases/", "--store", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "--base-url" in r.output and "not an absolute" in r.output
    assert not (tmp_path / "out").exists()
