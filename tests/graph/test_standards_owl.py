"""The ontology is OWL 2 DL and consistent for HermiT, agrees with the vocabularies it reuses, and the
shapes hold when those vocabularies' own axioms are applied.

The reused vocabularies are shipped in tests/data/vocab/ (sources and licences in its README.md).
HermiT is the reasoner of Protégé, run from owlready2's bundled jar with the machine's Java.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from ..conftest import CORPUS, DATA, ROOT, needs_corpus

VOCAB = Path(__file__).parents[1] / "data" / "vocab"
VOCAB_FILES = ["eli.rdf", "org.ttl", "prov-o.ttl", "cube.ttl", "skos-axioms.ttl"]
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
# The OWL 2 datatype map (OWL 2 Structural Specification, section 4) plus rdfs:Literal.
OWL2_DATATYPES = {XSD[n] for n in (
    "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int short byte "
    "unsignedLong unsignedInt unsignedShort unsignedByte double float string normalizedString token language "
    "Name NCName NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp").split()} | {
    RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, OWL.real, OWL.rational, RDF.langString}


def ontology() -> Graph:
    g = Graph()
    for f in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def vocabularies() -> Graph:
    g = Graph()
    for f in VOCAB_FILES:
        g.parse(VOCAB / f)
    return g


def test_no_range_outside_the_owl2_datatype_map():
    g = ontology()
    bad = []
    for p, r in g.subject_objects(RDFS.range):
        if (p, RDF.type, OWL.DatatypeProperty) in g and r not in OWL2_DATATYPES:
            bad.append((str(p), str(r)))
    for s, o in g.subject_objects(OWL.unionOf):
        bad.append((str(s), "owl:unionOf datatype"))
    assert not bad, bad


def test_external_terms_are_declared_as_their_vocabulary_declares_them():
    """No redeclaration: a term of ELI, ORG, PROV-O, SKOS or the Data Cube is declared here with the
    same OWL kind as in its own vocabulary (skos:notation is a datatype property, not an annotation)."""
    onto, vocab = ontology(), vocabularies()
    clashes = []
    for s in set(onto.subjects(RDF.type, None)):
        if not isinstance(s, URIRef) or str(s).startswith("https://w3id.org/cyberkg/"):
            continue
        ours, theirs = set(onto.objects(s, RDF.type)) & KINDS, set(vocab.objects(s, RDF.type)) & KINDS
        if ours and theirs and not ours <= theirs:
            clashes.append(f"{s}: ontology {sorted(map(str, ours))}, its vocabulary {sorted(map(str, theirs))}")
    assert not clashes, clashes


def _closure(data: Graph, schema: Graph) -> Graph:
    """RDFS closure of rdf:type under rdfs:subClassOf (RDF 1.1 Semantics, rules rdfs9 and rdfs11)."""
    sub = {}
    for s, o in schema.subject_objects(RDFS.subClassOf):
        if isinstance(o, URIRef):
            sub.setdefault(s, set()).add(o)

    def up(t):
        seen, todo = set(), [t]
        while todo:
            for sup in sub.get(todo.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
        return seen

    out = Graph()
    for s, p, o in data:
        out.add((s, p, o))
        if p == RDF.type:
            for c in up(o):
                out.add((s, RDF.type, c))
    return out


def _validate(g: Graph):
    import pyshacl

    shapes = Graph()
    for f in sorted((ROOT / "shapes").glob("*.ttl")):
        shapes.parse(f, format="turtle")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, advanced=True, inference="none")
    return conforms, text


def _store_graph(store) -> Graph:
    from pyoxigraph import RdfFormat, serialize

    nt = serialize([q.triple for q in store], format=RdfFormat.N_TRIPLES)
    return Graph().parse(data=nt.decode("utf-8"), format="nt")


def test_shapes_hold_with_the_reused_vocabularies_axioms(bundled_store):
    """ELI: every eli:LegalResourceSubdivision is an eli:LegalResource; ORG, PROV-O, SKOS, Data Cube
    subclass axioms likewise.  The closure adds those types; the graph still conforms."""
    data = _store_graph(bundled_store)
    schema = vocabularies() + ontology()
    closed = _closure(data, schema)
    subdivisions = set(closed.subjects(RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResourceSubdivision")))
    assert subdivisions and all((s, RDF.type, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in closed
                                for s in subdivisions)
    conforms, text = _validate(closed + vocabularies())
    assert conforms, text[:3000]


# --- HermiT -----------------------------------------------------------------------------------

def _hermit(path: Path, *extra: str) -> subprocess.CompletedProcess:
    owlready2 = pytest.importorskip("owlready2", reason="owlready2 (HermiT) is in the test extra")
    java = shutil.which("java")
    if not java:
        pytest.skip("no java (Debian: default-jre-headless; .ci/run installs it)")
    here = Path(owlready2.__file__).parent / "hermit"
    cp = f"{here}:{here / 'HermiT.jar'}"
    return subprocess.run([java, "-Xmx2000M", "-cp", cp, "org.semanticweb.HermiT.cli.CommandLine", "-k",
                           *extra, path.as_uri()], capture_output=True, text=True, timeout=240)


def _as_rdfxml(g: Graph, path: Path) -> Path:
    g.serialize(path, format="xml")
    return path


def test_hermit_finds_the_ontology_consistent_without_ignoring_any_datatype(tmp_path):
    r = _hermit(_as_rdfxml(ontology(), tmp_path / "onto.owl"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "is satisfiable" in r.stdout or "consistent" in r.stdout.lower(), r.stdout[-2000:]
    assert "UnsupportedDatatype" not in r.stderr


def test_hermit_finds_the_ontology_with_the_reused_vocabularies_consistent(tmp_path):
    g = ontology()
    for f in ("org.ttl", "skos-axioms.ttl", "cube.ttl"):
        g.parse(VOCAB / f)
    r = _hermit(_as_rdfxml(g, tmp_path / "onto-vocab.owl"), "--ignoreUnsupportedDatatypes")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "satisfiable" in r.stdout, r.stdout[-2000:]


@needs_corpus
def test_hermit_finds_the_ontology_and_the_corpus_graph_consistent(tmp_path):
    """The data keep xsd:gYear / xsd:gYearMonth / xsd:date literals (exact as printed; RDF, SHACL and
    DCAT use them), which are outside the OWL 2 datatype map: HermiT is told to ignore those
    datatypes for the data, while the ontology alone is checked strictly (test above)."""
    from cyberkg.store import build as B

    store = tmp_path / "store"
    assert B.build([DATA, CORPUS], store).conforms
    g = ontology() + _store_graph(B.open_store(store))
    r = _hermit(_as_rdfxml(g, tmp_path / "corpus.owl"), "--ignoreUnsupportedDatatypes")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "satisfiable" in r.stdout, r.stdout[-2000:]
