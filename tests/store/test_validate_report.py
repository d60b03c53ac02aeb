"""`cyberkg validate --format ttl|json-ld` writes the W3C SHACL validation report graph (SHACL
Recommendation, section 3.6) on stdout; text stays the default."""

from __future__ import annotations

import json
import subprocess
import sys

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

from cyberkg.cli import validation_report_graph
from cyberkg.store.shacl import Violation

from ..conftest import DATA

SH = Namespace("http://www.w3.org/ns/shacl#")
CKGSH = "https://w3id.org/cyberkg/shapes#"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "cyberkg.cli", *args], capture_output=True, text=True, timeout=120)


def test_report_of_violations_has_the_standard_result_properties():
    vs = [Violation("https://w3id.org/cyberkg/id/country/TST", "https://w3id.org/cyberkg/ontology#iso3166Alpha3", "TS",
                    "needs three letters", CKGSH + "Country-alpha3", str(SH.PatternConstraintComponent)),
          Violation("https://w3id.org/cyberkg/id/statement/x/1.2.1", None, "https://w3id.org/cyberkg/id/cirt/TST/a",
                    "status no but national CIRT", CKGSH + "NationalCIRTConsistencyShape", CKGSH + "NoStatusExcludesNationalCIRT")]
    g = Graph().parse(data=validation_report_graph(False, vs).serialize(format="turtle"), format="turtle")
    report = g.value(predicate=RDF.type, object=SH.ValidationReport)
    assert g.value(report, SH.conforms) == Literal(False)
    results = list(g.objects(report, SH.result))
    assert len(results) == 2
    for r in results:  # SHACL 3.6.2: focus node, severity, source constraint component are required
        assert (r, RDF.type, SH.ValidationResult) in g
        assert g.value(r, SH.focusNode) is not None and g.value(r, SH.resultSeverity) == SH.Violation
        assert g.value(r, SH.sourceConstraintComponent) is not None and g.value(r, SH.sourceShape) is not None
    sparql = [r for r in results if g.value(r, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent]
    assert len(sparql) == 1 and str(g.value(sparql[0], SH.sourceConstraint)) == CKGSH + "NoStatusExcludesNationalCIRT"


def test_cli_writes_the_report_graph_as_turtle_and_json_ld(tmp_path):
    store = tmp_path / "store"
    assert _cli("build", str(DATA), "--store", str(store)).returncode == 0
    r = _cli("validate", "--store", str(store), "--format", "ttl")
    assert r.returncode == 0, r.stderr
    g = Graph().parse(data=r.stdout, format="turtle")
    report = g.value(predicate=RDF.type, object=SH.ValidationReport)
    assert report is not None and g.value(report, SH.conforms) == Literal(True)
    j = _cli("validate", "--store", str(store), "--format", "json-ld")
    assert j.returncode == 0
    doc = json.loads(j.stdout)
    assert "@context" in doc
    assert Graph().parse(data=j.stdout, format="json-ld").isomorphic(g)
    t = _cli("validate", "--store", str(store))
    assert t.returncode == 0 and t.stdout == "" and "conforms" in t.stderr
