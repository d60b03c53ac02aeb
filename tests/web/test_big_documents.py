"""Bug 13: a big or pathological document costs bounded graph and bounded pages.

A strategy whose text repeats one heading 20,000 times builds into as many quads as the document
without the run (one section for the run, a 'too-many-headings' finding), and the entity page of a
document with more sections and mentions than `--max-rows` lists at most that many rows per table,
says how many more there are and links to the next ones from the SPARQL endpoint, through a real
server as the other tests of tests/web do (the Turtle page of it stays 413, as before).  Inputs
are synthetic: tests/data's fictional strategy, with generated sections."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse

import pytest

from cyberkg.graph.profile import doc_key
from cyberkg.store import build as B

from ..conftest import ROOT
from .test_serve import Server

ID = "https://w3id.org/cyberkg/id/"
RURITANIA = (ROOT / "tests" / "data" / "strategy-ruritania-2016.txt").read_text(encoding="utf-8")
MAX_ROWS = 50
SECTIONS = 300  # more than MAX_ROWS, fewer than a document may have (strategy.MAX_HEADINGS)


def _body_heading_at(lines: list[str]) -> int:
    return len(lines) - 1 - lines[::-1].index("1. Introduction")  # the body's, after the contents


def heading_run(times: int) -> str:
    lines = RURITANIA.split("\n")
    at = _body_heading_at(lines)
    return "\n".join(lines[:at] + ["1. Introduction", ""] * times + lines[at:])


def many_sections(n: int) -> str:
    """The fictional strategy with n more numbered sections, each naming its own ministry."""
    lines = RURITANIA.split("\n")
    at = len(lines) - 6
    extra = []
    for k in range(n):
        extra += [f"{k // 100 + 1}.{(k // 10) % 10 + 1}.{k % 10 + 1} Measure number {k}", "",
                  f"The Ministry of Measure{k} Affairs will coordinate this measure with the operators of essential "
                  f"services and will report on its progress to the National Cyber Security Council every year.", ""]
    return "\n".join(lines[:at] + extra + lines[at:])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("big-docs")
    docs = {"run-20000.txt": heading_run(20_000), "run-2000.txt": heading_run(2_000),
            "plain.txt": RURITANIA, "sections.txt": many_sections(SECTIONS)}
    # One document a folder: each build is the fictional strategy and one variant of it.
    stores = {}
    for name, text in docs.items():
        src = tmp / name.replace(".txt", "")
        src.mkdir()
        (src / name).write_text(text, encoding="utf-8")
        report = B.build([src], tmp / f"store-{name}")
        doc = report.documents[0].result
        stores[name] = (tmp / f"store-{name}", ID + "doc/" + doc_key(str(doc.path), doc.sha256), doc)
    return stores


def _quads(store_dir, iri: str) -> int:
    from pyoxigraph import NamedNode

    store = B.open_store(store_dir)
    return sum(1 for _ in store.quads_for_pattern(None, None, None, NamedNode(iri)))


def test_bug13_a_heading_run_builds_with_bounded_quads(built):
    """20,000 and 2,000 repetitions of one heading: the same number of quads, that of the document
    without the run plus its finding (before: 7 quads a repetition, 140,000 for this run)."""
    plain = _quads(*built["plain.txt"][:2])
    q2k, q20k = _quads(*built["run-2000.txt"][:2]), _quads(*built["run-20000.txt"][:2])
    assert q20k == q2k and q20k < plain + 100, (plain, q2k, q20k)
    doc = built["run-20000.txt"][2]
    assert [h.label for h in doc.headings] == [h.label for h in built["plain.txt"][2].headings]
    assert any(f.kind == "too-many-headings" for f in doc.findings)


@pytest.fixture(scope="module")
def srv(built, tmp_path_factory):
    s = Server(built["sections.txt"][0], tmp_path_factory.mktemp("log") / "big.log", "--max-rows", str(MAX_ROWS),
               "--workers", "1")
    yield s
    s.stop()


def _tables(html: str) -> dict[str, int]:
    """Rows (header excluded) of each table under an <h2>, by heading."""
    out = {}
    for title, body in re.findall(r"<h2>([^<]+)</h2>(<table>.*?</table>)", html, re.S):
        out[title] = body.count("<tr>") - 1
    return out


def test_bug13_html_page_of_a_big_document_is_bounded_by_max_rows(built, srv):
    _, iri, doc = built["sections.txt"]
    path = "/id/" + iri[len(ID):]
    st, headers, body = srv.get(path, accept="text/html", timeout=60)
    html = body.decode()
    assert st == 200 and headers["Content-Type"].startswith("text/html")
    tables = _tables(html)
    assert tables["Sections"] == MAX_ROWS and tables["Mentions"] == MAX_ROWS, tables
    sections = len(doc.headings)
    assert sections > MAX_ROWS
    assert f"{sections - MAX_ROWS} more sections not shown" in html
    m = re.search(r'<a href="(/sparql\?[^"]+)">the next 50</a>', html)
    assert m and "more mentions not shown" in html
    # The link gives the next rows: the SPARQL endpoint answers it (CSV), within --max-rows.
    st2, _, page = srv.get(m.group(1).replace("&amp;", "&"), timeout=60)
    rows = list(csv.reader(io.StringIO(page.decode())))
    assert st2 == 200 and len(rows) == MAX_ROWS + 1 and "Measure number" in rows[1][1], rows[:2]
    assert "LIMIT 50 OFFSET 50" in urllib.parse.unquote_plus(m.group(1))
    # The same entity as Turtle: more statements than --max-rows, 413 (unchanged).
    st3, _, _ = srv.get(path, accept="text/turtle", timeout=60)
    assert st3 == 413


def test_bug13_a_small_document_page_is_whole(built, tmp_path_factory):
    """Under --max-rows nothing is cut and no note is shown."""
    s = Server(built["plain.txt"][0], tmp_path_factory.mktemp("log") / "plain.log", "--max-rows", str(MAX_ROWS),
               "--workers", "1")
    try:
        _, iri, doc = built["plain.txt"]
        st, _, body = s.get("/id/" + iri[len(ID):], accept="text/html", timeout=60)
        html = body.decode()
        assert st == 200 and _tables(html)["Sections"] == len(doc.headings) and "more sections not shown" not in html
    finally:
        s.stop()
