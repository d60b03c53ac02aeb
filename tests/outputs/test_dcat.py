"""The release metadata (void.ttl) is valid DCAT-AP 3.0.1 and complete VoID, every IRI in it is
absolute, and every RDF file of a release loads into pyoxigraph and rdflib with no base IRI.

DCAT-AP is checked with its own SHACL shapes (tests/data/dcat-ap/, from SEMICeu/DCAT-AP
releases/3.0.1/shacl: the mandatory-property shapes `dcat-ap-SHACL.ttl` and the class ranges
`ranges.ttl`) run by pyshacl.  The recommended properties are not in those shapes; they are
transcribed below from the specification's class tables (DCAT-AP 3.0.1, sections "Dataset",
"Distribution", "Data Service": the "Recommended properties" rows).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse
from rdflib import RDF, URIRef

from cyberkg.outputs.release import ReleaseError, release, void_triples

SHAPES = Path(__file__).parents[1] / "data" / "dcat-ap"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
DCATAP = rdflib.Namespace("http://data.europa.eu/r5r/")
RECOMMENDED = {  # DCAT-AP 3.0.1, recommended properties per class
    DCAT.Dataset: [DCAT.contactPoint, DCAT.distribution, DCAT.keyword, DCT.publisher, DCT.spatial, DCT.temporal, DCAT.theme],
    DCAT.Distribution: [DCATAP.availability, DCT.description, DCT["format"], DCT.license],
    DCAT.DataService: [DCAT.endpointDescription, DCAT.servesDataset],
}
MANDATORY = {  # the same tables' "Mandatory properties" (also in dcat-ap-SHACL.ttl)
    DCAT.Dataset: [DCT.title, DCT.description],
    DCAT.Distribution: [DCAT.accessURL],
    DCAT.DataService: [DCAT.endpointURL, DCT.title],
}


@pytest.fixture(scope="module")
def rel(bundled_store, tmp_path_factory) -> Path:
    return release(bundled_store, tmp_path_factory.mktemp("rel"))


@pytest.fixture(scope="module")
def void(rel) -> rdflib.Graph:
    return rdflib.Graph().parse(data=(rel / "void.ttl").read_text(encoding="utf-8"), format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    """Both DCAT-AP 3.0.1 shape files.  The published files reference property shapes that are
    defined nowhere (2 in dcat-ap-SHACL.ttl, more in ranges.ttl: sh:property links to IRIs with no
    triples, which pyshacl rightly refuses as ill-formed); those links are dropped, nothing else."""
    g = rdflib.Graph()
    for f in ("dcat-ap-SHACL.ttl", "ranges.ttl"):
        g.parse(SHAPES / f, format="turtle")
    dangling = [(s, o) for s, o in g.subject_objects(SH.property) if (o, None, None) not in g]
    assert dangling and all(str(o).startswith("https://semiceu.github.io/DCAT-AP/releases/3.0.1#") for _, o in dangling)
    for s, o in dangling:
        g.remove((s, SH.property, o))
    return g


def _results(data: rdflib.Graph, shapes: rdflib.Graph) -> list[tuple[str, str, str, str]]:
    import pyshacl

    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return sorted((str(report.value(r, SH.resultSeverity)).split("#")[1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath)), str(report.value(r, SH.resultMessage)))
                  for r in report.subjects(RDF.type, SH.ValidationResult))


def test_void_ttl_conforms_to_the_dcat_ap_3_0_1_shapes_with_no_result_at_all(void, shapes):
    assert _results(void, shapes) == []


def test_the_dcat_ap_shapes_catch_the_defects_void_ttl_used_to_have(void, shapes):
    """The check has teeth: the old forms (rdfs:comment for the description, xsd:integer sizes,
    media types not typed dct:MediaType, no access URL) are violations."""
    bad = rdflib.Graph() + void
    (ds,) = bad.subjects(RDF.type, DCAT.Dataset)
    desc = bad.value(ds, DCT.description)
    bad.remove((ds, DCT.description, None))
    bad.add((ds, rdflib.RDFS.comment, desc))
    dist = sorted(bad.objects(ds, DCAT.distribution))[0]
    size = bad.value(dist, DCAT.byteSize)
    bad.set((dist, DCAT.byteSize, rdflib.Literal(int(size), datatype=rdflib.XSD.integer)))
    bad.remove((dist, DCAT.accessURL, None))
    bad.set((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/text/x-unknown")))
    paths = {(r[1], r[2]) for r in _results(bad, shapes) if r[0] == "Violation"}
    assert paths == {(str(ds), str(DCT.description)), (str(dist), str(DCAT.byteSize)),
                     (str(dist), str(DCAT.accessURL)), (str(dist), str(DCAT.mediaType))}


@pytest.mark.parametrize("cls", list(MANDATORY), ids=lambda c: c.split("#")[1])
def test_dcat_ap_mandatory_and_recommended_properties_are_given(void, cls):
    nodes = set(void.subjects(RDF.type, cls))
    assert nodes
    missing = [(str(n), str(p)) for n in nodes for p in MANDATORY[cls] + RECOMMENDED[cls] if (n, p, None) not in void]
    assert not missing, missing


def test_media_types_formats_and_specifications_are_iris_of_the_right_classes(void):
    for dist in void.subjects(RDF.type, DCAT.Distribution):
        for p, cls, prefix in ((DCAT.mediaType, DCT.MediaType, "https://www.iana.org/assignments/media-types/"),
                               (DCT["format"], DCT.MediaTypeOrExtent, "http://publications.europa.eu/resource/authority/file-type/"),
                               (DCT.conformsTo, DCT.Standard, "")):
            for o in void.objects(dist, p):
                assert isinstance(o, URIRef) and str(o).startswith(prefix) and (o, RDF.type, cls) in void, (dist, p, o)
        assert (dist, DCAT.mediaType, None) in void and (dist, DCT["format"], None) in void


def test_every_iri_in_void_ttl_is_absolute_and_release_iris_come_from_the_base(void, rel):
    text = (rel / "void.ttl").read_text(encoding="utf-8")
    assert "@base" not in text and "file:" not in text
    ours = {str(t) for triple in void for t in triple if isinstance(t, URIRef) and "/release/" in str(t)}
    assert ours and all(t.startswith(f"https://w3id.org/cyberkg/release/{rel.name}") for t in ours)


def test_base_url_option_moves_every_release_iri(bundled_store, tmp_path):
    out = release(bundled_store, tmp_path / "a", base_url="https://data.example.org/kg")
    g = rdflib.Graph().parse(data=(out / "void.ttl").read_text(encoding="utf-8"), format="turtle")
    (ds,) = g.subjects(RDF.type, DCAT.Dataset)
    assert str(ds) == f"https://data.example.org/kg/release/{out.name}"
    assert str(g.value(ds, VOID.sparqlEndpoint)) == "https://data.example.org/kg/sparql"
    for dist in g.objects(ds, DCAT.distribution):
        assert str(g.value(dist, DCAT.accessURL)).startswith("https://data.example.org/kg/")
    for bad in ("release/", "ftp://x/", "not an iri", "https://exa mple.org/"):
        with pytest.raises(ReleaseError, match="--base-url"):
            release(bundled_store, tmp_path / "b", base_url=bad)
    assert not (tmp_path / "b").exists()


def test_void_vocabulary_lists_every_vocabulary_the_data_use(void, bundled_store):
    (ds,) = void.subjects(RDF.type, DCAT.Dataset)
    vocabs = {str(v) for v in void.objects(ds, VOID.vocabulary)}
    terms = {q.predicate.value for q in bundled_store} | {
        q.object.value for q in bundled_store if q.predicate.value == str(RDF.type)}
    uncovered = sorted(t for t in terms if not any(t.startswith(v) for v in vocabs))
    assert not uncovered, uncovered
    for v in ("https://w3id.org/cyberkg/ontology#", "http://data.europa.eu/eli/ontology#", "http://www.w3.org/ns/org#",
              "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#", "http://purl.org/linked-data/cube#"):
        assert v in vocabs
    unused = sorted(v for v in vocabs if not any(t.startswith(v) for t in terms))
    assert not unused, unused


def test_void_sparql_endpoint_example_resources_and_partitions(void, bundled_store):
    (ds,) = void.subjects(RDF.type, DCAT.Dataset)
    assert str(void.value(ds, VOID.sparqlEndpoint)) == "https://w3id.org/cyberkg/sparql"
    examples = {str(e) for e in void.objects(ds, VOID.exampleResource)}
    subjects = {q.subject.value for q in bundled_store}
    assert "https://w3id.org/cyberkg/id/country/BLZ" in examples and len(examples) >= 3 and examples <= subjects
    assert len(set(void.objects(ds, VOID.classPartition))) == int(void.value(ds, VOID.classes))
    assert len(set(void.objects(ds, VOID.propertyPartition))) == int(void.value(ds, VOID.properties))


def test_void_triples_are_deterministic_and_use_no_blank_nodes(bundled_store):
    a = void_triples(bundled_store, "0-x", {"cyberkg.nq": b"x"})
    assert a == void_triples(bundled_store, "0-x", {"cyberkg.nq": b"x"})
    assert not any(isinstance(t, BlankNode) for tr in a for t in (tr.subject, tr.object))


RDF_FILES = {".nq": (RdfFormat.N_QUADS, "nquads"), ".ttl": (RdfFormat.TURTLE, "turtle"),
             ".jsonld": (RdfFormat.JSON_LD, "json-ld")}
ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def test_every_rdf_file_of_a_release_loads_into_pyoxigraph_and_rdflib_with_no_base(rel):
    """No base IRI is given to either parser (pyoxigraph refuses a relative IRI without one; rdflib
    would resolve it against the file or the working directory), and every IRI read is absolute."""
    import warnings

    files = sorted(p for p in rel.rglob("*") if p.suffix in RDF_FILES)
    assert {p.name for p in files} >= {"cyberkg.nq", "cyberkg.ttl", "cyberkg.jsonld", "void.ttl", "cyberkg.shapes.ttl"}
    for p in files:
        ox_format, rdflib_format = RDF_FILES[p.suffix]
        data = p.read_bytes()
        quads = list(parse(data, format=ox_format))
        assert quads, p
        iris = {t.value for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name) if isinstance(t, NamedNode)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = rdflib.Dataset()
            ds.parse(data=data.decode("utf-8"), format=rdflib_format)
        rd_iris = {str(t) for q in ds.quads() for t in q[:3] if isinstance(t, URIRef)}
        bad = sorted(i for i in iris | rd_iris if not ABSOLUTE.match(i) or i.startswith("file:"))
        assert not bad, (p.name, bad[:5])
        # both parsers read the same triples (literals compared by lexical form and datatype/language)
        def key(t):
            return ("L", t.value, str(t.datatype.value if t.datatype else ""), t.language or "") if isinstance(t, Literal) else t.value
        ox_triples = {(key(q.subject), key(q.predicate), key(q.object)) for q in quads}

        def rkey(t):
            if isinstance(t, rdflib.Literal):
                dt = str(t.datatype) if t.datatype else ("" if t.language else str(rdflib.XSD.string))
                return ("L", str(t), dt if not t.language else str(RDF.langString), t.language or "")
            return str(t) if not isinstance(t, rdflib.BNode) else None
        rd_triples = {(rkey(s), rkey(p_), rkey(o)) for s, p_, o, _ in ds.quads()}
        if not any(isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode) for q in quads):
            assert ox_triples == rd_triples, p.name


def test_every_term_of_void_ttl_is_a_dcat_ap_or_void_term(void, shapes):
    """void.ttl uses no made-up term: each property is a path of a DCAT-AP 3.0.1 shape, a VoID
    term, or one of the few RDF/RDFS/OWL/SKOS/PROV/vCard/FOAF/SPDX terms DCAT-AP's classes use
    (labels, version, provenance, the agent's name, the contact's name and URL, the checksum)."""
    dcat_ap_paths = set(shapes.objects(None, SH.path))
    others = {str(RDF.type), str(rdflib.RDFS.label), str(rdflib.OWL.versionInfo), "http://www.w3.org/ns/prov#wasDerivedFrom",
              "http://www.w3.org/ns/prov#wasGeneratedBy", str(rdflib.SKOS.prefLabel), str(rdflib.SKOS.inScheme),
              "http://www.w3.org/2006/vcard/ns#fn", "http://www.w3.org/2006/vcard/ns#hasURL", "http://xmlns.com/foaf/0.1/name",
              "http://spdx.org/rdf/terms#algorithm", "http://spdx.org/rdf/terms#checksumValue"}
    unknown = sorted({str(p) for p in void.predicates() if p not in dcat_ap_paths and str(p) not in others
                      and not str(p).startswith(str(VOID))})
    assert not unknown, unknown
    targets = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    classes = {o for o in void.objects(None, RDF.type)}
    assert not sorted(str(c) for c in classes - targets if not str(c).startswith(str(VOID))
                      and str(c) != "http://www.w3.org/2006/vcard/ns#Organization")
