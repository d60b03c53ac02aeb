"""The statistics are a well-formed RDF Data Cube: all 21 integrity constraints of the W3C Recommendation.

The SPARQL ASK queries below are a transcription of W3C, "The RDF Data Cube Vocabulary",
Recommendation 16 January 2014, section 11 "Well-formed cubes": 11.1 (the normalization algorithm,
phase 1 "type and property closure" and phase 2 "push down attachment levels") and 11.2 (integrity
constraints IC-1 ... IC-21).  They were cross-checked against the query files of the specification's
source repository (UKGovLD/publishing-statistical-data, src/main/resources/integrity-*.sparql, commit
d382ad5900af922384a8624a03f3d08aa0ed9c98); where the Recommendation differs (IC-3, IC-8's variable
name, IC-19 requiring ?v a skos:Concept, IC-20/21 as templates over qb:parentChildProperty), the
Recommendation's text is followed.  Each query is true when there is a problem.

The cube is checked on the corpus graph (the bundled data/ plus the 158 corpus profiles, so every
bundled profile is stated twice) with the Data Cube and SDMX-RDF vocabularies loaded
(tests/data/vocab/cube.ttl, sdmx-dimension.ttl, sdmx-attribute.ttl: the vocabularies' ranges are what
IC-4 asks for).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Quad, RdfFormat, Store

from ..conftest import CORPUS, DATA, needs_corpus

VOCAB = Path(__file__).parents[1] / "data" / "vocab"

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX qb: <http://purl.org/linked-data/cube#>
"""

# Section 11.1, phase 1: type and property closure.
NORMALIZE_PHASE_1 = [
    "INSERT { ?o rdf:type qb:Observation } WHERE { [] qb:observation ?o }",
    "INSERT { ?o rdf:type qb:Observation } WHERE { ?o qb:dataSet [] }",
    "INSERT { ?s rdf:type qb:Slice } WHERE { [] qb:slice ?s }",
    "INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:DimensionProperty } WHERE { ?cs qb:dimension ?p }",
    "INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:MeasureProperty } WHERE { ?cs qb:measure ?p }",
    "INSERT { ?cs qb:componentProperty ?p . ?p rdf:type qb:AttributeProperty } WHERE { ?cs qb:attribute ?p }",
]

# Section 11.1, phase 2: push down attachment levels.
NORMALIZE_PHASE_2 = [
    """INSERT { ?obs ?comp ?value } WHERE {
        ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
        ?dataset qb:structure [ qb:component ?spec ] ; ?comp ?value .
        ?obs qb:dataSet ?dataset . }""",
    """INSERT { ?obs ?comp ?value } WHERE {
        ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:Slice .
        ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
        ?slice ?comp ?value ; qb:observation ?obs . }""",
    """INSERT { ?obs ?comp ?value } WHERE {
        ?spec qb:componentProperty ?comp ; qb:componentAttachment qb:DataSet .
        ?dataset qb:structure [ qb:component ?spec ] ; qb:slice ?slice .
        ?slice ?comp ?value ; qb:observation ?obs . }""",
]

IC = {
    "IC-1 Unique DataSet": """ASK {
      { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 . } }
      UNION
      { ?obs a qb:Observation ; qb:dataSet ?dataset1, ?dataset2 . FILTER (?dataset1 != ?dataset2) } }""",
    "IC-2 Unique DSD": """ASK {
      { ?dataset a qb:DataSet . FILTER NOT EXISTS { ?dataset qb:structure ?dsd . } }
      UNION
      { ?dataset a qb:DataSet ; qb:structure ?dsd1, ?dsd2 . FILTER (?dsd1 != ?dsd2) } }""",
    "IC-3 DSD includes measure": """ASK {
      ?dsd a qb:DataStructureDefinition .
      FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty [a qb:MeasureProperty]] } }""",
    "IC-4 Dimensions have range": """ASK {
      ?dim a qb:DimensionProperty .
      FILTER NOT EXISTS { ?dim rdfs:range [] } }""",
    "IC-5 Concept dimensions have code lists": """ASK {
      ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
      FILTER NOT EXISTS { ?dim qb:codeList [] } }""",
    "IC-6 Only attributes may be optional": """ASK {
      ?dsd qb:component ?componentSpec .
      ?componentSpec qb:componentRequired "false"^^xsd:boolean ; qb:componentProperty ?component .
      FILTER NOT EXISTS { ?component a qb:AttributeProperty } }""",
    "IC-7 Slice Keys must be declared": """ASK {
      ?sliceKey a qb:SliceKey .
      FILTER NOT EXISTS { [a qb:DataStructureDefinition] qb:sliceKey ?sliceKey } }""",
    "IC-8 Slice Keys consistent with DSD": """ASK {
      ?slicekey a qb:SliceKey ; qb:componentProperty ?prop .
      ?dsd qb:sliceKey ?slicekey .
      FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty ?prop] } }""",
    "IC-9 Unique slice structure": """ASK {
      { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?key } }
      UNION
      { ?slice a qb:Slice ; qb:sliceStructure ?key1, ?key2 . FILTER (?key1 != ?key2) } }""",
    "IC-10 Slice dimensions complete": """ASK {
      ?slice qb:sliceStructure [qb:componentProperty ?dim] .
      FILTER NOT EXISTS { ?slice ?dim [] } }""",
    "IC-11 All dimensions required": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ;
      FILTER NOT EXISTS { ?obs ?dim [] } }""",
    "IC-12 No duplicate observations": """ASK {
      FILTER( ?allEqual )
      {
        SELECT (MIN(?equal) AS ?allEqual) WHERE {
          ?obs1 qb:dataSet ?dataset .
          ?obs2 qb:dataSet ?dataset .
          FILTER (?obs1 != ?obs2)
          ?dataset qb:structure/qb:component/qb:componentProperty ?dim .
          ?dim a qb:DimensionProperty .
          ?obs1 ?dim ?value1 .
          ?obs2 ?dim ?value2 .
          BIND( ?value1 = ?value2 AS ?equal)
        } GROUP BY ?obs1 ?obs2
      } }""",
    "IC-13 Required attributes": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component ?component .
      ?component qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
      FILTER NOT EXISTS { ?obs ?attr [] } }""",
    "IC-14 All measures present": """ASK {
      ?obs qb:dataSet/qb:structure ?dsd .
      FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
      ?dsd qb:component/qb:componentProperty ?measure .
      ?measure a qb:MeasureProperty ;
      FILTER NOT EXISTS { ?obs ?measure [] } }""",
    "IC-15 Measure dimension consistent": """ASK {
      ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure .
      ?dsd qb:component/qb:componentProperty qb:measureType .
      FILTER NOT EXISTS { ?obs ?measure [] } }""",
    "IC-16 Single measure on measure dimension observation": """ASK {
      ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?measure ; ?omeasure [] .
      ?dsd qb:component/qb:componentProperty qb:measureType ;
           qb:component/qb:componentProperty ?omeasure .
      ?omeasure a qb:MeasureProperty .
      FILTER (?omeasure != ?measure) }""",
    "IC-17 All measures present in measures dimension cube": """ASK {
      {
        SELECT ?numMeasures (COUNT(?obs2) AS ?count) WHERE {
          {
            SELECT ?dsd (COUNT(?m) AS ?numMeasures) WHERE {
              ?dsd qb:component/qb:componentProperty ?m.
              ?m a qb:MeasureProperty .
            } GROUP BY ?dsd
          }
          ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?dataset ; qb:measureType ?m1 .
          ?obs2 qb:dataSet ?dataset ; qb:measureType ?m2 .
          FILTER NOT EXISTS {
            ?dsd qb:component/qb:componentProperty ?dim .
            FILTER (?dim != qb:measureType)
            ?dim a qb:DimensionProperty .
            ?obs1 ?dim ?v1 .
            ?obs2 ?dim ?v2.
            FILTER (?v1 != ?v2)
          }
        } GROUP BY ?obs1 ?numMeasures
          HAVING (?count != ?numMeasures)
      } }""",
    "IC-18 Consistent data set links": """ASK {
      ?dataset qb:slice ?slice .
      ?slice qb:observation ?obs .
      FILTER NOT EXISTS { ?obs qb:dataSet ?dataset . } }""",
    "IC-19 Codes from code list (concept scheme)": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?list a skos:ConceptScheme .
      ?obs ?dim ?v .
      FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list } }""",
    "IC-19 Codes from code list (collection)": """ASK {
      ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
      ?dim a qb:DimensionProperty ; qb:codeList ?list .
      ?list a skos:Collection .
      ?obs ?dim ?v .
      FILTER NOT EXISTS { ?v a skos:Concept . ?list skos:member+ ?v } }""",
}

# IC-20 and IC-21 are templates: one query per qb:parentChildProperty $p (IC-21: an owl:inverseOf).
IC_20 = """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/<$p>* ?v } }"""
IC_21 = """ASK {
  ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
  ?dim a qb:DimensionProperty ; qb:codeList ?list .
  ?list a qb:HierarchicalCodeList .
  ?obs ?dim ?v .
  FILTER NOT EXISTS { ?list qb:hierarchyRoot/(^<$p>)* ?v } }"""


def normalized(quads_or_store) -> Store:
    """All triples in the default graph of a fresh store, vocabularies loaded, spec normalisation run."""
    st = Store()
    st.extend(Quad(q.subject, q.predicate, q.object) for q in quads_or_store)
    for name in ("cube.ttl", "sdmx-dimension.ttl", "sdmx-attribute.ttl"):
        st.load(path=str(VOCAB / name), format=RdfFormat.TURTLE)
    for update in NORMALIZE_PHASE_1 + NORMALIZE_PHASE_2:
        st.update(PREFIXES + update)
    return st


def templated(st: Store) -> dict[str, str]:
    out = {}
    for row in st.query(PREFIXES + "SELECT DISTINCT ?p WHERE { ?h qb:parentChildProperty ?p FILTER isIRI(?p) }"):
        out[f"IC-20 Codes from hierarchy ({row['p'].value})"] = IC_20.replace("$p", row["p"].value)
    for row in st.query(PREFIXES + "SELECT DISTINCT ?p WHERE { ?h qb:parentChildProperty [ owl:inverseOf ?p ] FILTER isIRI(?p) }"):
        out[f"IC-21 Codes from hierarchy, inverse ({row['p'].value})"] = IC_21.replace("$p", row["p"].value)
    return out


def holding(st: Store) -> list[str]:
    return [name for name, q in {**IC, **templated(st)}.items() if st.query(PREFIXES + q)]


@pytest.fixture(scope="module")
def corpus_cube(tmp_path_factory):
    from cyberkg.store import build as B

    store = tmp_path_factory.mktemp("cube") / "store"
    report = B.build([DATA, CORPUS], store)
    assert report.conforms
    return normalized(B.open_store(store))


def test_all_twenty_one_constraints_are_transcribed():
    numbers = {name.split()[0] for name in IC} | {"IC-20", "IC-21"}
    assert numbers == {f"IC-{n}" for n in range(1, 22)}


def test_bundled_cube_violates_no_integrity_constraint(bundled_store):
    st = normalized(bundled_store)
    assert st.query(PREFIXES + "ASK { ?o a qb:Observation }")
    assert holding(st) == []


@needs_corpus
def test_corpus_cube_violates_no_integrity_constraint(corpus_cube):
    n = int(next(iter(corpus_cube.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?o a qb:Observation }")))["n"].value)
    assert n > 300  # population and internet figures of ~158 profiles
    assert holding(corpus_cube) == []


@needs_corpus
def test_corpus_cube_has_the_structure_the_issue_asks_for(corpus_cube):
    q = PREFIXES + """PREFIX ds: <https://w3id.org/cyberkg/id/dataset/>
        SELECT ?kind ?p WHERE { ds:population qb:structure/qb:component ?c . ?c ?kind ?p
            FILTER (?kind IN (qb:dimension, qb:measure, qb:attribute)) }"""
    got = {(r["kind"].value.rsplit("#", 1)[1], r["p"].value.rsplit("#", 1)[1]) for r in corpus_cube.query(q)}
    assert got == {("dimension", "refArea"), ("dimension", "refPeriod"), ("dimension", "measureType"),
                   ("measure", "population"), ("measure", "internetUsersPercent"),
                   ("attribute", "unitMeasure"), ("attribute", "dataSource")}


@needs_corpus
def test_unknown_figures_are_missing_observations_outside_the_cube(corpus_cube):
    q = PREFIXES + """PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
        SELECT ?m WHERE { ?m a ckg:MissingObservation ; ckg:valueStatus ?s ; ckg:missingFrom ?ds }"""
    missing = [r["m"] for r in corpus_cube.query(q)]
    assert len(missing) == 3  # Saudi Arabia '60:50%', Palestine 'unknown', UAE blank
    assert not corpus_cube.query(PREFIXES + "ASK { ?m a <https://w3id.org/cyberkg/ontology#MissingObservation> ; a qb:Observation }")


# --- the queries do find what they are about (violating examples) --------------------------------

_BAD = """@prefix qb: <http://purl.org/linked-data/cube#> . @prefix ex: <http://example.org/> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
ex:dsd a qb:DataStructureDefinition ; qb:component [ qb:dimension sdmx-dimension:refArea ] ,
    [ qb:dimension qb:measureType ] , [ qb:measure ex:m1 ] , [ qb:measure ex:m2 ] .
ex:ds a qb:DataSet ; qb:structure ex:dsd .
"""


@pytest.mark.parametrize("extra, ic", [
    ("ex:o1 qb:dataSet ex:ds ; sdmx-dimension:refArea ex:A ; qb:measureType ex:m1 ; ex:m1 1 .\n"
     "ex:o2 qb:dataSet ex:ds ; sdmx-dimension:refArea ex:A ; qb:measureType ex:m1 ; ex:m1 2 .", "IC-12"),
    ("ex:o1 qb:dataSet ex:ds ; sdmx-dimension:refArea ex:A ; qb:measureType ex:m1 .", "IC-15"),
    ("ex:o1 qb:dataSet ex:ds ; sdmx-dimension:refArea ex:A ; qb:measureType ex:m1 ; ex:m1 1 ; ex:m2 2 .", "IC-16"),
    ("ex:o1 qb:dataSet ex:ds ; qb:measureType ex:m1 ; ex:m1 1 .", "IC-11"),
    ("ex:other a qb:DataSet .", "IC-2"),
    ("ex:o1 a qb:Observation .", "IC-1"),
], ids=["duplicate", "no-measure-value", "two-measures", "missing-dimension", "no-structure", "no-dataset"])
def test_each_tested_constraint_fires_on_a_violating_cube(extra, ic):
    from rdflib import Graph

    g = Graph().parse(data=_BAD + extra, format="turtle")
    st = normalized(Quad(*(_to_ox(t) for t in triple)) for triple in g)
    assert ic in {h.split()[0] for h in holding(st)}


def _to_ox(term):
    from pyoxigraph import BlankNode, Literal, NamedNode
    from rdflib import BNode, URIRef

    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return BlankNode(str(term))
    return Literal(str(term), datatype=NamedNode(str(term.datatype))) if term.datatype else Literal(str(term))
