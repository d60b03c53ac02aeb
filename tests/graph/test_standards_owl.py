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
    r = _hermit(_as_rdfxml(g, tmp_path / "onto-vocab.owl"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "satisfiable" in r.stdout, r.stdout[-2000:]


# Literals outside the OWL 2 datatype map, as the data state them (RDF Data Cube refPeriod as
# xsd:gYear/gYearMonth, dates as printed).  For the reasoner each becomes the xsd:string
# "<lexical form>^^<datatype IRI>": within one of these datatypes the lexical forms are canonical
# (checked), so two literals are equal exactly when their strings are; the value spaces of
# different XSD primitive types are disjoint, and so are the strings (the datatype is in them).
# The mapping preserves (in)consistency when nothing in the ontology or the reused vocabularies
# constrains those properties' values beyond rdfs:Literal (checked: no other range, no
# restriction on them), because then only their equality can matter.
CANONICAL = {XSD.gYear: r"-?\d{4,}", XSD.gYearMonth: r"-?\d{4,}-(0[1-9]|1[0-2])",
             XSD.date: r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"}


def _as_owl2_literals(data: Graph, schema: Graph) -> tuple[Graph, int]:
    import re

    from rdflib import Literal

    out, mapped, props = Graph(), 0, set()
    for s_, p, o in data:
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            assert o.datatype in CANONICAL and re.fullmatch(CANONICAL[o.datatype], str(o)), (s_, p, o)
            o = Literal(f"{o}^^{o.datatype}", datatype=XSD.string)
            mapped += 1
            props.add(p)
        elif isinstance(o, Literal):
            assert "^^http" not in str(o), (s_, p, o)  # no real string could meet a mapped one
        out.add((s_, p, o))
    for p in props:
        assert set(schema.objects(p, RDFS.range)) <= {RDFS.Literal}, p
        assert (None, OWL.onProperty, p) not in schema, p
    return out, mapped


def test_mapping_literals_outside_the_owl2_datatype_map_keeps_equality_and_is_checked():
    from rdflib import Literal

    d = Graph()
    x, p = URIRef("https://w3id.org/cyberkg/id/x"), URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod")
    d.add((x, p, Literal("2013", datatype=XSD.gYear)))
    d.add((x, p, Literal("2013-12", datatype=XSD.gYearMonth)))
    g, n = _as_owl2_literals(d, ontology() + vocabularies())
    assert n == 2 and {str(o) for o in g.objects(x, p)} == {
        "2013^^http://www.w3.org/2001/XMLSchema#gYear", "2013-12^^http://www.w3.org/2001/XMLSchema#gYearMonth"}
    bad = Graph()
    bad.add((x, p, Literal("2013-1", datatype=XSD.gYearMonth)))  # not canonical: equality would not be kept
    with pytest.raises(AssertionError):
        _as_owl2_literals(bad, ontology())


@needs_corpus
def test_hermit_finds_the_ontology_and_the_corpus_graph_consistent(tmp_path):
    """Strict: no datatype is ignored.  The data keep xsd:gYear / xsd:gYearMonth / xsd:date
    literals (exact as printed; the Data Cube convention for refPeriod; SHACL checks them), which
    are outside the OWL 2 datatype map; they are given to HermiT as strings (`_as_owl2_literals`)."""
    from cyberkg.store import build as B

    store = tmp_path / "store"
    assert B.build([DATA, CORPUS], store).conforms
    schema = ontology()
    data, mapped = _as_owl2_literals(_store_graph(B.open_store(store)), schema + vocabularies())
    assert mapped > 100
    r = _hermit(_as_rdfxml(schema + data, tmp_path / "corpus.owl"))
    assert r.returncode == 0, r.stderr[-3000:]
    assert "satisfiable" in r.stdout, r.stdout[-2000:]
    assert "UnsupportedDatatype" not in r.stderr
