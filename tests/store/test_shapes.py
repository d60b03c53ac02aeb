"""Every SHACL shape (shapes/cyberkg.shapes.ttl) and SPARQL constraint, with a conforming and a
violating example each.

Examples are validated as the build validates: data graph = example + ontology, advanced=True.
A violating example must fail *because of the intended rule*: every result's sh:sourceShape must
be the shape under test (or a shape the test names as an expected side effect), and for SPARQL
constraints sh:sourceConstraint must be the constraint under test.

Two kinds of example: small stand-alone Turtle snippets for shapes that need no profile, and
edits of BASE, a complete, conforming profile document (21 statements and one of everything),
for rules that involve the profile.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "etl") not in sys.path:
    sys.path.insert(0, str(ROOT / "etl"))

from cyberkg.sources import profile, scheme  # noqa: E402

SH = Namespace("http://www.w3.org/ns/shacl#")
CKGSH = Namespace("https://w3id.org/cyberkg/shapes#")
CKG = Namespace("https://w3id.org/cyberkg/ontology#")
ID = "https://w3id.org/cyberkg/id/"

SHAPES_FILE = ROOT / "shapes" / "cyberkg.shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "cyberkg.ttl"

PREFIXES = """
@prefix ckg:            <https://w3id.org/cyberkg/ontology#> .
@prefix rdf:            <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:           <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:            <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:           <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:            <http://purl.org/dc/terms/> .
@prefix prov:           <http://www.w3.org/ns/prov#> .
@prefix org:            <http://www.w3.org/ns/org#> .
@prefix eli:            <http://data.europa.eu/eli/ontology#> .
@prefix qb:             <http://purl.org/linked-data/cube#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix schema:         <https://schema.org/> .
@prefix wd:             <http://www.wikidata.org/entity/> .
@prefix ind:            <https://w3id.org/cyberkg/id/indicator/> .
@prefix status:         <https://w3id.org/cyberkg/id/status/> .
@prefix action:         <https://w3id.org/cyberkg/id/action/> .
@prefix cat:            <https://w3id.org/cyberkg/id/instrument-category/> .
@prefix conv:           <https://w3id.org/cyberkg/id/convention/> .
@prefix ds:             <https://w3id.org/cyberkg/id/dataset/> .
@prefix cirtrole:       <https://w3id.org/cyberkg/id/cirt-role/> .
@prefix cirtstate:      <https://w3id.org/cyberkg/id/cirt-state/> .
@prefix ex:             <https://w3id.org/cyberkg/id/test/> .
"""

COUNTRY = """
ex:TST a ckg:Country ;
    rdfs:label "Testland" ;
    ckg:iso3166Alpha2 "TL" ;
    ckg:iso3166Alpha3 "TST" ;
    skos:exactMatch wd:Q1234 .
"""

_STATUS = {"1.2.1": "yes", "1.3.4": "unknown", "2.2": "partial", "1.1.2": "no"}

BASE = COUNTRY + """
ex:doc a ckg:CyberwellnessProfile ;
    dct:title "ITU Cyberwellness Profile: TESTLAND" ;
    ckg:aboutCountry ex:TST ;
    ckg:fileName "profile-testland.txt" ;
    ckg:sha256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ;
    dct:modified "2014-08-12"^^xsd:date .
""" + "".join(f"""
ex:stmt-{code} a ckg:IndicatorStatement ;
    ckg:indicator ind:{code} ;
    ckg:status status:{_STATUS.get(code, "yes" if i % 2 else "partial")} ;
    ckg:statusRule "yes:has" ;
    ckg:country ex:TST ;
    prov:wasDerivedFrom ex:doc ;
    ckg:statementText "Testland has {title.lower()}." .
""" for i, (code, title) in enumerate(scheme.INDICATORS.items())) + """
ex:stmt-1.2.1 ckg:mentionsCIRT ex:cirt ; ckg:reportsEvent ex:assessment .
ex:cirt a ckg:NationalCIRT ; rdfs:label "TL-CERT" ; ckg:jurisdiction ex:TST ;
    ckg:cirtRole cirtrole:national ; ckg:cirtState cirtstate:exists .
ex:assessment a ckg:CIRTAssessment ;
    rdfs:label "CIRT readiness assessment for Testland, 2012-11-19" ;
    ckg:assessedCountry ex:TST ;
    ckg:assessmentDate "2012-11-19"^^xsd:date ;
    ckg:assessmentEndDate "2012-11-23"^^xsd:date .

ex:obs-pop a qb:Observation ;
    qb:dataSet ds:population ;
    sdmx-dimension:refArea ex:TST ;
    sdmx-dimension:refPeriod "2013"^^xsd:gYear ;
    ckg:population 750000 ;
    ckg:statedValue "750,000" ;
    prov:wasDerivedFrom ex:doc .
ex:obs-net a qb:Observation ;
    qb:dataSet ds:internet-users ;
    sdmx-dimension:refArea ex:TST ;
    sdmx-dimension:refPeriod "2013-12"^^xsd:gYearMonth ;
    ckg:internetUsersPercent 29.9 ;
    ckg:statedValue "29.9%" ;
    prov:wasDerivedFrom ex:doc .

ex:act a eli:LegalResource ;
    rdfs:label "Computer Crimes Act 2010" ;
    ckg:jurisdiction ex:TST ;
    ckg:instrumentCategory cat:cybercrime .
ex:act-article-5 a eli:LegalResourceSubdivision ;
    rdfs:label "Computer Crimes Act 2010, Article 5" ;
    eli:is_part_of ex:act .
ex:citation a ckg:Citation ;
    ckg:citedInstrument ex:act ;
    ckg:citedAs "Computer Crimes Act 2010" ;
    ckg:citesProvision ex:act-article-5 ;
    ckg:instrumentCategory cat:cybercrime ;
    ckg:section "1.1.1" .
ex:stmt-1.1.1 ckg:hasCitation ex:citation .

ex:ministry a ckg:Agency ; rdfs:label "Ministry of ICT" ; ckg:jurisdiction ex:TST .
ex:unit a ckg:Agency ;
    rdfs:label "Cyber Security Unit" ;
    skos:altLabel "CSU" ;
    ckg:jurisdiction ex:TST ;
    org:subOrganizationOf ex:ministry .
ex:stmt-1.3.3 ckg:mentionsAgency ex:unit, ex:ministry .

ex:ca-CRC a ckg:ConventionAction ; ckg:convention conv:CRC ; ckg:action action:ratification ; ckg:country ex:TST .
ex:ca-OPSC a ckg:ConventionAction ; ckg:convention conv:OPSC ; ckg:action action:none ; ckg:country ex:TST .
ex:stmt-2.2 ckg:reportsAction ex:ca-CRC, ex:ca-OPSC .

ex:programme a ckg:Programme ; rdfs:label "ITU-IMPACT" .
ex:stmt-1.5.4 ckg:mentionsProgramme ex:programme .

ex:contact a schema:ContactPoint ; schema:telephone "116" .
ex:stmt-2.4 ckg:reportingContact ex:contact .

ex:finding a ckg:SourceAnomaly ;
    ckg:findingKind "unparsed-status" ;
    rdfs:comment "no known status phrase in: 'Testland ...'" ;
    ckg:section "1.3.4" ;
    prov:wasDerivedFrom ex:doc .
ex:stmt-1.3.4 ckg:hasFinding ex:finding .
"""


# --- helpers ------------------------------------------------------------------------------------

@pytest.fixture(scope="module", autouse=True)
def _reuse_parsed_sparql():
    """Speed only: pyshacl hands rdflib each SPARQL constraint as a string, for every focus node
    and every validation, and parsing dominates the run time of these small examples.  Reuse the
    translated query (rdflib's documented prepared-query pattern: same algebra, new bindings)."""
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query
    cache: dict = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    mp = pytest.MonkeyPatch()
    mp.setattr(processor.SPARQLProcessor, "query", query)
    yield
    mp.undo()


@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def sh_(name: str) -> URIRef:
    """A shape or SPARQL constraint of the shapes file, by local name (the meta test below checks
    that every shape of the file is named by some test through this function)."""
    node = CKGSH[name]
    assert (node, RDF.type, None) in shapes(), f"no {node} in {SHAPES_FILE.name}"
    return node


def ttl(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def base(remove: list[tuple[str | None, str | None, str | None]] = (), add: str = "") -> Graph:
    """BASE with triples removed (patterns of CURIEs, None = any) and Turtle added."""
    g = ttl(BASE)
    nm = g.namespace_manager
    for pattern in remove:
        s, p, o = (None if t is None else nm.expand_curie(t) for t in pattern)
        assert (s, p, o) in g, f"nothing to remove for {pattern}"
        g.remove((s, p, o))
    if add:
        g.parse(data=PREFIXES + add, format="turtle")
    return g


def validate(g: Graph) -> tuple[bool, list[dict]]:
    data = Graph()
    data += g
    data += ontology()
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes(), advanced=True, inference="none")
    rows = results.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?shape ?constraint ?component ?focus ?value ?path ?severity WHERE {
            ?report a sh:ValidationReport ; sh:result ?r .
            ?r sh:sourceShape ?shape ; sh:sourceConstraintComponent ?component ; sh:focusNode ?focus ;
               sh:resultSeverity ?severity .
            OPTIONAL { ?r sh:sourceConstraint ?constraint }
            OPTIONAL { ?r sh:value ?value }
            OPTIONAL { ?r sh:resultPath ?path }
        }""")
    return bool(conforms), [{k: row[k] for k in ("shape", "constraint", "component", "focus", "value", "path", "severity")}
                            for row in rows]


def assert_conforms(g: Graph) -> None:
    conforms, results = validate(g)
    assert conforms, "expected to conform, got:\n" + "\n".join(_fmt(r) for r in results)


def assert_violates(g: Graph, shape: URIRef, *, constraint: URIRef | None = None, component: str | None = None,
                    focus: str | None = None, also: tuple[URIRef, ...] = ()) -> list[dict]:
    """g fails, only because of `shape` (plus the shapes in `also`), and some result of `shape`
    matches the given constraint / component / focus node."""
    conforms, results = validate(g)
    assert not conforms, f"expected a violation of {shape}, but the example conforms"
    shown = "\n".join(_fmt(r) for r in results)
    allowed = {shape, *also}
    stray = [r for r in results if r["shape"] not in allowed]
    assert not stray, f"violations of other shapes than {sorted(allowed)}:\n{shown}"
    mine = [r for r in results if r["shape"] == shape]
    if constraint is not None:
        mine = [r for r in mine if r["constraint"] == constraint]
    if component is not None:
        mine = [r for r in mine if r["component"] == SH[component]]
    if focus is not None:
        f = URIRef(focus.replace("ex:", ID + "test/"))
        mine = [r for r in mine if r["focus"] == f]
    assert mine, f"no result of {shape} (constraint={constraint}, component={component}, focus={focus}):\n{shown}"
    assert all(r["severity"] == SH.Violation for r in results)
    return mine


def _fmt(r: dict) -> str:
    return " ".join(f"{k}={r[k]}" for k in r if r[k] is not None)


@pytest.fixture(scope="module")
def base_conforms():
    assert_conforms(base())


# --- the complete example and the shapes file ---------------------------------------------------

def test_base_profile_example_conforms(base_conforms):
    pass


def test_every_shape_has_a_message_and_a_rule_comment():
    g = shapes()
    named = [s for t in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint) for s in g.subjects(RDF.type, t)]
    assert len(named) > 40
    for s in named:
        assert (s, SH.message, None) in g, f"{s} has no sh:message"
        comment = g.value(s, RDFS.comment)
        assert comment is not None and str(comment).startswith("Rule:"), f"{s} has no 'Rule: ...' rdfs:comment"


def test_every_named_shape_and_sparql_constraint_is_tested():
    g = shapes()
    named = {str(s) for t in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint) for s in g.subjects(RDF.type, t)
             if isinstance(s, URIRef)}
    tested = {str(CKGSH[n]) for n in re.findall(r'sh_\("([\w-]+)"\)', Path(__file__).read_text(encoding="utf-8"))}
    assert not named - tested, f"shapes without a test: {sorted(named - tested)}"


def test_finding_kinds_in_shape_are_profile_finding_kinds():
    g = shapes()
    lst = g.value(sh_("SourceAnomaly-findingKind"), SH["in"])
    assert {str(x) for x in g.items(lst)} == profile.FINDING_KINDS


def test_status_and_action_lists_are_the_ontology_schemes():
    g, onto = shapes(), ontology()
    SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")

    def scheme_members(name):
        return set(onto.subjects(SKOS.inScheme, URIRef(ID + "scheme/" + name)))

    for shape in ("IndicatorStatement-status", "Observation-valueStatus"):
        assert set(g.items(g.value(sh_(shape), SH["in"]))) == scheme_members("status")
    assert set(g.items(g.value(sh_("ConventionAction-action"), SH["in"]))) == scheme_members("action")
    for shape in ("LegalInstrument-category", "Citation-category"):
        assert set(g.items(g.value(sh_(shape), SH["in"]))) == scheme_members("instrument-category")


# --- Country --------------------------------------------------------------------------------------

def test_country_needs_exactly_one_iso3166_alpha3():
    assert_conforms(ttl(COUNTRY))
    shape = sh_("Country-iso3166Alpha3")
    assert_violates(ttl(COUNTRY.replace('ckg:iso3166Alpha3 "TST" ;', "")), shape, component="MinCountConstraintComponent")
    assert_violates(ttl(COUNTRY + 'ex:TST ckg:iso3166Alpha3 "TSU" .'), shape, component="MaxCountConstraintComponent")


def test_country_alpha3_is_three_capital_letters():
    shape = sh_("Country-iso3166Alpha3")
    for bad in ('"tst"', '"TS"', '"TSTX"'):
        assert_violates(ttl(COUNTRY.replace('"TST"', bad)), shape, component="PatternConstraintComponent")


def test_country_needs_exactly_one_iso3166_alpha2_of_two_capitals():
    shape = sh_("Country-iso3166Alpha2")
    assert_violates(ttl(COUNTRY.replace('ckg:iso3166Alpha2 "TL" ;', "")), shape, component="MinCountConstraintComponent")
    assert_violates(ttl(COUNTRY.replace('"TL"', '"T1"')), shape, component="PatternConstraintComponent")
    assert_violates(ttl(COUNTRY + 'ex:TST ckg:iso3166Alpha2 "TM" .'), shape, component="MaxCountConstraintComponent")


def test_country_needs_exactly_one_wikidata_iri():
    shape = sh_("Country-wikidata")
    assert_violates(ttl(COUNTRY.replace("skos:exactMatch wd:Q1234 .", 'rdfs:comment "no match" .')), shape,
                    component="MinCountConstraintComponent")
    assert_violates(ttl(COUNTRY + "ex:TST skos:exactMatch wd:Q99 ."), shape, component="MaxCountConstraintComponent")


def test_country_wikidata_match_is_an_entity_iri():
    shape = sh_("Country-wikidata")
    for bad in ("<https://www.wikidata.org/wiki/Q1234>", "<http://www.wikidata.org/entity/P17>",
                "<http://www.wikidata.org/entity/Q0123>", "<https://www.wikidata.org/entity/Q1234>"):
        assert_violates(ttl(COUNTRY.replace("wd:Q1234", bad)), shape, component="PatternConstraintComponent")
    assert_violates(ttl(COUNTRY.replace("wd:Q1234", '"Q1234"')), shape, component="NodeKindConstraintComponent")


def test_country_needs_a_non_empty_label():
    shape = sh_("Country-label")
    assert_conforms(ttl(COUNTRY + 'ex:TST rdfs:label "Testlande"@fr .'))
    assert_violates(ttl(COUNTRY.replace('rdfs:label "Testland" ;', "")), shape, component="MinCountConstraintComponent")
    assert_violates(ttl(COUNTRY.replace('"Testland"', '""')), shape, component="MinLengthConstraintComponent")
    assert_violates(ttl(COUNTRY.replace('"Testland"', "42")), shape, component="OrConstraintComponent")
    sh_("CountryShape")  # the node shape holding the four rules above


# --- Profile --------------------------------------------------------------------------------------

def test_profile_is_about_exactly_one_country(base_conforms):
    shape = sh_("Profile-aboutCountry")
    assert_violates(base(remove=[("ex:doc", "ckg:aboutCountry", None)]), shape, component="MinCountConstraintComponent")
    assert_violates(base(add=COUNTRY.replace("TST", "TSU").replace('"TL"', '"TU"').replace("Q1234", "Q1235")
                         + "ex:doc ckg:aboutCountry ex:TSU ."), shape, component="MaxCountConstraintComponent")
    assert_violates(base(remove=[("ex:doc", "ckg:aboutCountry", None)], add="ex:doc ckg:aboutCountry ex:nowhere ."),
                    shape, component="ClassConstraintComponent")
    sh_("ProfileShape")


def test_profile_modified_is_at_most_one_xsd_date(base_conforms):
    shape = sh_("Profile-modified")
    assert_conforms(base(remove=[("ex:doc", "dct:modified", None)]))  # optional
    assert_violates(base(add='ex:doc dct:modified "2014-08-13"^^xsd:date .'), shape, component="MaxCountConstraintComponent")
    assert_violates(base(remove=[("ex:doc", "dct:modified", None)], add='ex:doc dct:modified "12th August 2014" .'),
                    shape, component="DatatypeConstraintComponent")


def test_profile_sha256_is_64_lowercase_hex(base_conforms):
    shape = sh_("Profile-sha256")
    digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    for bad in (digest.upper(), digest[:-1], digest + "0"):
        assert_violates(base(remove=[("ex:doc", "ckg:sha256", None)], add=f'ex:doc ckg:sha256 "{bad}" .'),
                        shape, component="PatternConstraintComponent")
    assert_violates(base(remove=[("ex:doc", "ckg:sha256", None)]), shape, component="MinCountConstraintComponent")


def test_profile_needs_exactly_one_title(base_conforms):
    shape = sh_("Profile-title")
    assert_violates(base(remove=[("ex:doc", "dct:title", None)]), shape, component="MinCountConstraintComponent")
    assert_violates(base(add='ex:doc dct:title "Another title" .'), shape, component="MaxCountConstraintComponent")


def test_profile_states_every_indicator_missing_one_fails(base_conforms):
    """A profile without a statement for 1.5.2 -> EachIndicatorStatedOnce names 1.5.2 (count 0)."""
    g = base(remove=[("ex:stmt-1.5.2", None, None)])
    found = assert_violates(g, sh_("ProfileShape"), constraint=sh_("EachIndicatorStatedOnce"), focus="ex:doc")
    assert {r["value"] for r in found} == {URIRef(ID + "indicator/1.5.2")}


def test_profile_states_every_indicator_duplicated_one_fails(base_conforms):
    """Two statements for 1.3.1 from the same profile -> EachIndicatorStatedOnce names 1.3.1."""
    g = base(add="""ex:stmt-1.3.1-again a ckg:IndicatorStatement ; ckg:indicator ind:1.3.1 ; ckg:status status:no ;
        ckg:statusRule "no:there-is-no" ; ckg:country ex:TST ; prov:wasDerivedFrom ex:doc ; ckg:statementText "" .""")
    found = assert_violates(g, sh_("ProfileShape"), constraint=sh_("EachIndicatorStatedOnce"), focus="ex:doc")
    assert {r["value"] for r in found} == {URIRef(ID + "indicator/1.3.1")}


def test_profile_statements_of_another_profile_do_not_count(base_conforms):
    """Statements derived from a second profile of the same country do not stand in for the first's."""
    other = "".join(f"""ex:stmt2-{code} a ckg:IndicatorStatement ; ckg:indicator ind:{code} ; ckg:status status:unknown ;
        ckg:statusRule "unknown:section-missing" ; ckg:country ex:TST ; prov:wasDerivedFrom ex:doc2 ; ckg:statementText "" .
        """ for code in scheme.INDICATORS)
    doc2 = """ex:doc2 a ckg:CyberwellnessProfile ; dct:title "ITU Cyberwellness Profile: TESTLAND" ; ckg:aboutCountry ex:TST ;
        ckg:sha256 "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ."""
    assert_conforms(base(add=doc2 + other))
    g = base(remove=[("ex:stmt-2.1", None, None)], add=doc2 + other)
    found = assert_violates(g, sh_("ProfileShape"), constraint=sh_("EachIndicatorStatedOnce"), focus="ex:doc")
    assert {r["value"] for r in found} == {URIRef(ID + "indicator/2.1")}


# --- Indicator statement ------------------------------------------------------------------------

# A statement of ex:doc about a group heading: the profile rule counts leaf indicators only, so
# this extra statement is invisible to EachIndicatorStatedOnce and only its own rules can fire.
EXTRA_STATEMENT = """ex:stmt-extra a ckg:IndicatorStatement ; ckg:indicator ind:1.2 ; ckg:status status:yes ;
    ckg:statusRule "yes:has" ; ckg:country ex:TST ; prov:wasDerivedFrom ex:doc ; ckg:statementText "text" ."""


def test_statement_needs_exactly_one_indicator(base_conforms):
    shape = sh_("IndicatorStatement-indicator")
    sh_("IndicatorStatementShape")
    assert_violates(base(add=EXTRA_STATEMENT.replace("ckg:indicator ind:1.2 ;", "")), shape,
                    component="MinCountConstraintComponent", focus="ex:stmt-extra")
    assert_violates(base(add="ex:stmt-1.4.4 ckg:indicator ind:1.3 ."), shape,
                    component="MaxCountConstraintComponent", focus="ex:stmt-1.4.4")
    # without its indicator, 1.4.4 is also missing from the profile
    assert_violates(base(remove=[("ex:stmt-1.4.4", "ckg:indicator", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:stmt-1.4.4", also=(sh_("ProfileShape"),))


def test_statement_indicator_is_a_leaf_indicator_concept(base_conforms):
    """A group heading (1.2) or a non-concept is not an indicator (sh:class + sh:node LeafIndicatorShape)."""
    shape = sh_("IndicatorStatement-indicator")
    sh_("LeafIndicatorShape")
    found = assert_violates(base(add=EXTRA_STATEMENT), shape, component="NodeConstraintComponent", focus="ex:stmt-extra")
    assert {r["value"] for r in found} == {URIRef(ID + "indicator/1.2")}
    assert_violates(base(add=EXTRA_STATEMENT.replace("ind:1.2", "ind:9.9")), shape,
                    component="ClassConstraintComponent", focus="ex:stmt-extra")
    assert_violates(base(add=EXTRA_STATEMENT.replace("ind:1.2", "status:yes")), shape,
                    component="NodeConstraintComponent", focus="ex:stmt-extra")


def test_statement_needs_exactly_one_status_of_the_four(base_conforms):
    shape = sh_("IndicatorStatement-status")
    edit = [("ex:stmt-1.4.4", "ckg:status", None)]
    assert_violates(base(remove=edit, add="ex:stmt-1.4.4 ckg:status status:maybe ."), shape,
                    component="InConstraintComponent", focus="ex:stmt-1.4.4")
    assert_violates(base(add="ex:stmt-1.4.4 ckg:status status:unknown ."), shape,
                    component="MaxCountConstraintComponent", focus="ex:stmt-1.4.4")
    assert_violates(base(remove=edit), shape, component="MinCountConstraintComponent", focus="ex:stmt-1.4.4")


def test_statement_needs_exactly_one_statement_text(base_conforms):
    shape = sh_("IndicatorStatement-statementText")
    assert_violates(base(remove=[("ex:stmt-1.4.1", "ckg:statementText", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:stmt-1.4.1")
    assert_violates(base(add='ex:stmt-1.4.1 ckg:statementText "second text" .'), shape,
                    component="MaxCountConstraintComponent", focus="ex:stmt-1.4.1")


def test_statement_needs_exactly_one_status_rule(base_conforms):
    shape = sh_("IndicatorStatement-statusRule")
    assert_violates(base(remove=[("ex:stmt-1.4.2", "ckg:statusRule", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:stmt-1.4.2")


def test_statement_needs_exactly_one_country(base_conforms):
    shape = sh_("IndicatorStatement-country")
    assert_violates(base(remove=[("ex:stmt-1.4.3", "ckg:country", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:stmt-1.4.3")
    assert_violates(base(remove=[("ex:stmt-1.4.3", "ckg:country", None)], add="ex:stmt-1.4.3 ckg:country ex:doc ."),
                    shape, component="ClassConstraintComponent", focus="ex:stmt-1.4.3")


def test_statement_is_derived_from_exactly_one_profile(base_conforms):
    shape = sh_("IndicatorStatement-wasDerivedFrom")
    # a statement of no profile (about 1.1.1, so that it would otherwise count for ex:doc)
    orphan = EXTRA_STATEMENT.replace("ind:1.2", "ind:1.1.1").replace("prov:wasDerivedFrom ex:doc ;", "")
    assert_violates(base(add=orphan), shape, component="MinCountConstraintComponent", focus="ex:stmt-extra")
    assert_violates(base(add=orphan + "ex:stmt-extra prov:wasDerivedFrom ex:TST ."), shape,
                    component="ClassConstraintComponent", focus="ex:stmt-extra")


# --- National CIRT consistency (1.2.1) ----------------------------------------------------------

def test_cirt_statement_with_status_no_must_not_mention_a_national_cirt(base_conforms):
    constraint = sh_("NoStatusExcludesNationalCIRT")
    shape = sh_("NationalCIRTConsistencyShape")
    # status no with no CIRT, and status partial with a CIRT that is not national, conform
    assert_conforms(base(remove=[("ex:stmt-1.2.1", "ckg:status", None), ("ex:stmt-1.2.1", "ckg:mentionsCIRT", None)],
                         add="ex:stmt-1.2.1 ckg:status status:no ."))
    assert_conforms(base(remove=[("ex:stmt-1.2.1", "ckg:status", None), ("ex:cirt", "rdf:type", None)],
                         add="ex:stmt-1.2.1 ckg:status status:partial . ex:cirt a ckg:CIRT ."))
    g = base(remove=[("ex:stmt-1.2.1", "ckg:status", None)], add="ex:stmt-1.2.1 ckg:status status:no .")
    found = assert_violates(g, shape, constraint=constraint, focus="ex:stmt-1.2.1")
    assert {r["value"] for r in found} == {URIRef(ID + "test/cirt")}


def test_cirt_statement_with_status_yes_needs_no_cirt_node(base_conforms):
    """A team the profile does not name is not modelled: status yes alone conforms."""
    assert_conforms(base(remove=[("ex:stmt-1.2.1", "ckg:mentionsCIRT", None)]))


def test_cirt_has_one_role_and_one_state_from_their_schemes(base_conforms):
    role, state = sh_("CIRT-role"), sh_("CIRT-state")
    # a plain (not national) CIRT, so that only the CIRT shapes speak
    plain = [("ex:cirt", "rdf:type", None), ("ex:cirt", "ckg:cirtRole", None), ("ex:cirt", "ckg:cirtState", None)]

    def cirt(extra: str) -> Graph:
        return base(remove=plain, add="ex:cirt a ckg:CIRT " + extra + " .")

    assert_conforms(cirt("; ckg:cirtRole cirtrole:sectoral ; ckg:cirtState cirtstate:under-formation"))
    assert_violates(cirt("; ckg:cirtRole cirtrole:private, cirtrole:military ; ckg:cirtState cirtstate:exists"), role,
                    component="MaxCountConstraintComponent", focus="ex:cirt")
    assert_violates(cirt("; ckg:cirtRole status:yes ; ckg:cirtState cirtstate:exists"), role, component="InConstraintComponent", focus="ex:cirt")
    assert_violates(cirt('; ckg:cirtRole cirtrole:private ; ckg:cirtState "exists"'), state, component="InConstraintComponent", focus="ex:cirt")


def test_a_cirt_named_by_a_profile_has_a_role_and_a_state(base_conforms):
    """A team only a strategy mentions may have neither; one a profile statement names needs both."""
    role, state = sh_("ProfileCIRT-role"), sh_("ProfileCIRT-state")
    assert (sh_("ProfileCIRTShape"), SH.property, role) in shapes()
    plain = [("ex:cirt", "rdf:type", None), ("ex:cirt", "ckg:cirtRole", None), ("ex:cirt", "ckg:cirtState", None),
             ("ex:stmt-1.2.1", "ckg:mentionsCIRT", None)]
    unnamed = base(remove=plain, add="ex:cirt a ckg:CIRT .")  # mentioned by no profile statement
    assert_conforms(unnamed)
    named = "ex:cirt a ckg:CIRT . ex:stmt-1.2.1 ckg:mentionsCIRT ex:cirt . "
    assert_violates(base(remove=plain, add=named + "ex:cirt ckg:cirtState cirtstate:exists ."), role,
                    component="MinCountConstraintComponent", focus="ex:cirt")
    assert_violates(base(remove=plain, add=named + "ex:cirt ckg:cirtRole cirtrole:private ."), state,
                    component="MinCountConstraintComponent", focus="ex:cirt")


def test_a_national_cirt_is_an_existing_national_or_governmental_team(base_conforms):
    role, state = sh_("NationalCIRT-role"), sh_("NationalCIRT-state")
    assert (sh_("NationalCIRTShape"), SH.property, role) in shapes()
    assert_conforms(base(remove=[("ex:cirt", "ckg:cirtRole", None)], add="ex:cirt ckg:cirtRole cirtrole:governmental ."))
    assert_violates(base(remove=[("ex:cirt", "ckg:cirtRole", None)], add="ex:cirt ckg:cirtRole cirtrole:sectoral ."), role,
                    component="InConstraintComponent", focus="ex:cirt")
    assert_violates(base(remove=[("ex:cirt", "ckg:cirtState", None)], add="ex:cirt ckg:cirtState cirtstate:planned ."), state,
                    component="HasValueConstraintComponent", focus="ex:cirt")


def test_cirt_consistency_targets_only_cirt_statements(base_conforms):
    target = sh_("CIRTStatements")
    g = shapes()
    assert (sh_("NationalCIRTConsistencyShape"), SH.target, target) in g
    assert "indicator/1.2.1" in str(g.value(target, SH.select))


# --- Observations -------------------------------------------------------------------------------

def test_observation_ref_period_rejects_gyearmonth_without_leading_zero(base_conforms):
    """rdflib accepts "2019-5"^^xsd:gYearMonth as well-typed; the pattern must catch it."""
    shape = sh_("Observation-refPeriod")
    edit = [("ex:obs-net", "sdmx-dimension:refPeriod", None)]
    assert_conforms(base(remove=edit, add='ex:obs-net sdmx-dimension:refPeriod "2019-05"^^xsd:gYearMonth .'))
    for bad in ('"2019-5"^^xsd:gYearMonth', '"2019-13"^^xsd:gYearMonth', '"2019-00"^^xsd:gYearMonth', '"19"^^xsd:gYear'):
        assert_violates(base(remove=edit, add=f"ex:obs-net sdmx-dimension:refPeriod {bad} ."), shape,
                        component="PatternConstraintComponent", focus="ex:obs-net")


def test_observation_ref_period_is_gyear_or_gyearmonth(base_conforms):
    shape = sh_("Observation-refPeriod")
    edit = [("ex:obs-net", "sdmx-dimension:refPeriod", None)]
    for bad in ('"2019-05-01"^^xsd:date', '"2019"', '"2019-05"'):
        assert_violates(base(remove=edit, add=f"ex:obs-net sdmx-dimension:refPeriod {bad} ."), shape,
                        component="OrConstraintComponent", focus="ex:obs-net")
    assert_conforms(base(remove=edit))  # a period is optional
    assert_violates(base(add='ex:obs-net sdmx-dimension:refPeriod "2014"^^xsd:gYear .'), shape,
                    component="MaxCountConstraintComponent", focus="ex:obs-net")


def test_observation_needs_exactly_one_ref_area(base_conforms):
    shape = sh_("Observation-refArea")
    assert_violates(base(remove=[("ex:obs-pop", "sdmx-dimension:refArea", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:obs-pop")
    assert_violates(base(remove=[("ex:obs-pop", "sdmx-dimension:refArea", None)],
                         add="ex:obs-pop sdmx-dimension:refArea ex:doc ."), shape,
                    component="ClassConstraintComponent", focus="ex:obs-pop")


def test_observation_belongs_to_exactly_one_of_the_two_data_sets(base_conforms):
    shape = sh_("Observation-dataSet")
    assert_violates(base(remove=[("ex:obs-pop", "qb:dataSet", None)], add="ex:obs-pop qb:dataSet ds:gdp ."), shape,
                    component="InConstraintComponent", focus="ex:obs-pop",
                    also=(sh_("ObservationShape"),))
    assert_violates(base(remove=[("ex:obs-pop", "qb:dataSet", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:obs-pop",
                    also=(sh_("ObservationShape"),))


def test_observation_population_is_one_positive_integer(base_conforms):
    shape = sh_("Observation-population")
    sh_("ObservationShape")
    edit = [("ex:obs-pop", "ckg:population", None)]
    assert_violates(base(remove=edit, add="ex:obs-pop ckg:population 0 ."), shape,
                    component="MinExclusiveConstraintComponent", focus="ex:obs-pop")
    assert_violates(base(remove=edit, add="ex:obs-pop ckg:population -5 ."), shape,
                    component="MinExclusiveConstraintComponent", focus="ex:obs-pop")
    assert_violates(base(remove=edit, add="ex:obs-pop ckg:population 750000.5 ."), shape,
                    component="DatatypeConstraintComponent", focus="ex:obs-pop")
    assert_violates(base(add="ex:obs-pop ckg:population 760000 ."), shape,
                    component="MaxCountConstraintComponent", focus="ex:obs-pop")


def test_observation_internet_percent_is_a_decimal_from_0_to_100(base_conforms):
    shape = sh_("Observation-internetUsersPercent")
    edit = [("ex:obs-net", "ckg:internetUsersPercent", None)]
    for ok in ("0.0", "100.0"):
        assert_conforms(base(remove=edit, add=f"ex:obs-net ckg:internetUsersPercent {ok} ."))
    assert_violates(base(remove=edit, add="ex:obs-net ckg:internetUsersPercent 100.5 ."), shape,
                    component="MaxInclusiveConstraintComponent", focus="ex:obs-net")
    assert_violates(base(remove=edit, add="ex:obs-net ckg:internetUsersPercent -0.1 ."), shape,
                    component="MinInclusiveConstraintComponent", focus="ex:obs-net")
    assert_violates(base(remove=edit, add='ex:obs-net ckg:internetUsersPercent "29.9" .'), shape,
                    component="DatatypeConstraintComponent", focus="ex:obs-net")


def test_observation_value_status_is_a_status(base_conforms):
    shape = sh_("Observation-valueStatus")
    edit = [("ex:obs-net", "ckg:internetUsersPercent", None)]
    assert_conforms(base(remove=edit, add="ex:obs-net ckg:valueStatus status:unknown ."))
    assert_violates(base(remove=edit, add="ex:obs-net ckg:valueStatus ex:whatever ."), shape,
                    component="InConstraintComponent", focus="ex:obs-net")


def test_observation_is_derived_from_exactly_one_profile(base_conforms):
    shape = sh_("Observation-wasDerivedFrom")
    assert_violates(base(remove=[("ex:obs-net", "prov:wasDerivedFrom", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:obs-net")


MISSING = ("ex:miss a ckg:MissingObservation ; ckg:missingFrom ds:population ; sdmx-dimension:refArea {area} ; "
           "ckg:valueStatus {status} ; prov:wasDerivedFrom ex:doc .")


def test_missing_observation_names_its_data_set_area_status_and_profile(base_conforms):
    """A figure the profile does not give is a ckg:MissingObservation beside the cube (not a qb:Observation)."""
    sh_("MissingObservationShape")
    good = MISSING.format(area="ex:TST", status="status:unknown")
    assert_conforms(base(add=good))
    assert_violates(base(add=good.replace("ds:population", "ex:D")), sh_("MissingObservation-missingFrom"),
                    component="InConstraintComponent", focus="ex:miss")
    assert_violates(base(add=good.replace("status:unknown", "status:yes")), sh_("MissingObservation-valueStatus"),
                    component="InConstraintComponent", focus="ex:miss")
    assert_violates(base(add=good.replace("refArea ex:TST", "refArea ex:doc")), sh_("MissingObservation-refArea"),
                    component="ClassConstraintComponent", focus="ex:miss")
    assert_violates(base(add=good.replace(" ; prov:wasDerivedFrom ex:doc", "")), sh_("MissingObservation-wasDerivedFrom"),
                    component="MinCountConstraintComponent", focus="ex:miss")


def test_observation_needs_a_measure_or_a_value_status(base_conforms):
    shape = sh_("ObservationMeasureOrStatusShape")
    edit = [("ex:obs-net", "ckg:internetUsersPercent", None)]
    assert_violates(base(remove=edit), shape, component="XoneConstraintComponent", focus="ex:obs-net")
    assert_violates(base(add="ex:obs-net ckg:valueStatus status:unknown ."), shape,
                    component="XoneConstraintComponent", focus="ex:obs-net")


def test_observation_measure_matches_its_data_set(base_conforms):
    shape, constraint = sh_("ObservationShape"), sh_("MeasureMatchesDataSet")
    found = assert_violates(base(remove=[("ex:obs-net", "ckg:internetUsersPercent", None)],
                                 add="ex:obs-net ckg:population 1000 ."),
                            shape, constraint=constraint, focus="ex:obs-net")
    assert {r["path"] for r in found} == {CKG.population}
    found = assert_violates(base(remove=[("ex:obs-pop", "ckg:population", None)],
                                 add="ex:obs-pop ckg:internetUsersPercent 12.5 ."),
                            shape, constraint=constraint, focus="ex:obs-pop")
    assert {r["path"] for r in found} == {CKG.internetUsersPercent}


# --- CIRT assessment ----------------------------------------------------------------------------

ASSESSMENT = COUNTRY + """
ex:assessment a ckg:CIRTAssessment ; ckg:assessedCountry ex:TST ; ckg:assessmentDate "2012-11-19"^^xsd:date .
"""


def test_assessment_date_is_year_month_or_day_and_well_formed():
    shape = sh_("CIRTAssessment-assessmentDate")
    sh_("CIRTAssessmentShape")
    for ok in ('"2012"^^xsd:gYear', '"2012-11"^^xsd:gYearMonth', '"2012-11-19"^^xsd:date'):
        assert_conforms(ttl(ASSESSMENT.replace('"2012-11-19"^^xsd:date', ok)))
    assert_conforms(ttl(ASSESSMENT.replace('ckg:assessmentDate "2012-11-19"^^xsd:date', 'rdfs:label "undated"')))
    for bad in ('"2012-1"^^xsd:gYearMonth', '"2012-11-5"^^xsd:date', '"2012-11-32"^^xsd:date'):
        assert_violates(ttl(ASSESSMENT.replace('"2012-11-19"^^xsd:date', bad)), shape,
                        component="PatternConstraintComponent")
    assert_violates(ttl(ASSESSMENT.replace('"2012-11-19"^^xsd:date', '"2012-11-19"')), shape,
                    component="OrConstraintComponent")
    assert_violates(ttl(ASSESSMENT + 'ex:assessment ckg:assessmentDate "2012"^^xsd:gYear .'), shape,
                    component="MaxCountConstraintComponent")


def test_assessment_end_date_is_well_formed():
    shape = sh_("CIRTAssessment-assessmentEndDate")
    assert_conforms(ttl(ASSESSMENT + 'ex:assessment ckg:assessmentEndDate "2012-11-23"^^xsd:date .'))
    assert_violates(ttl(ASSESSMENT + 'ex:assessment ckg:assessmentEndDate "2012-11-3"^^xsd:date .'), shape,
                    component="PatternConstraintComponent")
    assert_violates(ttl(ASSESSMENT + 'ex:assessment ckg:assessmentEndDate "2012-11-23"^^xsd:date, "2012-11-24"^^xsd:date .'),
                    shape, component="MaxCountConstraintComponent")


def test_assessment_needs_exactly_one_assessed_country():
    shape = sh_("CIRTAssessment-assessedCountry")
    assert_violates(ttl(ASSESSMENT.replace("ckg:assessedCountry ex:TST ;", "")), shape,
                    component="MinCountConstraintComponent")
    assert_violates(ttl(ASSESSMENT.replace("ckg:assessedCountry ex:TST ;", "ckg:assessedCountry ex:Atlantis ;")),
                    shape, component="ClassConstraintComponent")


@pytest.mark.parametrize("date, after", [
    ('"2014-08-12"^^xsd:date', False),     # same day as the update
    ('"2014-08"^^xsd:gYearMonth', False),  # same month: not after at month precision
    ('"2014"^^xsd:gYear', False),
    ('"2010-08"^^xsd:gYearMonth', False),
    ('"2014-08-13"^^xsd:date', True),
    ('"2014-09"^^xsd:gYearMonth', True),
    ('"2015"^^xsd:gYear', True),
])
def test_assessment_is_not_after_the_update_of_a_profile_reporting_it(base_conforms, date, after):
    """The 'assessment after profile update' case: BASE's profile was last updated 2014-08-12."""
    g = base(remove=[("ex:assessment", "ckg:assessmentDate", None)], add=f"ex:assessment ckg:assessmentDate {date} .")
    if not after:
        assert_conforms(g)
        return
    found = assert_violates(g, sh_("CIRTAssessmentShape"), constraint=sh_("AssessmentNotAfterProfileUpdate"),
                            focus="ex:assessment")
    assert {str(r["value"]) for r in found} == {date.split('"')[1]}


def test_assessment_after_update_of_an_unrelated_profile_is_fine(base_conforms):
    """Only profiles whose 1.2.1 statement reports the assessment are compared."""
    g = base(remove=[("ex:stmt-1.2.1", "ckg:reportsEvent", None)],
             add='ex:assessment2 a ckg:CIRTAssessment ; ckg:assessedCountry ex:TST ; ckg:assessmentDate "2015"^^xsd:gYear .')
    assert_conforms(g)


# --- Convention action --------------------------------------------------------------------------

CONVENTION = COUNTRY + """
ex:ca a ckg:ConventionAction ; ckg:convention conv:OPSC ; ckg:action action:signature ; ckg:country ex:TST .
"""


def test_convention_action_is_about_exactly_one_of_crc_and_opsc():
    shape = sh_("ConventionAction-convention")
    sh_("ConventionActionShape")
    assert_conforms(ttl(CONVENTION))
    assert_violates(ttl(CONVENTION.replace("conv:OPSC", "conv:OPAC")), shape, component="InConstraintComponent")
    assert_violates(ttl(CONVENTION.replace("conv:OPSC", "conv:OPSC, conv:CRC")), shape,
                    component="MaxCountConstraintComponent")
    assert_violates(ttl(CONVENTION.replace("ckg:convention conv:OPSC ;", "")), shape,
                    component="MinCountConstraintComponent")


def test_convention_action_is_exactly_one_of_the_five_actions():
    shape = sh_("ConventionAction-action")
    for ok in ("accession", "ratification", "signature", "none", "unknown"):
        assert_conforms(ttl(CONVENTION.replace("action:signature", f"action:{ok}")))
    assert_violates(ttl(CONVENTION.replace("action:signature", "action:succession")), shape,
                    component="InConstraintComponent")
    assert_violates(ttl(CONVENTION.replace("action:signature", "action:signature, action:ratification")), shape,
                    component="MaxCountConstraintComponent")


def test_convention_action_needs_exactly_one_country():
    shape = sh_("ConventionAction-country")
    assert_violates(ttl(CONVENTION.replace("; ckg:country ex:TST", "")), shape, component="MinCountConstraintComponent")


# --- Agencies, instruments, provisions, citations, CIRTs, programmes ----------------------------

AGENCY = COUNTRY + """
ex:ministry a ckg:Agency ; rdfs:label "Ministry of ICT" ; ckg:jurisdiction ex:TST .
ex:unit a ckg:Agency ; rdfs:label "Cyber Unit" ; ckg:jurisdiction ex:TST ; org:subOrganizationOf ex:ministry .
"""


def test_agency_needs_a_non_empty_label():
    shape = sh_("Agency-label")
    sh_("AgencyShape")
    assert_conforms(ttl(AGENCY))
    assert_violates(ttl(AGENCY.replace('rdfs:label "Cyber Unit" ;', "")), shape, component="MinCountConstraintComponent",
                    focus="ex:unit")
    assert_violates(ttl(AGENCY.replace('"Cyber Unit"', '""')), shape, component="MinLengthConstraintComponent",
                    focus="ex:unit")


def test_agency_needs_exactly_one_jurisdiction():
    shape = sh_("Agency-jurisdiction")
    assert_violates(ttl(AGENCY.replace('"Cyber Unit" ; ckg:jurisdiction ex:TST', '"Cyber Unit"')), shape,
                    component="MinCountConstraintComponent", focus="ex:unit")
    assert_violates(ttl(AGENCY + "ex:unit ckg:jurisdiction ex:ministry ."), shape, focus="ex:unit")


def test_agency_parent_organisation_is_an_agency():
    shape = sh_("Agency-subOrganizationOf")
    assert_violates(ttl(AGENCY.replace("org:subOrganizationOf ex:ministry", "org:subOrganizationOf ex:unknown")), shape,
                    component="ClassConstraintComponent", focus="ex:unit")


INSTRUMENT = COUNTRY + """
ex:act a eli:LegalResource ; rdfs:label "Computer Crimes Act 2010" ; ckg:jurisdiction ex:TST ;
    ckg:instrumentCategory cat:cybercrime .
ex:act-article-5 a eli:LegalResourceSubdivision ; rdfs:label "Computer Crimes Act 2010, Article 5" ; eli:is_part_of ex:act .
"""


def test_instrument_needs_a_non_empty_label():
    shape = sh_("LegalInstrument-label")
    sh_("LegalInstrumentShape")
    assert_conforms(ttl(INSTRUMENT))
    assert_violates(ttl(INSTRUMENT.replace('rdfs:label "Computer Crimes Act 2010" ;', "")), shape,
                    component="MinCountConstraintComponent", focus="ex:act")


def test_instrument_needs_exactly_one_jurisdiction():
    shape = sh_("LegalInstrument-jurisdiction")
    assert_violates(ttl(INSTRUMENT.replace("ckg:jurisdiction ex:TST ;", "")), shape,
                    component="MinCountConstraintComponent", focus="ex:act")
    assert_violates(ttl(INSTRUMENT.replace("ckg:jurisdiction ex:TST ;", "ckg:jurisdiction ex:Atlantis ;")), shape,
                    component="ClassConstraintComponent", focus="ex:act")


def test_instrument_category_is_one_of_the_three():
    shape = sh_("LegalInstrument-category")
    # a second category (cited in two sections) and none (named only by a policy) conform
    assert_conforms(ttl(INSTRUMENT + "ex:act ckg:instrumentCategory cat:child-protection ."))
    assert_conforms(ttl(INSTRUMENT.replace("ckg:instrumentCategory cat:cybercrime", 'rdfs:comment "policy"')))
    assert_violates(ttl(INSTRUMENT.replace("cat:cybercrime", "cat:privacy")), shape, component="InConstraintComponent",
                    focus="ex:act")


def test_provision_is_part_of_exactly_one_instrument():
    shape = sh_("Provision-isPartOf")
    sh_("ProvisionShape")
    assert_violates(ttl(INSTRUMENT.replace("; eli:is_part_of ex:act", "")), shape,
                    component="MinCountConstraintComponent", focus="ex:act-article-5")
    assert_violates(ttl(INSTRUMENT.replace("eli:is_part_of ex:act", "eli:is_part_of ex:TST")), shape,
                    component="ClassConstraintComponent", focus="ex:act-article-5")


def test_provision_needs_a_non_empty_label():
    shape = sh_("Provision-label")
    assert_violates(ttl(INSTRUMENT.replace('"Computer Crimes Act 2010, Article 5"', '""')), shape,
                    component="MinLengthConstraintComponent", focus="ex:act-article-5")


def test_citation_cites_exactly_one_instrument(base_conforms):
    shape = sh_("Citation-citedInstrument")
    sh_("CitationShape")
    assert_violates(base(remove=[("ex:citation", "ckg:citedInstrument", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:citation")
    assert_violates(base(remove=[("ex:citation", "ckg:citedInstrument", None)],
                         add="ex:citation ckg:citedInstrument ex:act-article-5 ."), shape,
                    component="ClassConstraintComponent", focus="ex:citation")


def test_citation_has_exactly_one_category(base_conforms):
    shape = sh_("Citation-category")
    assert_violates(base(add="ex:citation ckg:instrumentCategory cat:regulation ."), shape,
                    component="MaxCountConstraintComponent", focus="ex:citation")
    assert_violates(base(remove=[("ex:citation", "ckg:instrumentCategory", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:citation")


def test_citation_is_made_by_exactly_one_statement(base_conforms):
    shape = sh_("Citation-citedBy")
    assert_violates(base(remove=[("ex:stmt-1.1.1", "ckg:hasCitation", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:citation")
    assert_violates(base(add="ex:stmt-1.1.2 ckg:hasCitation ex:citation ."), shape,
                    component="MaxCountConstraintComponent", focus="ex:citation")


def test_citation_cites_provisions_only(base_conforms):
    shape = sh_("Citation-citesProvision")
    assert_violates(base(add="ex:citation ckg:citesProvision ex:act ."), shape,
                    component="ClassConstraintComponent", focus="ex:citation")


CIRT = COUNTRY + """
ex:cert a ckg:CIRT ; rdfs:label "Sector CERT" ; ckg:jurisdiction ex:TST ; ckg:cirtRole cirtrole:sectoral ; ckg:cirtState cirtstate:exists .
ex:ncert a ckg:NationalCIRT ; rdfs:label "TL-CERT" ; ckg:jurisdiction ex:TST ; ckg:cirtRole cirtrole:national ; ckg:cirtState cirtstate:exists .
"""


def test_cirt_needs_a_non_empty_label():
    shape = sh_("CIRT-label")
    sh_("CIRTShape")
    assert_conforms(ttl(CIRT))
    assert_violates(ttl(CIRT.replace('rdfs:label "Sector CERT" ;', "")), shape, component="MinCountConstraintComponent",
                    focus="ex:cert")
    # a national CIRT is a CIRT (rdfs:subClassOf in the ontology): the shape applies to it too
    assert_violates(ttl(CIRT.replace('rdfs:label "TL-CERT" ;', "")), shape, component="MinCountConstraintComponent",
                    focus="ex:ncert")


def test_cirt_needs_exactly_one_jurisdiction():
    shape = sh_("CIRT-jurisdiction")
    assert_violates(ttl(CIRT + "ex:ncert ckg:jurisdiction ex:TSU . ex:TSU a ckg:Country ; rdfs:label \"Other\" ; "
                        'ckg:iso3166Alpha2 "TU" ; ckg:iso3166Alpha3 "TSU" ; skos:exactMatch wd:Q1235 .'),
                    shape, component="MaxCountConstraintComponent", focus="ex:ncert")
    assert_violates(ttl(CIRT.replace('"Sector CERT" ; ckg:jurisdiction ex:TST', '"Sector CERT"')), shape,
                    component="MinCountConstraintComponent", focus="ex:cert")


def test_programme_needs_a_non_empty_label():
    shape = sh_("Programme-label")
    sh_("ProgrammeShape")
    assert_conforms(ttl('ex:p a ckg:Programme ; rdfs:label "FIRST" .'))
    assert_violates(ttl('ex:p a ckg:Programme ; rdfs:comment "FIRST" .'), shape, component="MinCountConstraintComponent")
    assert_violates(ttl('ex:p a ckg:Programme ; rdfs:label "" .'), shape, component="MinLengthConstraintComponent")


# --- Reporting contact --------------------------------------------------------------------------

def test_contact_point_is_exactly_one_of_phone_url_email(base_conforms):
    shape = sh_("ContactPointShape")
    edit = [("ex:contact", "schema:telephone", None)]
    for ok in ('schema:url "www.example.org/report"', 'schema:email "report@example.org"'):
        assert_conforms(base(remove=edit, add=f"ex:contact {ok} ."))
    assert_violates(base(remove=edit), shape, component="XoneConstraintComponent", focus="ex:contact")
    assert_violates(base(add='ex:contact schema:email "report@example.org" .'), shape,
                    component="XoneConstraintComponent", focus="ex:contact")


def test_contact_point_is_given_by_exactly_one_statement(base_conforms):
    shape = sh_("ContactPoint-givenBy")
    assert_violates(base(remove=[("ex:stmt-2.4", "ckg:reportingContact", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:contact")


# --- Source anomaly -----------------------------------------------------------------------------

def test_source_anomaly_kind_is_a_known_finding_kind(base_conforms):
    shape = sh_("SourceAnomaly-findingKind")
    sh_("SourceAnomalyShape")
    edit = [("ex:finding", "ckg:findingKind", None)]
    assert_violates(base(remove=edit, add='ex:finding ckg:findingKind "typo" .'), shape,
                    component="InConstraintComponent", focus="ex:finding")
    assert_violates(base(remove=edit), shape, component="MinCountConstraintComponent", focus="ex:finding")
    assert_violates(base(add='ex:finding ckg:findingKind "truncated" .'), shape,
                    component="MaxCountConstraintComponent", focus="ex:finding")


def test_source_anomaly_needs_exactly_one_comment(base_conforms):
    shape = sh_("SourceAnomaly-comment")
    assert_violates(base(remove=[("ex:finding", "rdfs:comment", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:finding")
    assert_violates(base(add='ex:finding rdfs:comment "second message" .'), shape,
                    component="MaxCountConstraintComponent", focus="ex:finding")


def test_source_anomaly_needs_exactly_one_section(base_conforms):
    shape = sh_("SourceAnomaly-section")
    assert_violates(base(remove=[("ex:finding", "ckg:section", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:finding")


def test_source_anomaly_is_derived_from_exactly_one_document(base_conforms):
    shape = sh_("SourceAnomaly-wasDerivedFrom")
    # a finding about a policy document conforms too
    assert_conforms(base(add="""ex:policy-doc a ckg:PolicyDocument .
        ex:finding2 a ckg:SourceAnomaly ; ckg:findingKind "missing-section" ; rdfs:comment "template section missing" ;
            ckg:section "definitions" ; prov:wasDerivedFrom ex:policy-doc ."""))
    assert_violates(base(remove=[("ex:finding", "prov:wasDerivedFrom", None)]), shape,
                    component="MinCountConstraintComponent", focus="ex:finding")
    assert_violates(base(remove=[("ex:finding", "prov:wasDerivedFrom", None)], add="ex:finding prov:wasDerivedFrom ex:TST ."),
                    shape, component="OrConstraintComponent", focus="ex:finding")


# --- the ETL's real output ------------------------------------------------------------------------

def test_etl_output_for_bundled_documents_conforms():
    """The bundled data/ documents, mapped by the real ETL, conform (union of document graphs)."""
    from pyoxigraph import RdfFormat, serialize

    from cyberkg.store import build

    files, _ = build.discover([ROOT / "data"])
    if not files:
        pytest.skip("no documents under data/")
    docs, errors = build.parse_all(files)
    assert not errors, errors
    nt = serialize([q.triple for q in build.quads(docs)], format=RdfFormat.N_TRIPLES)
    assert_conforms(Graph().parse(data=nt.decode("utf-8"), format="nt"))
