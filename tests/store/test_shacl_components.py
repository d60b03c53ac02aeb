"""Every SHACL Core constraint component the bulk engine compiles, over literal, IRI, typed and
blank value nodes, gives the same results as pyshacl (the reference).

The data has one focus node per kind of value (1, 1.0, 1.5e0, "1", "a", "a"@en,
true, a date, IRIs, a blank node, ...), each with that one value on ex:p.  Each shape applies one
constraint to all of them; results are compared as (focus, shape, component, value) per shape, and
each shape must both pass and fail some nodes, so that no comparison is vacuous.  The cases that
tell RDF term equality (sh:in, sh:hasValue: sameTerm) from SPARQL `=` (1 = 1.0, 1.5 = 1.5e0) are
asserted on their own too.  Literals in the shapes are written in canonical form: pyoxigraph stores
numbers canonicalised ("1.0"^^xsd:decimal as "1", xsd:long as xsd:integer), rdflib does not, so a
non-canonical member would compare different terms in the two engines.
"""

from __future__ import annotations

import re

import pytest
from pyoxigraph import NamedNode, RdfFormat, Store

from cyberkg.store import shacl

EX = "https://example.org/"
SH = shacl.SH
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .
"""
VALUES = {
    "int1": "1", "int2": "2", "int100": "100", "neg5": "-5", "dec1": "1.0", "dec15": "1.5", "dbl15": "1.5e0",
    "str1": '"1"', "a": '"a"', "a_en": '"a"@en', "abc": '"abcdef"', "Abc": '"ABC"',
    "true": "true", "date": '"2020-01-01"^^xsd:date', "date2": '"2021-06-30"^^xsd:date',
    "iri_x": "ex:x", "iri_y": "ex:y", "iri_a": "<https://example.org/a>", "bnode": "[ a ex:K ]",
}
DATA = PREFIXES + "ex:x a ex:K .  ex:y a ex:L .  ex:L rdfs:subClassOf ex:K .  ex:z a ex:M .\n" + "\n".join(
    f"ex:v_{name} a ex:T ; ex:p {value} ." for name, value in VALUES.items())

P = "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; {} ]"
SHAPES = {  # shape name -> constraint(s) on the value of ex:p
    "class": P.format("sh:class ex:K"),
    "datatype-integer": P.format("sh:datatype xsd:integer"),
    "datatype-string": P.format("sh:datatype xsd:string"),
    "datatype-langString": P.format("sh:datatype rdf:langString"),
    "datatype-date": P.format("sh:datatype xsd:date"),
    "nodeKind-IRI": P.format("sh:nodeKind sh:IRI"),
    "nodeKind-Literal": P.format("sh:nodeKind sh:Literal"),
    "nodeKind-BlankNodeOrIRI": P.format("sh:nodeKind sh:BlankNodeOrIRI"),
    "nodeKind-IRIOrLiteral": P.format("sh:nodeKind sh:IRIOrLiteral"),
    "minExclusive": P.format("sh:minExclusive 1"),
    "minInclusive": P.format("sh:minInclusive 1"),
    "maxExclusive": P.format("sh:maxExclusive 1"),
    "maxInclusive": P.format("sh:maxInclusive 1.0"),
    "minInclusive-date": P.format('sh:minInclusive "2020-06-01"^^xsd:date'),
    "maxExclusive-string": P.format('sh:maxExclusive "b"'),
    "minLength": P.format("sh:minLength 2"),
    "maxLength": P.format("sh:maxLength 1"),
    "pattern": P.format('sh:pattern "^a"'),
    "pattern-flags": P.format('sh:pattern "^a" ; sh:flags "i"'),
    "pattern-iri": P.format('sh:pattern "example.org/[xa]$"'),
    "in": P.format('sh:in ( 1 "a" ex:x true "2020-01-01"^^xsd:date )'),
    "in-typed": P.format('sh:in ( 1.5 "a"@en "2021-06-30"^^xsd:date )'),
    "hasValue-int": P.format("sh:hasValue 1"),
    "hasValue-lang": P.format('sh:hasValue "a"@en'),
    "hasValue-iri": P.format("sh:hasValue ex:x"),
    "minCount": "sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 1 ] , [ sh:path ex:q ; sh:minCount 1 ]",
    "maxCount": "sh:targetClass ex:T ; sh:property [ sh:path [ sh:inversePath ex:r ] ; sh:maxCount 0 ]",
    "node": P.format("sh:node [ sh:datatype xsd:integer ]"),
    "not": P.format("sh:not [ sh:in ( 1 ex:x ) ]"),
    "and": P.format("sh:and ( [ sh:nodeKind sh:Literal ] [ sh:maxLength 1 ] )"),
    "or": P.format("sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:string ] )"),
    "xone": P.format("sh:xone ( [ sh:nodeKind sh:Literal ] [ sh:datatype xsd:integer ] )"),
    "node-shape-in": 'sh:targetNode 1, 2.5, "a", "b"@en, ex:x, ex:y ; sh:in ( 1 "a" ex:x "b" )',
    "node-shape-hasValue": 'sh:targetNode 1, 2.5, "a" ; sh:hasValue 1',
    "node-shape-datatype": "sh:targetNode 1, 1.0, ex:x ; sh:datatype xsd:decimal",
}
SHAPES_TTL = PREFIXES + "\n".join(f"ex:{name} a sh:NodeShape ; {body} ." for name, body in SHAPES.items())
EXTRA_DATA = "ex:w ex:r ex:v_int1 .  ex:v_a ex:q 3 ."  # inverse path and a second property


def _norm(focus: str) -> str:
    """A literal focus node (sh:targetNode 1.0) as its number: pyoxigraph writes "1", rdflib "1.0"."""
    return repr(float(focus)) if re.fullmatch(r"-?[0-9.]+(e[0-9]+)?", focus) else focus


def _results(violations) -> dict[str, set]:
    out: dict[str, set] = {name: set() for name in SHAPES}
    for focus, shape, component in violations:  # one value per focus node: the value adds nothing
        out[shape].add((_norm(focus), component))
    return out


@pytest.fixture(scope="module")
def engines():
    import pyshacl
    import rdflib

    shapes = rdflib.Graph().parse(data=SHAPES_TTL, format="turtle")
    # sourceShape is the property shape (a blank node): name results by the node shape that has it.
    sh = rdflib.Namespace(SH)
    owner = {}
    for ns, ps in shapes.subject_objects(sh.property):
        owner[str(ps)] = str(ns)
    name = lambda s: (owner.get(s, s))[len(EX):]  # noqa: E731

    store = Store()
    store.load((DATA + "\n" + EXTRA_DATA).encode(), RdfFormat.TURTLE, to_graph=NamedNode(EX + "g"))
    bulk = _results({(v.focus, name(v.shape), v.constraint) for v in shacl.validate_core_bulk(store, shapes)})

    data = rdflib.Graph().parse(data=store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                                 use_default_graph_as_union=True).serialize(format=RdfFormat.N_TRIPLES),
                                format="nt")
    _c, report, _t = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True)
    ref = set()
    for r in report.objects(None, sh.result):
        ref.add((str(report.value(r, sh.focusNode)), name(str(report.value(r, sh.sourceShape))),
                 str(report.value(r, sh.sourceConstraintComponent))))
    return bulk, _results(ref)


NUMBERS = {"int1", "int2", "int100", "neg5", "dec1", "dec15", "dbl15"}
# Where pyshacl deviates from SHACL 4.3.1 (a comparison that raises an error, a date or a boolean
# against a number, "does not return true", so it is a violation): it reports nothing for these
# value nodes.  The bulk engine reports them; asserted as the only differences.
PYSHACL_MISSES = {"maxExclusive": {"date", "date2", "true"}, "maxInclusive": {"date", "date2", "true"},
                  "minInclusive-date": NUMBERS}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_component_same_results_as_pyshacl(engines, shape):
    bulk, ref = engines
    assert ref[shape] <= bulk[shape]
    assert {r[0].removeprefix(EX + "v_") for r in bulk[shape] - ref[shape]} == PYSHACL_MISSES.get(shape, set())
    focus = {r[0] for r in bulk[shape]}
    targets = 6 if shape == "node-shape-in" else 3 if shape == "node-shape-hasValue" else \
        3 if shape == "node-shape-datatype" else len(VALUES)
    assert 0 < len(focus) < targets, (shape, focus)  # some nodes pass and some fail: not vacuous


def _failing(bulk, shape) -> set[str]:
    return {r[0].removeprefix(EX + "v_") for r in bulk[shape]}


def test_in_and_hasValue_compare_rdf_terms_not_values(engines):
    bulk, _ = engines
    fails = _failing(bulk, "in")
    assert {"int1", "a", "iri_x", "true", "date"}.isdisjoint(fails)
    assert {"dec1", "dbl15", "str1", "a_en", "iri_y", "int2"} <= fails  # 1.0 = 1 as values, not as terms
    fails = _failing(bulk, "in-typed")
    assert {"dec15", "a_en", "date2"}.isdisjoint(fails) and {"int1", "a", "date", "dbl15"} <= fails
    assert _failing(bulk, "hasValue-int") == set(VALUES) - {"int1"}
    assert _failing(bulk, "hasValue-lang") == set(VALUES) - {"a_en"}
    assert {r[0] for r in bulk["node-shape-in"]} == {"2.5", "b", EX + "y"}  # "b"@en is not "b"
    assert {r[0] for r in bulk["node-shape-hasValue"]} == {"2.5", "a"}


def test_datatype_is_exact_and_comparisons_need_comparable_values(engines):
    bulk, _ = engines
    assert set(VALUES) - _failing(bulk, "datatype-integer") == {"int1", "int2", "int100", "neg5"}
    assert set(VALUES) - _failing(bulk, "datatype-langString") == {"a_en"}
    assert set(VALUES) - _failing(bulk, "minExclusive") == {"int2", "int100", "dec15", "dbl15"}
    assert set(VALUES) - _failing(bulk, "minInclusive") == {"int1", "int2", "int100", "dec1", "dec15", "dbl15"}
    assert set(VALUES) - _failing(bulk, "minInclusive-date") == {"date2"}
    assert "str1" in _failing(bulk, "maxInclusive")  # "1" is not comparable with 1.0: a violation
