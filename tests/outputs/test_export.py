"""`cyberkg export`: every format read back with a real reader and checked against the store.

The projection rules (etl/cyberkg/export.py, README "Exports") are restated here independently as
SPARQL over the store: a node is an IRI that is a subject, or an object under id/ (rdf:type
objects excepted), that is not typed by an rdf:/rdfs:/owl: class and is not a skolem IRI; an
edge is a distinct triple between two nodes other than rdf:type.  Golden files (the subgraph of
tests/expected/export/bhutan-agencies.rq) are rewritten with `pytest --regen` (or CYBERKG_REGEN=1;
refused in CI); review the diff.  A missing golden file fails.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from cyberkg.store import build as B
from cyberkg.cli import main
from cyberkg.outputs.export import MULTI_SEPARATOR, attribute_key
from cyberkg.graph.vocab import ID, PREFIXES, sparql_prefixes

from ..conftest import CORPUS, DATA, EXPECTED, corpus_files, expected_file, needs_corpus

GOLDEN = EXPECTED / "export"
GOLDEN_QUERY = GOLDEN / "bhutan-agencies.rq"
BTN = ID + "country/BTN"

NODES = sparql_prefixes() + """
SELECT DISTINCT ?n WHERE {
  { SELECT DISTINCT ?n WHERE { ?n ?p ?o } }
  UNION { SELECT DISTINCT ?n WHERE { ?s ?q ?n FILTER(?q != rdf:type && isIRI(?n) && STRSTARTS(STR(?n), STR(id:))) } }
  FILTER(isIRI(?n) && !CONTAINS(STR(?n), "/.well-known/genid/"))
  MINUS { ?n a ?t FILTER(STRSTARTS(STR(?t), STR(rdf:)) || STRSTARTS(STR(?t), STR(rdfs:)) || STRSTARTS(STR(?t), STR(owl:))) }
}"""
LINKS = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o) && ?p != <%stype>) }" % PREFIXES["rdf"]


def select(store, sparql: str) -> list[dict]:
    return [{v.value: (None if sol[v] is None else sol[v].value) for v in res.variables}
            for res in [store.query(sparql, use_default_graph_as_union=True)] for sol in res]


def expected_graph(store) -> tuple[set[str], set[tuple[str, str, str]]]:
    nodes = {r["n"] for r in select(store, NODES)}
    edges = {(r["s"], r["o"], r["p"]) for r in select(store, LINKS) if r["s"] in nodes and r["o"] in nodes}
    return nodes, edges


def export(store_dir: Path, *args, ok: bool = True):
    # These tests check the full projection (every node, as the SPARQL above restates it), which
    # graph formats give with --with-statements; the default entity view is tested in
    # test_export_readers.py.
    args = [*map(str, args)]
    if any(f in args for f in ("graphml", "gexf", "cytoscape", "csv")) and "--with-statements" not in args:
        args.append("--with-statements")
    r = CliRunner().invoke(main, ["export", "--store", str(store_dir), *args])
    if ok:
        assert r.exit_code == 0, r.stderr
    return r


def edge_set(g) -> set[tuple[str, str, str]]:
    return {(u, v, d["iri"]) for u, v, d in g.edges(data=True)}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("export") / "store"
    assert B.build([DATA], d).conforms
    return d


@pytest.fixture(scope="module")
def store(store_dir):
    return B.open_store(store_dir)


@pytest.fixture(scope="module")
def expected(store):
    return expected_graph(store)


@pytest.fixture(scope="module")
def graphml(store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("graphml") / "all.graphml"
    export(store_dir, "--format", "graphml", "-o", out)
    return nx.read_graphml(out)


# --- projection: nodes, edges, attributes ------------------------------------------------------

def test_graphml_nodes_and_edges_are_the_projection_of_the_store(graphml, expected):
    nodes, edges = expected
    assert len(nodes) > 300 and len(edges) > 1000
    assert set(graphml.nodes) == nodes
    assert graphml.number_of_edges() == len(edges)  # one edge per distinct triple, not per graph
    assert edge_set(graphml) == edges


def test_literals_and_outside_iris_are_attributes_not_nodes(graphml):
    assert not any(n.startswith("http://www.wikidata.org/") for n in graphml.nodes)
    assert not any(re.match(r"^\d", n) for n in graphml.nodes)
    assert "https://w3id.org/cyberkg/ontology#Country" not in graphml  # classes are schema, not nodes
    assert not any("/.well-known/genid/" in n for n in graphml.nodes)


def test_bhutan_attributes_equal_the_store(graphml, store):
    row = select(store, sparql_prefixes() + f"""
        SELECT ?label ?a2 ?a3 ?wd ?pop ?net WHERE {{
          <{BTN}> rdfs:label ?label ; ckg:iso3166Alpha2 ?a2 ; ckg:iso3166Alpha3 ?a3 ; skos:exactMatch ?wd .
          ?o1 sdmx-dimension:refArea <{BTN}> ; ckg:population ?pop .
          ?o2 sdmx-dimension:refArea <{BTN}> ; ckg:internetUsersPercent ?net .
          FILTER STRSTARTS(STR(?wd), STR(wd:)) }}""")
    assert len({tuple(r.values()) for r in row}) == 1
    r = row[0]
    bt = graphml.nodes[BTN]
    assert bt["label"] == r["label"] == "Bhutan"
    assert (bt["iso3166Alpha2"], bt["iso3166Alpha3"]) == (r["a2"], r["a3"])
    assert bt["wikidata"] == r["wd"]
    assert bt["population"] == int(r["pop"]) and isinstance(bt["population"], int)
    assert bt["internetUsersPercent"] == float(r["net"])
    assert bt["type"] == "ckg:Country"


def test_every_literal_of_a_node_is_kept_as_an_attribute(graphml, store):
    """Multi-valued literals are joined, never dropped; numbers keep their value."""
    rows = select(store, "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isLiteral(?o)) }")
    checked = 0
    for r in rows:
        if r["s"] not in graphml:
            continue
        value = graphml.nodes[r["s"]].get(attribute_key(r["p"]))
        assert value is not None, r
        if isinstance(value, str):
            assert r["o"] in value.split(MULTI_SEPARATOR), r
        else:
            assert value == type(value)(r["o"]), r
        checked += 1
    assert checked > 1000


def test_attribute_keys_have_one_scalar_type_each(tmp_path, store_dir):
    out = tmp_path / "all.graphml"
    export(store_dir, "--format", "graphml", "-o", out)
    keys = ET.parse(out).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    names = [(k.get("for"), k.get("attr.name")) for k in keys]
    assert len(names) == len(set(names))  # a key of two types would be declared twice
    types = {k.get("attr.name"): k.get("attr.type") for k in keys if k.get("for") == "node"}
    assert types["population"] == "long" and types["internetUsersPercent"] == "double"
    assert types["label"] == types["iso3166Alpha3"] == types["wikidata"] == "string"


def test_node_type_is_the_most_specific_declared_class(graphml, store):
    rows = select(store, sparql_prefixes() + """
        SELECT ?n ?t (EXISTS { ?n a ?u . ?u rdfs:subClassOf+ ?t } AS ?implied) WHERE { ?n a ?t }""")
    types, implied = {}, {}
    for r in rows:
        types.setdefault(r["n"], set()).add(r["t"])
        implied.setdefault(r["n"], set())
        if r["implied"] == "true":
            implied[r["n"]].add(r["t"])
    from cyberkg.graph.vocab import compact

    for n, d in graphml.nodes(data=True):
        if n in types:
            want = sorted(compact(t) for t in types[n] - implied[n]) or sorted(compact(t) for t in types[n])
            assert d["type"] == MULTI_SEPARATOR.join(want), n
    measures = [n for n, d in graphml.nodes(data=True) if d.get("type") == "ckg:PolicyMeasure"]
    assert measures and all(PREFIXES["ckg"] + "PolicyProvision" in types[n] for n in measures)


def test_edges_are_labelled_with_the_property(graphml):
    for u, v, d in graphml.edges(data=True):
        assert d["iri"].endswith(d["label"].split(":", 1)[1])
    labels = {d["label"] for *_, d in graphml.edges(data=True)}
    assert {"ckg:country", "ckg:indicator", "skos:exactMatch", "eli:amends", "prov:wasDerivedFrom"} <= labels


# --- every format, read back -------------------------------------------------------------------

def test_gexf_reads_back_with_counts_labels_and_the_newest_source_date(store_dir, store, expected, tmp_path):
    out = tmp_path / "all.gexf"
    export(store_dir, "--format", "gexf", "-o", out)
    g = nx.read_gexf(out)
    nodes, edges = expected
    assert set(g.nodes) == nodes and g.number_of_edges() == len(edges)
    assert g.nodes[BTN]["label"] == "Bhutan" and g.nodes[BTN]["iso3166Alpha3"] == "BTN"
    newest = select(store, sparql_prefixes() + """SELECT (MAX(STR(?d)) AS ?m) WHERE {
        ?s dct:modified|dct:issued|dct:date ?d FILTER(DATATYPE(?d) = xsd:date) }""")[0]["m"]
    assert ET.parse(out).getroot().find("{http://www.gexf.net/1.2draft}meta").get("lastmodifieddate") == newest


def test_cytoscape_json_reads_back(store_dir, expected):
    r = export(store_dir, "--format", "cytoscape")
    data = json.loads(r.stdout_bytes)
    g = nx.cytoscape_graph(data)
    nodes, edges = expected
    assert set(g.nodes) == nodes and edge_set(g) == edges
    bt = next(e["data"] for e in data["elements"]["nodes"] if e["data"]["id"] == BTN)
    assert bt["name"] == "Bhutan" and bt["wikidata"] == "http://www.wikidata.org/entity/Q917"


def test_csv_writes_nodes_and_edges_files(store_dir, expected, graphml, tmp_path):
    export(store_dir, "--format", "csv", "-o", tmp_path / "csv")
    with open(tmp_path / "csv" / "nodes.csv", newline="", encoding="utf-8") as fh:
        node_rows = list(csv.DictReader(fh))
    with open(tmp_path / "csv" / "edges.csv", newline="", encoding="utf-8") as fh:
        edge_rows = list(csv.DictReader(fh))
    nodes, edges = expected
    assert {r["id"] for r in node_rows} == nodes and len(node_rows) == len(nodes)
    assert {(r["source"], r["target"], r["iri"]) for r in edge_rows} == edges and len(edge_rows) == len(edges)
    bt = next(r for r in node_rows if r["id"] == BTN)
    assert {k: bt[k] for k in ("label", "type", "iso3166Alpha3", "population")} == \
        {k: str(graphml.nodes[BTN][k]) for k in ("label", "type", "iso3166Alpha3", "population")}


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt")])
def test_triple_formats_hold_each_distinct_triple_once(store_dir, store, fmt, rdflib_format):
    from rdflib import Graph

    r = export(store_dir, "--format", fmt)
    g = Graph().parse(data=r.stdout_bytes.decode("utf-8"), format=rdflib_format)
    distinct = select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert len(g) == int(distinct[0]["n"]) < len(store)


def test_nquads_and_jsonld_keep_every_quad_with_its_graph(store_dir, store):
    from pyoxigraph import RdfFormat, parse
    from rdflib import Dataset

    want = set(store.quads_for_pattern(None, None, None, None))
    nq = export(store_dir, "--format", "nq").stdout_bytes
    assert set(parse(nq, format=RdfFormat.N_QUADS)) == want
    assert len(list(Dataset().parse(data=nq.decode("utf-8"), format="nquads").quads())) == len(want)
    jsonld = export(store_dir, "--format", "jsonld").stdout_bytes
    assert set(parse(jsonld, format=RdfFormat.JSON_LD)) == want


def test_export_from_a_real_process_writes_data_to_stdout_and_the_summary_to_stderr(store_dir):
    r = subprocess.run([sys.executable, "-m", "cyberkg.cli", "export", "--format", "nt", "--country", "BTN",
                        "--store", str(store_dir)], capture_output=True, env=dict(os.environ, NO_COLOR="1"))
    assert r.returncode == 0, r.stderr
    assert f"<{BTN}> <{PREFIXES['ckg']}iso3166Alpha3> \"BTN\" .".encode() in r.stdout
    assert b"exported" in r.stderr and b"triples" in r.stderr


# --- determinism and golden files -------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "ttl", "nq", "jsonld"])
def test_two_exports_of_one_store_are_byte_identical(store_dir, fmt):
    assert export(store_dir, "--format", fmt).stdout_bytes == export(store_dir, "--format", fmt).stdout_bytes


def test_exports_of_two_builds_of_the_same_data_are_byte_identical(store_dir, tmp_path):
    other = tmp_path / "store"
    assert B.build([DATA], other).conforms
    for fmt in ("gexf", "graphml"):
        assert export(store_dir, "--format", fmt).stdout_bytes == export(other, "--format", fmt).stdout_bytes


def test_golden_gexf_of_the_bhutan_agencies_subgraph_date_included(store_dir, request):
    got = export(store_dir, "--format", "gexf", "--query", GOLDEN_QUERY).stdout_bytes
    want = expected_file(request, GOLDEN / "bhutan-agencies.gexf", got)
    assert got == want
    assert b'lastmodifieddate="2014-08-12"' in got  # Bhutan's profile: dct:modified


def test_golden_cytoscape_of_the_bhutan_agencies_subgraph(store_dir, request):
    """The whole parsed document equals the golden one: top-level keys and `data` (an object), every
    node's and edge's data, in order (the export is sorted, so order is part of the contract)."""
    got = export(store_dir, "--format", "cytoscape", "--query", GOLDEN_QUERY).stdout_bytes
    want = json.loads(expected_file(request, GOLDEN / "bhutan-agencies.cytoscape.json", got))
    got = json.loads(got)
    assert got == want
    assert isinstance(got["data"], dict) and got["elements"]["nodes"] and got["elements"]["edges"]


# --- selections: --country and --query ---------------------------------------------------------

@pytest.fixture(scope="module")
def bhutan(store_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("btn") / "btn.graphml"
    export(store_dir, "--format", "graphml", "--country", "btn", "-o", out)
    return nx.read_graphml(out)


def test_country_neighbourhood_holds_its_documents_entities(bhutan, store):
    described = {r["s"] for r in select(store, sparql_prefixes() + f"""
        SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ <{BTN}> a ckg:Country . ?s ?p ?o }} }}""")}
    assert described <= set(bhutan.nodes)
    docs = {n for n, d in bhutan.nodes(data=True) if d.get("type") in ("ckg:CyberwellnessProfile", "ckg:PolicyDocument")}
    assert len(docs) == 2 and all("bhutan" in d for d in docs)


def test_country_neighbourhood_keeps_what_its_entities_link_to_and_its_matches(bhutan):
    conventions = [d for _, d in bhutan.nodes(data=True) if d.get("type") == "ckg:Convention"]
    assert conventions and all(d["label"] for d in conventions)  # reference entities keep their literals
    matches = [n for n, d in bhutan.nodes(data=True) if d.get("type") == "ckg:Match"]
    assert len(matches) == 4 and all("/BTN/" in m for m in matches)
    assert {d["label"] for *_, d in bhutan.edges(data=True)} >= {"skos:exactMatch", "skos:closeMatch", "eli:amends"}


def test_country_neighbourhood_leaves_other_countries_out(bhutan):
    for iso in ("BLZ", "KHM", "LSO"):
        assert ID + f"country/{iso}" not in bhutan
        assert not any(f"/{iso}/" in n or f"profile-{iso.lower()}" in n for n in bhutan.nodes)
    assert not any("belize" in n or "cambodia" in n or "lesotho" in n for n in bhutan.nodes)
    assert bhutan.nodes[BTN]["population"] == 750000


def test_country_option_repeats_and_unions(store_dir, bhutan, tmp_path):
    out = tmp_path / "two.graphml"
    export(store_dir, "--format", "graphml", "--country", "BTN", "--country", "KHM", "-o", out)
    g = nx.read_graphml(out)
    assert set(bhutan.nodes) < set(g.nodes) and ID + "country/KHM" in g and ID + "country/LSO" not in g


def test_query_exports_the_constructed_subgraph_in_any_format(store_dir, store, tmp_path):
    constructed = list(store.query(GOLDEN_QUERY.read_text(encoding="utf-8"), use_default_graph_as_union=True))
    nt = export(store_dir, "--format", "nt", "--query", GOLDEN_QUERY).stdout_bytes
    from pyoxigraph import RdfFormat, parse

    assert {q.triple for q in parse(nt, format=RdfFormat.N_TRIPLES)} == set(constructed)
    agencies = {t.subject.value for t in constructed if t.predicate.value == PREFIXES["ckg"] + "jurisdiction"}
    out = tmp_path / "q.graphml"
    export(store_dir, "--format", "graphml", "--query", GOLDEN_QUERY, "-o", out)
    g = nx.read_graphml(out)
    assert agencies < set(g.nodes) and BTN in g
    assert sum(1 for *_, d in g.edges(data=True) if d["label"] == "ckg:jurisdiction") == len(agencies)


# --- errors ------------------------------------------------------------------------------------

def test_unknown_country_is_a_usage_error_naming_it_and_writes_nothing(store_dir, tmp_path):
    out = tmp_path / "x.graphml"
    r = export(store_dir, "--format", "graphml", "--country", "BTN", "--country", "XYZ", "-o", out, ok=False)
    assert r.exit_code == 2 and "XYZ" in r.stderr and not out.exists()


@pytest.mark.parametrize("text,message", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT query; export needs a CONSTRUCT"),
    ("ASK { ?s ?p ?o }", "ASK query; export needs a CONSTRUCT"),
    ("CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }", "SPARQL syntax error"),
])
def test_query_that_is_not_a_valid_construct_is_a_usage_error_naming_the_file(store_dir, tmp_path, text, message):
    q = tmp_path / "bad.rq"
    q.write_text(text, encoding="utf-8")
    r = export(store_dir, "--format", "ttl", "--query", q, ok=False)
    assert r.exit_code == 2 and str(q) in r.stderr and message in r.stderr and r.stdout_bytes == b""


def test_missing_query_file_is_a_usage_error_naming_it(store_dir, tmp_path):
    r = export(store_dir, "--format", "ttl", "--query", tmp_path / "none.rq", ok=False)
    assert r.exit_code == 2 and "none.rq" in r.stderr


def test_csv_needs_an_output_directory(store_dir, tmp_path):
    r = export(store_dir, "--format", "csv", ok=False)
    assert r.exit_code == 2 and "-o DIRECTORY" in r.stderr
    f = tmp_path / "file"
    f.write_text("keep", encoding="utf-8")
    r = export(store_dir, "--format", "csv", "-o", f, ok=False)
    assert r.exit_code == 2 and f.read_text(encoding="utf-8") == "keep"


def test_country_and_query_together_is_a_usage_error(store_dir):
    r = export(store_dir, "--format", "ttl", "--country", "BTN", "--query", GOLDEN_QUERY, ok=False)
    assert r.exit_code == 2 and "cannot be combined" in r.stderr


def test_missing_store_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["export", "--format", "ttl", "--store", str(tmp_path / "nowhere")])
    assert r.exit_code == 2 and "nowhere" in r.stderr


# --- the corpus --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_store_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus") / "store"
    report = B.build([CORPUS, DATA], d)
    assert report.conforms and len(report.documents) == len(corpus_files()) + 5
    return d


@needs_corpus
def test_corpus_graphml_export_reads_back_with_the_store_counts(corpus_store_dir, tmp_path):
    out = tmp_path / "corpus.graphml"
    export(corpus_store_dir, "--format", "graphml", "-o", out)
    g = nx.read_graphml(out)
    nodes, edges = expected_graph(B.open_store(corpus_store_dir))
    assert len(nodes) > 6000
    assert set(g.nodes) == nodes and g.number_of_edges() == len(edges) and edge_set(g) == edges
    countries = [n for n, d in g.nodes(data=True) if d.get("type") == "ckg:Country"]
    assert len(countries) > 140 and all(isinstance(g.nodes[c].get("population", 0), int) for c in countries)
