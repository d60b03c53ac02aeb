"""SHACL shapes for policies, definitions, instruments and entity-resolution links (shapes/policy.shapes.ttl).

The conforming example of every shape is the real graph of the bundled policy and Bhutan's profile
(which share an instrument and an agency, so the resolution graph has matches): it conforms, and
every shape has focus nodes in it.  The violating examples are mutated copies (a SPARQL Update each);
each must make the intended shape fire: the property shape and constraint component, or the node
shape and its SPARQL constraint.  One store with all mutations at once is also checked in pyshacl,
the reference engine, which must report exactly what the bulk engine reports.

MUTATIONS is in the format of tests/test_shacl_engine.py (rule, update, (focus, shape, constraint)),
whose check that every constraint has an example reads it too.
"""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import Store

from cyberkg.store import build as B
from cyberkg.sources import policy
from cyberkg.graph import resolve
from cyberkg.store import shacl

from ..conftest import DATA

SH = shacl.SH
CKGSH = "https://w3id.org/cyberkg/shapes#"
ID = "https://w3id.org/cyberkg/id/"
POL = ID + "policy/social-media-policy-for-the-royal-government-of-bhutan"
TERM = ID + "term/social-media-policy-for-the-royal-government-of-bhutan"
PENAL = ID + "instrument/BTN/penal-code-of-bhutan-2004"
AMEND = ID + "instrument/BTN/bhutan-penal-code-amendment-2011"
MOIC = ID + "agency/BTN/ministry-of-information-and-communications"
MOE = ID + "agency/BTN/ministry-of-education"
CLOSE = ID + "match/instrument/BTN/criminal-code--penal-code-of-bhutan-2004"
BTN = ID + "country/BTN"
M72 = POL + "/provision/7/2"
SHAPES_FILE = B.SHAPES_DIR / "policy.shapes.ttl"

UPDATE_PREFIXES = """
PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <https://schema.org/>
"""


def replace(s: str, p: str, new: str) -> str:
    """Replace every value of <s> p in its graph by `new`."""
    return f"DELETE {{ GRAPH ?g {{ <{s}> {p} ?o }} }} INSERT {{ GRAPH ?g {{ <{s}> {p} {new} }} }} WHERE {{ GRAPH ?g {{ <{s}> {p} ?o }} }}"


def delete(s: str, p: str) -> str:
    return f"DELETE WHERE {{ GRAPH ?g {{ <{s}> {p} ?o }} }}"


def insert(s: str, p: str, o: str) -> str:
    """Add a triple to the graph that already says something about <s>."""
    return f"INSERT {{ GRAPH ?g {{ <{s}> {p} {o} }} }} WHERE {{ {{ SELECT ?g WHERE {{ GRAPH ?g {{ <{s}> ?x ?y }} }} LIMIT 1 }} }}"


DOC = "{doc}"
MUTATIONS = [  # (rule, SPARQL Update, the result it must provoke: focus, shape, constraint)
    ("PolicyDocument-title maxCount", insert(DOC, "dct:title", '"Another title"'), (DOC, "PolicyDocument-title", "MaxCount")),
    ("PolicyDocument-fileName minCount", delete(DOC, "ckg:fileName"), (DOC, "PolicyDocument-fileName", "MinCount")),
    ("PolicyDocument-sha256 pattern", replace(DOC, "ckg:sha256", '"XYZ"'), (DOC, "PolicyDocument-sha256", "Pattern")),
    ("PolicyDocument-wasGeneratedBy minCount", delete(DOC, "prov:wasGeneratedBy"), (DOC, "PolicyDocument-wasGeneratedBy", "MinCount")),
    ("Policy-label minCount", delete(POL, "rdfs:label"), (POL, "Policy-label", "MinCount")),
    ("Policy-title maxCount", insert(POL, "dct:title", '"Other"'), (POL, "Policy-title", "MaxCount")),
    ("Policy-jurisdiction minCount", delete(POL, "ckg:jurisdiction"), (POL, "Policy-jurisdiction", "MinCount")),
    ("Policy-issued datatype", replace(POL, "dct:issued", '"2016-01-12"'), (POL, "Policy-issued", "Datatype")),
    ("Policy-reviewCycleYears minInclusive", replace(POL, "ckg:reviewCycleYears", "0"), (POL, "Policy-reviewCycleYears", "MinInclusive")),
    ("Policy-wasDerivedFrom class", replace(POL, "prov:wasDerivedFrom", f"<{BTN}>"), (POL, "Policy-wasDerivedFrom", "Class")),
    ("Policy-conformsWith class", insert(POL, "ckg:conformsWith", f"<{MOE}>"), (POL, "Policy-conformsWith", "Class")),
    ("Policy-relatedDocument class", insert(POL, "ckg:relatedDocument", f"<{TERM}/troll>"), (POL, "Policy-relatedDocument", "Class")),
    ("Policy-adoption class", replace(POL, "prov:wasGeneratedBy", "<{build}>"), (POL, "Policy-adoption", "Class")),
    ("Policy-publisher class", replace(POL, "dct:publisher", f"<{BTN}>"), (POL, "Policy-publisher", "Class")),
    ("IssuedIsAdoptionDate", replace(POL, "dct:issued", '"2016-01-13"^^xsd:date'), (POL, "PolicyShape", "ckgsh:IssuedIsAdoptionDate")),
    ("Passage-section minCount", delete(POL + "/statement/1", "ckg:section"), (POL + "/statement/1", "Passage-section", "MinCount")),
    ("Passage-statementText maxCount", insert(POL + "/objective/1", "ckg:statementText", '"Improve access."'),
     (POL + "/objective/1", "Passage-statementText", "MaxCount")),
    ("Passage-sourceLine minInclusive", replace(POL + "/section/rationale", "ckg:sourceLine", "0"),
     (POL + "/section/rationale", "Passage-sourceLine", "MinInclusive")),
    ("Passage-wasDerivedFrom class", replace(POL + "/adoption", "prov:wasDerivedFrom", f"<{POL}>"),
     (POL + "/adoption", "Passage-wasDerivedFrom", "Class")),
    ("PolicyPart-isPartOf minCount", delete(POL + "/risk/security-risks", "dct:isPartOf"),
     (POL + "/risk/security-risks", "PolicyPart-isPartOf", "MinCount")),
    ("PolicyProvision-text minLength", replace(POL + "/annex/1", "ckg:statementText", '""'), (POL + "/annex/1", "PolicyProvision-text", "MinLength")),
    ("PolicyProvision-label maxCount", insert(POL + "/provision/5/1", "rdfs:label", '"Another"'),
     (POL + "/provision/5/1", "PolicyProvision-label", "MaxCount")),
    ("PolicyMeasure-agent minCount", delete(M72, "schema:agent"), (M72, "PolicyMeasure-agent", "MinCount")),
    ("PolicyMeasure-participant class", insert(M72, "schema:participant", f"<{BTN}>"), (M72, "PolicyMeasure-participant", "Class")),
    ("PolicyMeasure-roleRule in", replace(M72, "ckg:roleRule", '"guess"'), (M72, "PolicyMeasure-roleRule", "In")),
    ("PolicyMeasure-measureType maxCount", insert(M72, "ckg:measureType", f"<{ID}measure-type/training>"),
     (M72, "PolicyMeasure-measureType", "MaxCount")),
    ("LeadIsNotParticipant", insert(M72, "schema:participant", f"<{MOIC}>"), (M72, "PolicyMeasureShape", "ckgsh:LeadIsNotParticipant")),
    ("AssignedAgencyIsMentioned", insert(M72, "schema:agent", f"<{MOE}>"), (M72, "PolicyMeasureShape", "ckgsh:AssignedAgencyIsMentioned")),
    ("LabelledItem-label pattern", replace(POL + "/risk/privacy", "rdfs:label", '"' + "Privacy" * 10 + '"'),
     (POL + "/risk/privacy", "LabelledItem-label", "Pattern")),
    ("LabelStartsText", replace(POL + "/principle/be-a-good-citizen", "rdfs:label", '"Be kind"'),
     (POL + "/principle/be-a-good-citizen", "LabelledItemShape", "ckgsh:LabelStartsText")),
    ("PolicyAdoption-date minCount", delete(POL + "/adoption", "dct:date"), (POL + "/adoption", "PolicyAdoption-date", "MinCount")),
    ("PolicyAdoption-body class", replace(POL + "/adoption", "prov:wasAssociatedWith", f"<{BTN}>"),
     (POL + "/adoption", "PolicyAdoption-body", "Class")),
    ("PolicyAdoption-session minInclusive", replace(POL + "/adoption", "ckg:sessionNumber", "0"),
     (POL + "/adoption", "PolicyAdoption-session", "MinInclusive")),
    ("Definition-prefLabel datatype", replace(TERM + "/post", "skos:prefLabel", '"Post"'), (TERM + "/post", "Definition-prefLabel", "Datatype")),
    ("Definition-definition minCount", delete(TERM + "/troll", "skos:definition"), (TERM + "/troll", "Definition-definition", "MinCount")),
    ("Definition-inScheme maxCount", insert(TERM + "/troll", "skos:inScheme", f"<{ID}scheme/status>"),
     (TERM + "/troll", "Definition-inScheme", "MaxCount")),
    ("Definition-source class", replace(TERM + "/troll", "dct:source", DOC.join("<>")), (TERM + "/troll", "Definition-source", "Class")),
    ("Definition-section minCount", delete(TERM + "/troll", "ckg:section"), (TERM + "/troll", "Definition-section", "MinCount")),
    ("Definition-statementText minCount", delete(TERM + "/troll", "ckg:statementText"), (TERM + "/troll", "Definition-statementText", "MinCount")),
    ("TermUniqueInGlossary", replace(TERM + "/post", "skos:prefLabel", '"Troll"@en'), (TERM + "/post", "DefinitionShape", "ckgsh:TermUniqueInGlossary")),
    ("Instrument-year datatype", replace(PENAL, "ckg:year", '"2004"'), (PENAL, "Instrument-year", "Datatype")),
    ("Instrument-amends class", insert(PENAL, "eli:amends", f"<{POL}/section/rationale>"), (PENAL, "Instrument-amends", "Class")),
    ("AmendmentNotOlder", insert(PENAL, "eli:amends", f"<{AMEND}>"), (PENAL, "InstrumentAmendmentShape", "ckgsh:AmendmentNotOlder")),
    ("ProvisionNamedWithItsInstrument", f"DELETE DATA {{ GRAPH <{DOC}> {{ <{POL}/provision/5/3> ckg:mentions <{PENAL}> }} }}",
     (PENAL + "/chapter-22", "PolicyCitedProvisionShape", "ckgsh:ProvisionNamedWithItsInstrument")),
    ("EntityResolution-wasGeneratedBy minCount", delete("{res}", "prov:wasGeneratedBy"), ("{res}", "EntityResolution-wasGeneratedBy", "MinCount")),
    ("EntityResolution-wasDerivedFrom minCount", delete("{res}", "prov:wasDerivedFrom"), ("{res}", "EntityResolution-wasDerivedFrom", "MinCount")),
    ("Match-matchedEntity minCount", f"DELETE WHERE {{ GRAPH ?g {{ <{CLOSE}> ckg:matchedEntity <{PENAL}> }} }}",
     (CLOSE, "Match-matchedEntity", "MinCount")),
    ("Match-matchRule in", replace(CLOSE, "ckg:matchRule", '"looks-similar"'), (CLOSE, "Match-matchRule", "In")),
    ("Match-evidence minCount", delete(CLOSE, "ckg:evidence"), (CLOSE, "Match-evidence", "MinCount")),
    ("Match-matchType in", replace(CLOSE, "ckg:matchType", "rdfs:seeAlso"), (CLOSE, "Match-matchType", "In")),
    ("Match-wasDerivedFrom minCount", delete(CLOSE, "prov:wasDerivedFrom"), (CLOSE, "Match-wasDerivedFrom", "MinCount")),
    ("MatchAssertsItsLink", f"DELETE WHERE {{ GRAPH ?g {{ <{PENAL}> skos:closeMatch ?x }} }}", (CLOSE, "MatchShape", "ckgsh:MatchAssertsItsLink")),
    ("MatchWithinOneCountry", f"INSERT DATA {{ GRAPH <{ID}example> {{ <{ID}match/x> a ckg:Match ; ckg:matchedEntity <{MOIC}>, <{ID}agency/BLZ/x> ; "
     f'ckg:matchType skos:exactMatch ; ckg:matchRule "same-name" ; ckg:evidence "e" ; prov:wasDerivedFrom <{DOC}> . '
     f"<{MOIC}> skos:exactMatch <{ID}agency/BLZ/x> . <{ID}agency/BLZ/x> skos:exactMatch <{MOIC}> ; ckg:jurisdiction <{ID}country/BLZ> }} }}",
     (ID + "match/x", "MatchShape", "ckgsh:MatchWithinOneCountry")),
    ("MatchRuleFitsType", replace(CLOSE, "ckg:matchRule", '"same-title"'), (CLOSE, "MatchShape", "ckgsh:MatchRuleFitsType")),
    ("LinkBackedByMatch", insert(MOIC, "skos:exactMatch", f"<{MOE}>"), (MOIC, "LinkExplainedShape", "ckgsh:LinkBackedByMatch")),
]


def key(focus: str, shape: str, constraint: str) -> tuple[str, str, str]:
    constraint = CKGSH + constraint[6:] if constraint.startswith("ckgsh:") else f"{SH}{constraint}ConstraintComponent"
    return focus, CKGSH + shape, constraint


@pytest.fixture(scope="module")
def base():
    """The quads of the bundled policy and Bhutan's profile (with their resolution graph) and the
    ontology, and the document, build and resolution-graph IRIs the mutations name."""
    docs, errors = B.parse_all([DATA / "policy-bhutan-social-media-2016.txt", DATA / "profile-bhutan.txt"])
    assert not errors
    quads = list(B.quads(docs)) + list(B.ontology_quads())
    pol = next(d for d in docs if d.kind == "policy").result
    from cyberkg.graph.profile import doc_key
    names = {"doc": ID + "doc/" + doc_key(str(pol.path), pol.sha256), "build": ID + "build/" + B.build_id(docs),
             "res": resolve.graph_iri(docs).value}
    return quads, names


def store_of(base, *updates: str) -> Store:
    quads, names = base
    store = Store()
    store.extend(quads)
    for u in updates:
        store.update(UPDATE_PREFIXES + u.replace("{doc}", names["doc"]).replace("{build}", names["build"]).replace("{res}", names["res"]))
    return store


def results(store) -> set[tuple[str, str, str]]:
    _conforms, violations = B.validate_store(store)
    return {(v.focus, v.shape, v.constraint) for v in violations}


def test_conforming_example_the_bundled_policy_conforms_and_every_shape_has_focus_nodes(base):
    store = store_of(base)
    assert results(store) == set()
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    sh = rdflib.Namespace(SH)
    for shape in set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)):
        for cls in shapes.objects(shape, sh.targetClass):
            ask = f"ASK {{ ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> }}"
            assert store.query(ask, use_default_graph_as_union=True), f"{shape}: no instance of {cls} in the example"
        for target in shapes.objects(shape, sh.target):
            select = str(shapes.value(target, sh.select))
            prefixes = "PREFIX ckg: <https://w3id.org/cyberkg/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
            assert len(list(store.query(prefixes + select, use_default_graph_as_union=True))) == 20, f"{shape}: {target}"


@pytest.mark.parametrize("update,expected", [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_violating_example_fires_the_intended_shape(base, update, expected):
    got = results(store_of(base, update))
    want = tuple(part.replace("{doc}", base[1]["doc"]).replace("{res}", base[1]["res"]) for part in key(*expected))
    assert want in got, sorted(got)


def test_every_shape_and_constraint_of_the_policy_shapes_has_a_violating_example():
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    sh = rdflib.Namespace(SH)
    exercised = {key(*m[2])[1] for m in MUTATIONS} | {key(*m[2])[2] for m in MUTATIONS}
    property_shapes = {str(s) for s in shapes.subjects(rdflib.RDF.type, sh.PropertyShape)}
    sparql = {str(c) for c in shapes.objects(None, sh.sparql)}
    assert property_shapes - exercised == set()
    assert sparql - exercised == set()


def test_the_reference_engine_agrees_on_all_violating_examples_at_once(base):
    """pyshacl (slow: one run) reports exactly what the bulk engine reports, with every mutation applied."""
    store = store_of(base, *(m[1] for m in MUTATIONS if m[0] != "Match-matchType in"))  # keep one type per match
    shapes = shacl.load_shapes(sorted(B.SHAPES_DIR.glob("*.ttl")))
    bulk = {(v.focus, v.shape, v.constraint) for v in shacl.validate_core_bulk(store, shapes) + shacl.validate_sparql(store, shapes)}
    data = rdflib.Graph().parse(data=store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
                                .serialize(format=__import__("pyoxigraph").RdfFormat.N_TRIPLES), format="nt")
    import pyshacl

    _c, report, _t = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True)
    sh = rdflib.Namespace(SH)
    ref = set()
    for r in report.objects(None, sh.result):
        component = report.value(r, sh.sourceConstraintComponent)
        constraint = report.value(r, sh.sourceConstraint) if component == sh.SPARQLConstraintComponent else component
        ref.add((str(report.value(r, sh.focusNode)), str(report.value(r, sh.sourceShape)), str(constraint)))
    assert len(bulk) > 40
    assert bulk == ref


def test_rule_lists_in_the_shapes_match_the_code():
    text = SHAPES_FILE.read_text(encoding="utf-8")
    import re

    roles = re.search(r"ckgsh:PolicyMeasure-roleRule a sh:PropertyShape.*?sh:in \(([^)]*)\)", text, re.S).group(1)
    assert tuple(re.findall(r'"([^"]+)"', roles)) == policy.ROLE_RULES
    types = re.search(r"ckgsh:PolicyMeasure-measureType a sh:PropertyShape.*?sh:in \(([^)]*)\)", text, re.S).group(1)
    assert re.findall(r"mtype:(\w+)", types) == [name for name, _ in policy.MEASURE_TYPES]
