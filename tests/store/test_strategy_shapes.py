"""SHACL shapes for national strategy documents (shapes/strategy.shapes.ttl).

Conforming example of every shape: the real graph of the bundled (fictional) Ruritania strategy, a
synthetic Bhutan strategy written here (so that a country, its agencies, a CIRT and the link from
Bhutan's profile 1.3.1 statement exist) and Bhutan's profile: it conforms, and every shape has
focus nodes in it.  Violating examples: mutated copies (one SPARQL Update each) that must make the
intended shape fire (property shape and constraint component, or node shape and SPARQL constraint).
"""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import Store

from cyberkg.graph.profile import doc_key
from cyberkg.sources.text import norm_key
from cyberkg.store import build as B
from cyberkg.store import shacl

from ..conftest import DATA, ROOT

SH = shacl.SH
CKGSH = "https://w3id.org/cyberkg/shapes#"
ID = "https://w3id.org/cyberkg/id/"
SHAPES_FILE = B.SHAPES_DIR / "strategy.shapes.ttl"

# A synthetic strategy (written for this test; not a real document) about a country with a bundled profile.
BHUTAN_STRATEGY = """ROYAL GOVERNMENT OF BHUTAN
Ministry of Information and Communications

BHUTAN NATIONAL CYBER SECURITY STRATEGY
2018-2023

Thimphu, June 2018


1. Purpose

The Ministry of Information and Communications (MoIC) is responsible for coordinating the
implementation of this strategy.

2. Incident Response

BtCIRT will be the national Computer Incident Response Team and will coordinate responses to
incidents affecting government networks.

3. Awareness

A public awareness campaign will teach citizens and businesses how to stay safe online.
Schools will teach pupils how to recognise fraud, protect their passwords and report abuse, and
the ministry will publish simple guidance for small businesses every year.

4. International Cooperation

Bhutan will work with its neighbours and with international partners to share information about
threats, and will take part in regional exercises so that its responders learn from others.

5. Review

The strategy will be reviewed every two years, and a report on its implementation will be
published so that citizens can follow the progress of every measure it sets out.
"""

UPDATE_PREFIXES = """
PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


def replace(s: str, p: str, new: str) -> str:
    return f"DELETE {{ GRAPH ?g {{ <{s}> {p} ?o }} }} INSERT {{ GRAPH ?g {{ <{s}> {p} {new} }} }} WHERE {{ GRAPH ?g {{ <{s}> {p} ?o }} }}"


def delete(s: str, p: str) -> str:
    return f"DELETE WHERE {{ GRAPH ?g {{ <{s}> {p} ?o }} }}"


def insert(s: str, p: str, o: str) -> str:
    return f"INSERT {{ GRAPH ?g {{ <{s}> {p} {o} }} }} WHERE {{ GRAPH ?g {{ <{s}> ?p0 ?o0 }} }}"


R = "{R}"  # the Ruritania document, placeholders filled in by store_of
B_ = "{B}"  # the Bhutan strategy document
SEC = ID + "strategy-section/{RK}/1"
MEN = ID + "strategy-mention/{RK}/1"
PAS = ID + "passage/{RK}/1"
FND = ID + "finding/{RK}/1"
TOC = ID + "toc/{RK}"
SRC = "{SRC}"
LNK = "{LNK}"
BTN = ID + "country/BTN"

MUTATIONS = [  # (rule, SPARQL Update, the result it must provoke: focus, shape, constraint)
    ("StrategyDocument-fileName minCount", delete(R, "ckg:fileName"), (R, "StrategyDocument-fileName", "MinCount")),
    ("StrategyDocument-sha256 pattern", replace(R, "ckg:sha256", '"XYZ"'), (R, "StrategyDocument-sha256", "Pattern")),
    ("StrategyDocument-sourceFile class", insert(R, "ckg:sourceFile", f"<{BTN}>"), (R, "StrategyDocument-sourceFile", "Class")),
    ("StrategyDocument-label maxCount", insert(R, "rdfs:label", '"Another"'), (R, "StrategyDocument-label", "MaxCount")),
    ("StrategyDocument-documentStatus in", replace(R, "ckg:documentStatus", '"adopted"'), (R, "StrategyDocument-documentStatus", "In")),
    ("StrategyDocument-documentKind in", replace(R, "ckg:documentKind", '"novel"'), (R, "StrategyDocument-documentKind", "In")),
    ("StrategyDocument-documentScope in", replace(R, "ckg:documentScope", '"poetry"'), (R, "StrategyDocument-documentScope", "In")),
    ("StrategyDocument-languageCode pattern", replace(R, "ckg:languageCode", '"English"'), (R, "StrategyDocument-languageCode", "Pattern")),
    ("StrategyDocument-documentCountry maxCount", insert(B_, "ckg:documentCountry", f"<{ID}country/XXX>"), (B_, "StrategyDocument-documentCountry", "MaxCount")),
    ("StrategyDocument-issued datatype", replace(R, "dct:issued", '"2016-03-01"'), (R, "StrategyDocument-issued", "Datatype")),
    ("StrategyDocument-periodStart datatype", replace(R, "ckg:periodStart", '"2016"'), (R, "StrategyDocument-periodStart", "Datatype")),
    ("StrategyDocument-periodEnd maxCount", insert(R, "ckg:periodEnd", '"2030"^^xsd:gYear'), (R, "StrategyDocument-periodEnd", "MaxCount")),
    ("StrategyPeriodOrdered", replace(R, "ckg:periodEnd", '"2010"^^xsd:gYear'), (R, "StrategyDocument", "ckgsh:StrategyPeriodOrdered")),
    ("SourceFile-fileName minCount", delete(SRC, "ckg:fileName"), (SRC, "SourceFile-fileName", "MinCount")),
    ("SourceFile-sha256 pattern", replace(SRC, "ckg:sha256", '"abc"'), (SRC, "SourceFile-sha256", "Pattern")),
    ("TableOfContents-sourceLine minCount", delete(TOC, "ckg:sourceLine"), (TOC, "TableOfContents-sourceLine", "MinCount")),
    ("TableOfContents-endLine datatype", replace(TOC, "ckg:endLine", '"24"'), (TOC, "TableOfContents-endLine", "Datatype")),
    ("StrategySection-isPartOf class", replace(SEC, "dct:isPartOf", f"<{BTN}>"), (SEC, "StrategySection-isPartOf", "Class")),
    ("StrategySection-label minCount", delete(SEC, "rdfs:label"), (SEC, "StrategySection-label", "MinCount")),
    ("StrategySection-sourceLine maxCount", insert(SEC, "ckg:sourceLine", "1"), (SEC, "StrategySection-sourceLine", "MaxCount")),
    ("StrategySection-endLine minCount", delete(SEC, "ckg:endLine"), (SEC, "StrategySection-endLine", "MinCount")),
    ("StrategySectionLinesOrdered", replace(SEC, "ckg:endLine", "0"), (SEC, "StrategySection", "ckgsh:StrategySectionLinesOrdered")),
    ("StrategyMention-isPartOf minCount", delete(MEN, "dct:isPartOf"), (MEN, "StrategyMention-isPartOf", "MinCount")),
    ("StrategyMention-mentionKind in", replace(MEN, "ckg:mentionKind", '"person"'), (MEN, "StrategyMention-mentionKind", "In")),
    ("StrategyMention-mentionedName minLength", replace(MEN, "ckg:mentionedName", '""'), (MEN, "StrategyMention-mentionedName", "MinLength")),
    ("StrategyMention-sourceLine datatype", replace(MEN, "ckg:sourceLine", '"two"'), (MEN, "StrategyMention-sourceLine", "Datatype")),
    ("StrategyMention-mentionedEntity maxCount", insert(MEN, "ckg:mentionedEntity", f"<{BTN}>") + " ; "
     + insert(MEN, "ckg:mentionedEntity", f"<{ID}country/XXX>"), (MEN, "StrategyMention-mentionedEntity", "MaxCount")),
    ("EvidencePassage-isPartOf class", replace(PAS, "dct:isPartOf", f"<{BTN}>"), (PAS, "EvidencePassage-isPartOf", "Class")),
    ("EvidencePassage-addressesIndicator class", replace(PAS, "ckg:addressesIndicator", f"<{BTN}>"), (PAS, "EvidencePassage-addressesIndicator", "Class")),
    ("EvidencePassage-topicRule in", replace(PAS, "ckg:topicRule", '"hunch"'), (PAS, "EvidencePassage-topicRule", "In")),
    ("EvidencePassage-statementText minCount", delete(PAS, "ckg:statementText"), (PAS, "EvidencePassage-statementText", "MinCount")),
    ("EvidencePassage-sourceLine minCount", delete(PAS, "ckg:sourceLine"), (PAS, "EvidencePassage-sourceLine", "MinCount")),
    ("StrategyFinding-findingKind in", replace(FND, "ckg:findingKind", '"whatever"'), (FND, "StrategyFinding-findingKind", "In")),
    ("StrategyFinding-comment maxCount", insert(FND, "rdfs:comment", '"again"'), (FND, "StrategyFinding-comment", "MaxCount")),
    ("StrategyFinding-section datatype", replace(FND, "ckg:section", "1"), (FND, "StrategyFinding-section", "Datatype")),
    ("StrategyFinding-wasDerivedFrom class", replace(FND, "prov:wasDerivedFrom", f"<{BTN}>"), (FND, "StrategyFinding-wasDerivedFrom", "Class")),
    ("StrategyLink-profileStatement class", replace(LNK, "ckg:profileStatement", f"<{BTN}>"), (LNK, "StrategyLink-profileStatement", "Class")),
    ("StrategyLink-strategyDocument minCount", delete(LNK, "ckg:strategyDocument"), (LNK, "StrategyLink-strategyDocument", "MinCount")),
    ("StrategyLink-relativeAge in", replace(LNK, "ckg:relativeAge", '"ancient"'), (LNK, "StrategyLink-relativeAge", "In")),
]


def _shape_iri(shape: str, constraint: str) -> str:
    # SPARQL constraints are reported with their node shape (ckgsh:StrategyDocumentShape ...).
    return CKGSH + (shape + "Shape" if constraint.startswith("ckgsh:") else shape)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("strategy-shapes")
    bhutan = tmp / "strategy-bhutan-synthetic.txt"
    bhutan.write_text(BHUTAN_STRATEGY, encoding="utf-8")
    docs, errors = B.parse_all([ROOT / "tests" / "data" / "strategy-ruritania-2016.txt", bhutan, DATA / "profile-bhutan.txt"])
    assert not errors
    quads = list(B.quads(docs)) + list(B.ontology_quads())
    r = next(d.result for d in docs if d.path.name.startswith("strategy-ruritania"))
    b = next(d.result for d in docs if d.path == bhutan)
    p = next(d.result for d in docs if d.kind == "profile")
    rk, bk, pk = (doc_key(str(x.path), x.sha256) for x in (r, b, p))
    names = {"{RK}": rk, "{R}": ID + "doc/" + rk, "{B}": ID + "doc/" + bk,
             "{SRC}": ID + f"source/{r.sha256[:16]}/{norm_key(r.path.name)}",
             "{LNK}": ID + f"strategy-link/{pk}/{bk}"}
    return quads, names, docs


def fill(text: str, names) -> str:
    for k, v in names.items():
        text = text.replace(k, v)
    return text


def store_of(base, *updates: str) -> Store:
    quads, names, _ = base
    store = Store()
    store.extend(quads)
    for u in updates:
        for part in u.split(" ; "):
            store.update(UPDATE_PREFIXES + fill(part, names))
    return store


def results(store) -> set[tuple[str, str, str]]:
    _conforms, violations = B.validate_store(store)
    return {(v.focus, v.shape, v.constraint) for v in violations}


def test_conforming_example_conforms_and_every_strategy_shape_has_focus_nodes(base):
    store = store_of(base)
    assert results(store) == set()
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    sh = rdflib.Namespace(SH)
    for shape in set(shapes.subjects(rdflib.RDF.type, sh.NodeShape)):
        for cls in shapes.objects(shape, sh.targetClass):
            assert store.query(f"ASK {{ ?x a <{cls}> }}", use_default_graph_as_union=True), f"{shape}: no instance of {cls}"


@pytest.mark.parametrize("update,expected", [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_violating_example_fires_the_intended_shape(base, update, expected):
    focus, shape, constraint = expected
    got = results(store_of(base, update))
    want = (fill(focus, base[1]), _shape_iri(shape, constraint),
            CKGSH + constraint[6:] if constraint.startswith("ckgsh:") else f"{SH}{constraint}ConstraintComponent")
    assert want in got, sorted(got)


def test_every_shape_and_constraint_of_the_strategy_shapes_has_a_violating_example():
    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    sh = rdflib.Namespace(SH)
    exercised = {CKGSH + m[2][1] for m in MUTATIONS} | {CKGSH + m[2][2][6:] for m in MUTATIONS if m[2][2].startswith("ckgsh:")}
    property_shapes = {str(s) for s in shapes.subjects(rdflib.RDF.type, sh.PropertyShape)}
    sparql = {str(c) for c in shapes.objects(None, sh.sparql)}
    assert property_shapes - exercised == set()
    assert sparql - exercised == set()


def test_shape_lists_match_the_code():
    import re

    from cyberkg.sources import strategy
    from cyberkg.sources.rules import strategy_topics

    text = SHAPES_FILE.read_text(encoding="utf-8")
    kinds = re.search(r"ckgsh:StrategyFinding-findingKind a sh:PropertyShape.*?sh:in \(([^)]*)\)", text, re.S).group(1)
    assert set(re.findall(r'"([^"]+)"', kinds)) == strategy.FINDING_KINDS
    rules = re.search(r"ckgsh:EvidencePassage-topicRule a sh:PropertyShape.*?sh:in \(([^)]*)\)", text, re.S).group(1)
    assert re.findall(r'"([^"]+)"', rules) == [r.name for r in strategy_topics.RULES]


def test_bhutan_strategy_links_to_the_profile_and_resolves_its_issuer(base):
    """The profile's 1.3.1 statement links to the strategy, which is newer; the strategy's issuer
    (the ministry, before the Royal Government) is the profile's Ministry of Information and
    Communication (same-name rule)."""
    store = store_of(base)
    q = """PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
    SELECT ?age ?stmt WHERE { ?l a ckg:StrategyLink ; ckg:relativeAge ?age ; ckg:profileStatement ?stmt ; ckg:strategyDocument <%s> .
      ?stmt ckg:strategyDocument <%s> }""" % (base[1]["{B}"], base[1]["{B}"])
    rows = list(store.query(q, use_default_graph_as_union=True))
    assert [r["age"].value for r in rows] == ["newer"]
    assert rows[0]["stmt"].value.endswith("/1.3.1")
    q = """PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
    PREFIX dct: <http://purl.org/dc/terms/>
    SELECT ?rule ?b WHERE { <%s> dct:publisher ?a . ?m a ckg:Match ; ckg:matchedEntity ?a, ?b ; ckg:matchRule ?rule .
      FILTER(?a != ?b) }""" % base[1]["{B}"]
    assert {r["rule"].value for r in store.query(q, use_default_graph_as_union=True)} == {"same-name"}


@pytest.mark.parametrize("names", [("Bhutan.txt", "bhutan.txt"), ("Bhutan (copy).txt", "bhutan_copy.txt"),
                                   ("Стратегия.txt", "Strategiya.txt")], ids=["case", "punctuation", "script"])
def test_copies_whose_file_names_key_alike_are_one_document_with_two_sources(tmp_path, names):
    """Two copies of one text whose names normalise to one IRI key ('Bhutan.txt', 'bhutan.txt'):
    one document with two ckg:SourceFile nodes, each with its own name, and the build conforms
    (it was a SHACL violation naming the shared IRI, not the files)."""
    src = tmp_path / "in"
    src.mkdir()
    for n in names:
        (src / n).write_text(BHUTAN_STRATEGY, encoding="utf-8")
    B.build([src], tmp_path / "store")
    store = Store(str(tmp_path / "store"))
    rows = list(store.query("PREFIX ckg: <https://w3id.org/cyberkg/ontology#> "
                            "SELECT ?d ?s ?n WHERE { GRAPH ?g { ?d ckg:sourceFile ?s . ?s ckg:fileName ?n } }"))
    assert len({r["d"] for r in rows}) == 1
    assert sorted(r["n"].value for r in rows) == sorted(names) and len({r["s"] for r in rows}) == 2
