"""The ontology (ontology/cyberkg.ttl) against the code and the other artefacts that use it.

(a) every term etl/cyberkg/graph/profile.py uses (and the other modules that emit quads: graph/policy.py,
    store/build.py), and every ckg: term in shapes/*.ttl and queries/*.rq, is declared in the ontology;
    for the bundled data/ documents, every term the ETL actually emits is declared;
(b) every ckg: term the ontology declares is used somewhere;
(c) the indicator concept scheme equals scheme.py, and the other concept schemes / reference
    entities the ETL links to exist.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "etl") not in sys.path:
    sys.path.insert(0, str(ROOT / "etl"))

from cyberkg.sources import profile, scheme  # noqa: E402
from cyberkg.graph import vocab  # noqa: E402

ONTOLOGY = ROOT / "ontology" / "cyberkg.ttl"
# The ontology is every ontology/*.ttl (the build loads them all into one graph).
ONTOLOGY_FILES = sorted((ROOT / "ontology").glob("*.ttl"))
MAPPING = ROOT / "etl" / "cyberkg" / "graph" / "profile.py"
# Every module that may emit quads; graph/profile.py must be among them.
# Modules that emit triples; shacl.py reads shapes and emits nothing.
# release.py's DCAT/VoID terms describe a release in void.ttl, never the data graph (checked against the
# DCAT-AP 3.0.1 shapes and VoID by tests/outputs/test_dcat.py); ontodoc.py renders HTML and emits no RDF
# (its RDF/RDFS names are rdflib's).
ETL_MODULES = sorted(p for p in (ROOT / "etl" / "cyberkg").rglob("*.py")
                     if p.name not in ("vocab.py", "shacl.py", "release.py", "ontodoc.py"))
SHAPES = sorted((ROOT / "shapes").glob("*.ttl"))
QUERIES = sorted((ROOT / "queries").glob("*.rq"))

CKG = vocab.PREFIXES["ckg"]
ID = vocab.ID
QB = Namespace(vocab.PREFIXES["qb"])
ONTOLOGY_IRI = URIRef(vocab.ONTOLOGY_GRAPH)

# Namespaces whose terms need no declaration here (RDF itself, XSD datatypes, OWL, SHACL).
BUILTIN = (vocab.PREFIXES["rdf"], vocab.PREFIXES["xsd"], vocab.PREFIXES["owl"], vocab.PREFIXES["sh"])
CLASS_TYPES = {OWL.Class, RDFS.Class}
PROPERTY_TYPES = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}
OBJECT_OK = {OWL.ObjectProperty, OWL.AnnotationProperty, RDF.Property}
LITERAL_OK = {OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property}


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    for f in ONTOLOGY_FILES:
        g.parse(f, format="turtle")
    return g


def types_of(g: Graph, term: URIRef) -> set:
    return set(g.objects(term, RDF.type))


def is_declared(g: Graph, term: URIRef) -> bool:
    return bool(types_of(g, term) & (CLASS_TYPES | PROPERTY_TYPES)) and (term, RDFS.label, None) in g


def declared_ckg_terms(g: Graph) -> set[str]:
    return {str(s) for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(CKG) and types_of(g, s) & (CLASS_TYPES | PROPERTY_TYPES)}


# --- term collection --------------------------------------------------------------------------

_MAPPING_TERM = re.compile(r"\b(CKG|RDF|RDFS|XSD|SKOS|DCT|PROV|ORG|ELI|QB|SDMXD|SDMXA|SCHEMA)\.(\w+)")


def etl_terms(modules: list[Path] = ETL_MODULES) -> dict[str, str]:
    """IRI -> 'module.py: NS.name' for every vocabulary attribute the ETL modules use
    (rdf:type and XSD datatypes exempt)."""
    out = {}
    for module in modules:
        for ns, name in _MAPPING_TERM.findall(module.read_text(encoding="utf-8")):
            if ns == "XSD" or (ns, name) == ("RDF", "type"):
                continue
            out.setdefault(getattr(vocab, ns)[name].value, f"{module.name}: {ns}.{name}")
    return out


def mapping_terms() -> dict[str, str]:
    return etl_terms([MAPPING])


_PREFIX_DECL = re.compile(r"(?im)^\s*@?prefix\s+([\w-]*):\s*<([^>]*)>")


def ckg_terms_in_text(text: str) -> set[str]:
    """ckg: terms in a Turtle or SPARQL text: full IRIs, and prefixed names of whichever prefix(es)
    the text binds to the ckg namespace (SPARQL inside shapes uses the sh:declare'd 'ckg')."""
    found = {CKG + m for m in re.findall(re.escape("<" + CKG) + r"([^>]+)>", text)}
    prefixes = {p for p, ns in _PREFIX_DECL.findall(text) if ns == CKG} | {"ckg"}
    for p in prefixes:
        found |= {CKG + m for m in re.findall(rf"(?<![\w\-:]){re.escape(p)}:([A-Za-z_][\w\-]*)", text)}
    return found


def shape_terms(g: Graph) -> set[URIRef]:
    """Every IRI a shapes graph uses as a path, class or target class (outside the builtin namespaces)."""
    SH = Namespace(vocab.PREFIXES["sh"])
    terms = set()
    for p in (SH.path, SH.inversePath, SH["class"], SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf):
        terms |= {o for o in g.objects(None, p) if isinstance(o, URIRef)}
    return {t for t in terms if not str(t).startswith(BUILTIN)}


# --- (a) everything used is declared ------------------------------------------------------------

def test_ontology_parses_and_has_ontology_header(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert (ONTOLOGY_IRI, RDFS.label, None) in onto
    assert vocab.ONTOLOGY_GRAPH == "https://w3id.org/cyberkg/ontology"


def test_mapping_uses_only_declared_terms(onto):
    terms = mapping_terms()
    assert len(terms) > 40, "the regex found suspiciously few terms in mapping.py"
    missing = sorted(name for iri, name in terms.items() if not is_declared(onto, URIRef(iri)))
    assert not missing, f"terms used in mapping.py but not declared in the ontology: {missing}"


def test_other_etl_modules_use_only_declared_terms(onto):
    missing = sorted(name for iri, name in etl_terms().items() if not is_declared(onto, URIRef(iri)))
    assert not missing, f"terms used in etl/cyberkg but not declared in the ontology: {missing}"


def test_etl_terms_are_declared_with_the_right_kind(onto):
    wrong = []
    for iri, name in etl_terms().items():
        t = types_of(onto, URIRef(iri))
        want = CLASS_TYPES if name.rsplit(".", 1)[1][0].isupper() else PROPERTY_TYPES
        if not t & want:
            wrong.append(f"{name} is declared {sorted(map(str, t))}")
    assert not wrong, wrong


def test_ckg_terms_have_label_and_comment(onto):
    bare = sorted(t for t in declared_ckg_terms(onto)
                  if (URIRef(t), RDFS.label, None) not in onto or (URIRef(t), RDFS.comment, None) not in onto)
    assert not bare, f"ckg: terms without rdfs:label or rdfs:comment: {bare}"


def test_external_terms_cite_their_vocabulary(onto):
    external = {s for s in onto.subjects(RDF.type, None)
                if isinstance(s, URIRef) and types_of(onto, s) & (CLASS_TYPES | PROPERTY_TYPES)
                and not str(s).startswith(CKG)}
    undefined = sorted(str(s) for s in external if (s, RDFS.isDefinedBy, None) not in onto)
    assert not undefined, f"external terms without rdfs:isDefinedBy: {undefined}"


def test_superclasses_and_superproperties_are_declared(onto):
    for p in (RDFS.subClassOf, RDFS.subPropertyOf):
        for s, o in onto.subject_objects(p):
            if isinstance(o, URIRef):
                assert is_declared(onto, o), f"{s} {p} {o}: {o} is not declared"


@pytest.mark.parametrize("path", SHAPES, ids=lambda p: p.name)
def test_shapes_use_only_declared_terms(onto, path):
    text = path.read_text(encoding="utf-8")
    Graph().parse(data=text, format="turtle")
    missing = sorted(t for t in ckg_terms_in_text(text) if not is_declared(onto, URIRef(t)))
    assert not missing, f"ckg: terms in {path.name} not declared in the ontology: {missing}"
    g = Graph().parse(path, format="turtle")
    missing = sorted(str(t) for t in shape_terms(g) if not is_declared(onto, t))
    assert not missing, f"paths/classes in {path.name} not declared in the ontology: {missing}"


def test_queries_use_only_declared_ckg_terms(onto):
    """queries/ may be empty while the queries are being written; whatever is there is checked."""
    missing = {}
    for q in QUERIES:
        bad = sorted(t for t in ckg_terms_in_text(q.read_text(encoding="utf-8")) if not is_declared(onto, URIRef(t)))
        if bad:
            missing[q.name] = bad
    assert not missing, f"ckg: terms in queries not declared in the ontology: {missing}"


# --- (b) everything declared is used -----------------------------------------------------------

def test_every_declared_ckg_term_is_used(onto):
    used = {iri for iri in etl_terms() if iri.startswith(CKG)}
    for path in SHAPES + QUERIES:
        used |= ckg_terms_in_text(path.read_text(encoding="utf-8"))
    unused = sorted(declared_ckg_terms(onto) - used)
    assert not unused, f"ckg: terms declared in the ontology but used by neither the ETL, shapes nor queries: {unused}"


# --- (c) reference data --------------------------------------------------------------------------

def _scheme_members(onto: Graph, name: str) -> dict[str, URIRef]:
    sch = URIRef(ID + "scheme/" + name)
    assert (sch, RDF.type, SKOS.ConceptScheme) in onto, f"scheme {sch} missing"
    out = {}
    for c in onto.subjects(SKOS.inScheme, sch):
        assert (c, RDF.type, SKOS.Concept) in onto, c
        notation = onto.value(c, SKOS.notation)
        assert notation is not None, f"{c} has no skos:notation"
        assert onto.value(c, SKOS.prefLabel) is not None, f"{c} has no skos:prefLabel"
        out[str(notation)] = c
    return out


def test_indicator_concepts_are_exactly_the_scheme_indicators(onto):
    members = _scheme_members(onto, "indicators")
    leaves = {n: c for n, c in members.items() if (None, SKOS.broader, c) not in onto}
    assert set(leaves) == set(scheme.INDICATORS)
    for code, title in scheme.INDICATORS.items():
        c = leaves[code]
        assert c == URIRef(ID + "indicator/" + code)
        label = onto.value(c, SKOS.prefLabel)
        assert label.language == "en" and str(label).upper() == title, (code, str(label), title)
        assert not str(label).isupper() or len(title) <= 4, f"{code}: prefLabel is not title-cased: {label}"
        assert onto.value(c, SKOS.broader) == URIRef(ID + "indicator/" + scheme.parent(code))


def test_indicator_groups_are_exactly_the_scheme_groups(onto):
    members = _scheme_members(onto, "indicators")
    groups = {n: c for n, c in members.items() if (None, SKOS.broader, c) in onto}
    assert set(groups) == set(scheme.GROUPS)
    assert set(members) == set(scheme.GROUPS) | set(scheme.INDICATORS)
    sch = URIRef(ID + "scheme/indicators")
    tops = {str(onto.value(c, SKOS.notation)) for c in onto.objects(sch, SKOS.hasTopConcept)}
    assert tops == {"1", "2"}
    for code, title in scheme.GROUPS.items():
        c = groups[code]
        assert c == URIRef(ID + "indicator/" + code)
        assert str(onto.value(c, SKOS.prefLabel)).upper() == title
        if "." in code:
            assert onto.value(c, SKOS.broader) == URIRef(ID + "indicator/" + scheme.parent(code))
        else:
            assert (c, SKOS.topConceptOf, sch) in onto and onto.value(c, SKOS.broader) is None
    for c, narrower in onto.subject_objects(SKOS.narrower):  # narrower is the exact inverse of broader
        assert (narrower, SKOS.broader, c) in onto
    for c, broader in onto.subject_objects(SKOS.broader):
        assert (broader, SKOS.narrower, c) in onto


def test_status_concepts_are_the_parser_statuses(onto):
    members = _scheme_members(onto, "status")
    assert set(members) == set(scheme.STATUSES)
    assert all(c == URIRef(ID + "status/" + n) for n, c in members.items())


def test_action_concepts_are_the_parser_actions(onto):
    # "succession" is parsed but recorded as unknown with an unparsed-action finding.
    from cyberkg.sources.rules import actions
    parsed = {r.value for r in actions.ACTIONS} - {"succession"} | {"unknown"}
    members = _scheme_members(onto, "action")
    assert set(members) == parsed == {"accession", "ratification", "signature", "none", "unknown"}
    assert all(c == URIRef(ID + "action/" + n) for n, c in members.items())


def test_cirt_role_and_state_concepts_are_the_parser_values(onto):
    from cyberkg.sources.rules import cirts
    roles = _scheme_members(onto, "cirt-role")
    assert set(roles) == {r.value for r in cirts.ROLES}
    assert all(c == URIRef(ID + "cirt-role/" + n) for n, c in roles.items())
    states = _scheme_members(onto, "cirt-state")
    assert set(states) == {r.value for r in cirts.STATES} | {"exists"}
    assert all(c == URIRef(ID + "cirt-state/" + n) for n, c in states.items())


def test_instrument_categories_exist(onto):
    members = _scheme_members(onto, "instrument-category")
    assert set(members) == {"cybercrime", "regulation", "child-protection"}
    assert all(c == URIRef(ID + "instrument-category/" + n) for n, c in members.items())


def test_conventions_exist(onto):
    ckg = Namespace(CKG)
    for code in ("CRC", "OPSC"):
        c = URIRef(ID + "convention/" + code)
        assert (c, RDF.type, ckg.Convention) in onto
        assert (c, SKOS.notation, Literal(code)) in onto
        assert (c, RDFS.label, None) in onto
    assert "Rights of the Child" in str(onto.value(URIRef(ID + "convention/CRC"), RDFS.label))
    assert "Sale of Children" in str(onto.value(URIRef(ID + "convention/OPSC"), RDFS.label))


def test_datasets_exist(onto):
    for name in ("population", "internet-users"):
        d = URIRef(ID + "dataset/" + name)
        assert (d, RDF.type, QB.DataSet) in onto and (d, RDFS.label, None) in onto


def test_measures_are_data_cube_measures(onto):
    ckg = Namespace(CKG)
    for m in (ckg.population, ckg.internetUsersPercent):
        assert (m, RDF.type, QB.MeasureProperty) in onto
        assert (m, RDFS.subPropertyOf, URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")) in onto


# --- the ETL's actual output (the bundled documents under data/) ---------------------------------

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def etl_graph() -> Graph:
    """The quads a build of data/ would store (profiles, policies, build provenance), as triples."""
    from pyoxigraph import RdfFormat, serialize

    from cyberkg.store import build

    files, _ = build.discover([DATA])
    if not files:
        pytest.skip("no documents under data/")
    docs, errors = build.parse_all(files)
    assert not errors, errors
    nt = serialize([q.triple for q in build.quads(docs)], format=RdfFormat.N_TRIPLES)
    return Graph().parse(data=nt.decode("utf-8"), format="nt")


def test_etl_output_uses_only_declared_terms(onto, etl_graph):
    problems = set()
    for s, p, o in etl_graph:
        if p == RDF.type:
            if not (is_declared(onto, o) and types_of(onto, o) & CLASS_TYPES):
                problems.add(f"class {o} not declared")
            continue
        t = types_of(onto, p)
        if not is_declared(onto, p):
            problems.add(f"property {p} not declared")
        elif isinstance(o, Literal) and not t & LITERAL_OK:
            problems.add(f"{p} has literal values but is declared {sorted(map(str, t))}")
        elif not isinstance(o, Literal) and not t & OBJECT_OK:
            problems.add(f"{p} has IRI values but is declared {sorted(map(str, t))}")
    assert not problems, sorted(problems)


def test_etl_links_only_to_existing_reference_entities(onto, etl_graph):
    reference = ("indicator/", "status/", "action/", "instrument-category/", "convention/", "dataset/")
    linked = {o for o in etl_graph.objects() if isinstance(o, URIRef) and str(o).startswith(tuple(ID + r for r in reference))}
    assert linked
    dangling = sorted(str(o) for o in linked if (o, RDF.type, None) not in onto)
    assert not dangling, f"the ETL links to reference IRIs the ontology does not define: {dangling}"
