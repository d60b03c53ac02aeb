"""Control characters are decided at the source, so every output is well-formed.

The reader turns the characters that mean a line break (U+000B, Word's manual line break; NEL,
U+2028, U+2029) into one and removes the other controls (C0, DEL, C1, lone surrogates,
noncharacters, bidi controls), each kind with a `control-character` finding naming file and line.
A property test inserts such characters into a real profile at random (hypothesis, derandomised),
builds it through the real command line (click's runner, in-process for speed), and reads every
output back with a strict parser of its own kind: GraphML and GEXF (networkx, expat), Cytoscape
JSON, nodes/edges CSV, Turtle, N-Triples, N-Quads, JSON-LD (pyoxigraph's parsers), query results
as CSV (csv module, every row one record), TSV and JSON (pyoxigraph's SPARQL results parsers),
SPARQL XML results (expat and pyoxigraph) and RDF/XML (rdflib).  The terminal lines of the build
hold no raw control character.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberkg.store import build as B
from cyberkg.cli import main
from cyberkg.sources.text import REMOVED_CONTROLS, clean_controls, source_lines

from ..conftest import DATA

PROFILE = (DATA / "profile-bhutan.txt").read_text(encoding="utf-8")
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
BAD = ([chr(c) for c in range(0x01, 0x20) if chr(c) not in "\n"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
       + ["\ud800", "\udbff", "\udc00", "\udfff", "\ufffe", "\uffff", "\U0001fffe", "\ufdd0"]
       + ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
          "\u2068", "\u2069", "\u2028", "\u2029", "\x00"])
ALL_LITERALS = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isLiteral(?o)) }"


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def check_outputs(store: Path, tmp: Path) -> None:
    """Every export and query output format, read back strictly."""
    import networkx as nx
    import pyoxigraph as ox
    import rdflib

    for fmt, parse in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp / f"g.{fmt}"
        r = cli("export", "--format", fmt, "-o", out, "--store", store)
        assert r.exit_code == 0, r.output
        ET.parse(out)  # expat: refuses any character XML 1.0 forbids
        assert parse(out).number_of_nodes() > 0
    r = cli("export", "--format", "cytoscape", "-o", tmp / "g.cyjs", "--store", store)
    assert r.exit_code == 0 and json.loads((tmp / "g.cyjs").read_text(encoding="utf-8"))["elements"]["nodes"]
    r = cli("export", "--format", "csv", "-o", tmp / "csv", "--store", store)
    assert r.exit_code == 0
    for name in ("nodes.csv", "edges.csv"):
        with open(tmp / "csv" / name, newline="", encoding="utf-8") as fh:
            table = list(csv.reader(fh, strict=True))
        assert all(len(row) == len(table[0]) for row in table)
    for fmt, rdf in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES), ("nq", ox.RdfFormat.N_QUADS),
                     ("jsonld", ox.RdfFormat.JSON_LD)):
        out = tmp / f"g.{fmt}"
        assert cli("export", "--format", fmt, "-o", out, "--store", store).exit_code == 0
        assert sum(1 for _ in ox.parse(path=str(out), format=rdf)) > 0
    # query results: JSON is the reference; CSV, TSV and XML must give the same rows
    r = cli("query", "--sparql", ALL_LITERALS, "--format", "json", "--store", store)
    reference = ox.parse_query_results(r.stdout.encode("utf-8"), format=ox.QueryResultsFormat.JSON)
    ref = sorted((str(s["s"]), str(s["p"]), str(s["o"])) for s in reference)
    lexical = sorted((s.strip("<>"), p.strip("<>"), ox.parse(f"<s:s> <p:p> {o} .".encode(), format=ox.RdfFormat.N_TRIPLES)
                      .__next__().object.value) for s, p, o in ref)
    r = cli("query", "--sparql", ALL_LITERALS, "--format", "csv", "--store", store)
    table = list(csv.reader(io.StringIO(r.stdout, newline=""), strict=True))
    assert table[0] == ["s", "p", "o"] and sorted(map(tuple, table[1:])) == lexical
    r = cli("query", "--sparql", ALL_LITERALS, "--format", "tsv", "--store", store)
    tsv = ox.parse_query_results(r.stdout.encode("utf-8"), format=ox.QueryResultsFormat.TSV)
    assert sorted((str(s["s"]), str(s["p"]), str(s["o"])) for s in tsv) == ref
    st_ = B.open_store(store)
    xml = st_.query(ALL_LITERALS, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.XML)
    ET.fromstring(xml)
    parsed = ox.parse_query_results(xml, format=ox.QueryResultsFormat.XML)
    assert sorted((str(s["s"]), str(s["p"]), str(s["o"])) for s in parsed) == ref
    # RDF/XML, as the entity pages serve it
    rdfxml = st_.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True) \
        .serialize(format=ox.RdfFormat.RDF_XML)
    assert len(rdflib.Graph().parse(data=rdfxml, format="xml")) > 0
    for _, _, o in ref:
        assert not XML_FORBIDDEN.search(o), o
        assert not re.search("[\x0b\x85\u2028\u2029]", o), o  # a line break read from the source never reaches the graph


@st.composite
def mutated(draw):
    text = PROFILE
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(BAD)) * draw(st.integers(1, 2)) + text[pos:]
    enc = draw(st.sampled_from(["utf-8", "utf-16"]))
    return text, enc


@settings(max_examples=5, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutated())
def test_any_control_character_in_a_source_gives_well_formed_outputs_or_one_error(tmp_path_factory, case):
    text, enc = case
    tmp = tmp_path_factory.mktemp("cc")
    (tmp / "src").mkdir()
    (tmp / "src" / "profile-bhutan.txt").write_bytes(text.encode(enc, "surrogatepass"))
    store = tmp / "store"
    r = cli("build", tmp / "src", "--store", store)
    lines = r.stderr.splitlines() if hasattr(r, "stderr") else r.output.splitlines()
    assert not any(re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", ln) for ln in lines), lines  # terminal-safe
    if r.exit_code != 0:
        assert r.exit_code == 1 and len([ln for ln in lines if ln.startswith("error:")]) == 1, r.output
        assert "profile-bhutan.txt" in r.output
        return
    check_outputs(store, tmp)


def test_word_line_break_becomes_a_line_break_with_a_finding_naming_file_and_line(tmp_path):
    """The issue's case: U+000B in a statement built, then broke the XML outputs."""
    lines = PROFILE.split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith("Bhutan") or len(ln) > 60)
    lines[n] = lines[n][:20] + "\x0b" + lines[n][20:]
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "profile-bhutan.txt").write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "store"
    r = cli("build", tmp_path / "src", "--store", store)
    assert r.exit_code == 0, r.output
    assert f"profile-bhutan.txt [text] control-character: control character U+000B read as a line break (line {n + 1})" \
        in r.output
    out = cli("query", "source-anomalies", "--format", "csv", "--store", store).stdout
    assert "control character U+000B" in out
    check_outputs(store, tmp_path)


def test_bug9_control_characters_in_a_strategy_are_findings_of_the_build_and_the_strategy_findings_query(tmp_path):
    """As for a profile: the reader's decisions are findings naming file and line, in the graph."""
    lines = (Path(__file__).parents[1] / "data" / "strategy-ruritania-2016.txt").read_text(encoding="utf-8").split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith("The National Cyber Security Council")) + 1
    lines[n - 1] = lines[n - 1].replace("National", "Nat\x07ional\u202e", 1)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "strategy-ruritania.txt").write_text("\n".join(lines), encoding="utf-8")
    store = tmp_path / "store"
    r = cli("build", tmp_path / "src", "--store", store)
    assert r.exit_code == 0, r.output
    assert f"strategy-ruritania.txt [text] control-character: control character U+0007 removed (line {n})" in r.output
    out = cli("query", "strategy-findings", "--format", "csv", "--store", store).stdout
    assert f"strategy-ruritania.txt,text,control-character: control character U+202E RIGHT-TO-LEFT OVERRIDE removed (line {n})" in out


@given(st.text(alphabet=st.sampled_from(BAD + list("ab\n\r\t ")), max_size=40))
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
def test_the_reader_leaves_no_control_character(text):
    out, findings = clean_controls(text)
    # Line-break controls become LINE_SEPARATOR, which only source_lines reads (it splits there):
    # no piece of a line a parser sees holds a control character, and the line count is grep's.
    assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069\u2029]",
                         out.replace("\x00", "")), repr(out)
    pieces = [t for _, t in source_lines(out)]
    assert not any(re.search("[\x0b\x85\u2028\u2029\r]", t) for t in pieces), pieces  # (a CR ends a line too)
    assert out.count("\n") == text.count("\n")
    # Each line-break control adds one piece to what the text without the controls gives.
    assert len(pieces) == len(source_lines(REMOVED_CONTROLS.sub("", text).translate({ord(c): None for c in "\x0b\x85\u2028\u2029"}))) \
        + sum(text.count(c) for c in "\x0b\x85\u2028\u2029")
    # A finding for each control character, and for a CR that ends a line inside an LF line (not
    # before an LF, or a line-break control, or at the end).
    lone_cr = "\n" in out and re.search("\r(?!\r*(?:\n|\u2028|$))", out)
    assert bool(findings) == bool(re.search("[^ab\n\r\t \x0c\x00]", text) or lone_cr)


def test_a_query_that_makes_a_control_character_is_refused_for_xml_formats(tmp_path):
    """The store never holds one, but an export --query can BIND one: one error, no malformed file."""
    store = tmp_path / "store"
    assert cli("build", DATA, "--store", store).exit_code == 0
    q = tmp_path / "cc.rq"
    q.write_text('CONSTRUCT { <https://w3id.org/cyberkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> ?l } '
                 'WHERE { BIND("a\\u000Bb" AS ?l) }')
    for fmt in ("graphml", "gexf"):
        r = cli("export", "--format", fmt, "--query", q, "-o", tmp_path / f"x.{fmt}", "--store", store)
        assert r.exit_code == 2 and "U+000B" in r.output and "id/x" in r.output
        assert not (tmp_path / f"x.{fmt}").exists()
    r = cli("export", "--format", "nt", "--query", q, "-o", tmp_path / "x.nt", "--store", store)
    assert r.exit_code == 0 and b"\\u000B" in (tmp_path / "x.nt").read_bytes()
