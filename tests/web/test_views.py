"""The pictures: /matrix (profiles x indicator sections) and /graph/ISO3 (cytoscape.js).

Checked against the canned indicator-matrix query and the `cyberkg export` projection, then in
headless Chromium with a screenshot that must show the status colours / drawn nodes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections import Counter

import pytest

from cyberkg.web import ui
from cyberkg.sources.scheme import INDICATORS

from ..conftest import ROOT, needs_node_modules
from .test_serve import main, store  # noqa: F401  (module-scoped server fixtures)
from .test_ui import page  # noqa: F401  (a browser page that refuses outside requests)

CYTOSCAPE = needs_node_modules(ui.ASSETS["cytoscape.min.js"][0])
STATUS_RGB = {"yes": (0x2E, 0x7D, 0x32), "no": (0xC6, 0x28, 0x28), "partial": (0xF9, 0xA8, 0x25)}
CELL = re.compile(r'<td class="st (\w+)" data-status="\w+"(?: data-section="([\d.]+)")?>(?:<a href="([^"]+)")?')


def _matrix_cells(html: str) -> dict[str, list[tuple[str, str, str]]]:
    rows = {}
    for m in re.finditer(r'<tr data-iso3="([A-Z]{3})"[^>]*>(.*?)</tr>', html, re.S):
        rows[m.group(1)] = CELL.findall(m.group(2))
    return rows


def test_matrix_cells_equal_the_indicator_matrix_query(main):
    s, h, body = main.get("/matrix")
    assert s == 200 and h["Content-Type"].startswith("text/html")
    rows = _matrix_cells(body.decode("utf-8"))
    with open(ROOT / "queries" / "indicator-matrix.csv", newline="", encoding="utf-8") as f:
        expected = {(r["iso3"], r["indicator"], r["status"]) for r in csv.DictReader(f)}
    assert set(rows) == {iso3 for iso3, _, _ in expected}
    shown = set()
    for iso3, cells in rows.items():
        assert len(cells) == len(INDICATORS)  # one cell per section, absent ones included
        shown |= {(iso3, sec, st) for st, sec, _ in cells if st != "absent"}
    assert shown == expected


def test_matrix_cell_links_to_its_statement_and_source_text(main):
    rows = _matrix_cells(main.get("/matrix")[2].decode("utf-8"))
    status, section, href = next(c for c in rows["BTN"] if c[1] == "1.2.1")
    s, _, body = main.get(href, "text/html")
    text = body.decode("utf-8")
    assert s == 200 and "statementText" in text and "Bhutan" in text and "sourceLine" in text
    from pyoxigraph import RdfFormat, parse

    triples = {(t.predicate.value.rsplit("#", 1)[-1], t.object.value)
               for t in parse(main.get(href, "text/turtle")[2], format=RdfFormat.TURTLE)}
    assert ("section", section) in triples
    assert ("status", f"https://w3id.org/cyberkg/id/status/{status}") in triples


def test_graph_json_is_the_full_cytoscape_export_plus_lifted_links(main, store):
    s, h, body = main.get("/graph/BTN.json")
    assert s == 200 and h["Content-Type"].startswith("application/json")
    out = subprocess.run([sys.executable, "-m", "cyberkg.cli", "export", "--store", str(store), "--format",
                          "cytoscape", "--country", "BTN", "--with-statements"], capture_output=True, check=True,
                         cwd=ROOT).stdout
    got, full = json.loads(body), json.loads(out)
    assert got["elements"]["nodes"] == full["elements"]["nodes"]
    edges = {(e["data"]["source"], e["data"]["target"], e["data"]["label"]) for e in got["elements"]["edges"]}
    plain = {(e["data"]["source"], e["data"]["target"], e["data"]["label"]) for e in full["elements"]["edges"]}
    assert plain < edges and all("via" in e["data"] for e in got["elements"]["edges"]
                                 if (e["data"]["source"], e["data"]["target"], e["data"]["label"]) not in plain)
    assert any(n["data"]["id"].endswith("/country/BTN") for n in got["elements"]["nodes"])


@pytest.mark.parametrize("path", ["/graph/ZZZ.json", "/graph/btn", "/graph/BT", "/graph/..%2fetc", "/graph/BTN.ttl"])
def test_graph_unknown_or_malformed_country_is_404(main, path):
    assert main.get(path)[0] == 404


# ------------------------------------------------------------------ in the browser

def _pixels(png: bytes) -> Counter:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    return Counter(getattr(img, "get_flattened_data", img.getdata)())


def _near(counter: Counter, rgb, tol: int = 6) -> int:
    return sum(n for c, n in counter.items() if all(abs(a - b) <= tol for a, b in zip(c, rgb)))


def test_browser_matrix_screenshot_shows_status_colours(page, main):
    pytest.importorskip("PIL", reason="Pillow is in the test extra")
    pg, _, outside, errors = page
    pg.set_viewport_size({"width": 1600, "height": 900})
    pg.goto(main.base + "/matrix")
    table = pg.locator("table.matrix")
    px = _pixels(table.screenshot())
    cells = Counter(pg.locator("td.st").evaluate_all("els => els.map(e => e.dataset.status)"))
    for status, rgb in STATUS_RGB.items():
        if cells[status]:
            # a rendered cell is at least ~20 px wide and ~15 px high
            assert _near(px, rgb) >= 200 * cells[status], (status, cells[status], _near(px, rgb))
        else:
            assert _near(px, rgb) == 0
    assert cells["yes"] and cells["no"]
    assert outside == [] and errors == []


@CYTOSCAPE
def test_browser_graph_view_draws_the_neighbourhood(page, main):
    pytest.importorskip("PIL", reason="Pillow is in the test extra")
    pg, seen, outside, errors = page
    pg.set_viewport_size({"width": 1200, "height": 900})
    pg.goto(main.base + "/graph/BTN")
    pg.wait_for_selector("body[data-rendered]")
    data = json.loads(main.get("/graph/BTN.json")[2])
    assert pg.evaluate("document.body.dataset.rendered") == str(len(data["elements"]["nodes"]))
    assert pg.evaluate("window.cyberkgGraph.nodes().length") == len(data["elements"]["nodes"])
    assert pg.evaluate("window.cyberkgGraph.edges().length") == len(data["elements"]["edges"])
    px = _pixels(pg.locator("#cy").screenshot())
    total = sum(px.values())
    white = _near(px, (255, 255, 255), tol=3)
    assert total - white > total // 50, "the canvas is (nearly) blank"
    # the country node is drawn in its legend colour
    legend = pg.locator('#legend label.kind[data-kind="Country"] .swatch')
    colour = legend.evaluate("e => getComputedStyle(e).backgroundColor")
    rgb = tuple(int(v) for v in re.findall(r"\d+", colour)[:3])
    assert _near(px, rgb, tol=10) > 300
    assert any(u.endswith("/graph/BTN.json") for u in seen)
    assert outside == [] and errors == []
