"""/graph/ISO3 as a reader sees it (issue 17): the entities by default, one colour per kind across
the site, a legend with counts and toggles, labels that do not overlap at the default zoom,
click for the entity page, double-click to expand; an unknown code is a 404 page.

The browser tests drive Debian's Chromium (see test_ui.py) and measure what cytoscape.js drew:
its rendered label bounding boxes, and the pixels of a screenshot."""

from __future__ import annotations

import io
import json
import re
from collections import Counter

import pytest

from cyberkg.outputs import export as X
from cyberkg.outputs.style import KINDS
from cyberkg.web import ui

from ..conftest import needs_node_modules
from .test_serve import main, store  # noqa: F401  (module-scoped server fixtures)
from .test_ui import page  # noqa: F401  (a browser page that refuses outside requests)

GRAPH = needs_node_modules(*(ui.ASSETS[n][0] for n in ui.GRAPH_SCRIPTS))
ENTITY = {k.name for k in KINDS if k.entity}
BTN = "https://w3id.org/cyberkg/id/country/BTN"

# label boxes of the drawn nodes whose label is shown, and how many pairs of them overlap
OVERLAPS = """(all) => {
  const cy = window.cyberkgGraph;
  const boxes = cy.nodes(':visible').filter(n => all || !n.hasClass('quiet'))
    .map(n => n.renderedBoundingBox({includeNodes: false, includeLabels: true, includeOverlays: false}))
    .filter(b => b.w > 0);
  let n = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) n++;
  }
  return [n, boxes.length];
}"""


def _default_export(store_dir, iso3="BTN") -> dict:
    from cyberkg.store.build import open_store

    store = open_store(store_dir)
    buf = io.BytesIO()
    X.export(store, "cytoscape", None, buf, countries=[iso3])
    return json.loads(buf.getvalue())


def test_unknown_country_page_is_a_404_in_the_sites_words(main):
    s, h, body = main.get("/graph/ZZZ", "text/html")
    html = body.decode("utf-8")
    assert s == 404 and h["Content-Type"].startswith("text/html")
    assert "No country ZZZ here" in html and 'href="/matrix"' in html
    assert "--country" not in html and "<script" not in html


def test_known_country_page_names_the_country(main):
    s, h, body = main.get("/graph/BTN", "text/html")
    assert s == 200 and "Bhutan (BTN)" in body.decode("utf-8")
    assert "script-src 'self'" in h["Content-Security-Policy"]
    srcs = re.findall(r'<script src="([^"]+)"', body.decode("utf-8"))
    assert srcs == [f"/static/{n}" for n in ui.GRAPH_SCRIPTS]


def test_graph_json_holds_the_default_export_and_the_statements(main, store):
    data = json.loads(main.get("/graph/BTN.json")[2])
    default = _default_export(store)
    ents = {n["data"]["id"] for n in data["elements"]["nodes"] if n["data"]["kind"] in ENTITY}
    assert {n["data"]["id"] for n in default["elements"]["nodes"]} <= ents
    links = {(e["data"]["source"], e["data"]["target"], e["data"]["label"]) for e in data["elements"]["edges"]
             if e["data"]["source"] in ents and e["data"]["target"] in ents}
    assert links == {(e["data"]["source"], e["data"]["target"], e["data"]["label"]) for e in default["elements"]["edges"]}
    kinds = Counter(n["data"]["kind"] for n in data["elements"]["nodes"])
    assert kinds["Indicator statement"] == 21 and kinds["Reference concept"] > 20


# ------------------------------------------------------------------ in the browser

def _open(pg, base, iso3="BTN"):
    pg.set_viewport_size({"width": 1200, "height": 900})
    pg.goto(f"{base}/graph/{iso3}")
    pg.wait_for_selector("body[data-rendered]")
    assert pg.evaluate("document.body.dataset.rendered") != "error"


def _shown(pg) -> int:
    return pg.evaluate("window.cyberkgGraph.nodes(':visible').length")


def _pixels(png: bytes) -> Counter:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    return Counter(getattr(img, "get_flattened_data", img.getdata)())


def _near(counter: Counter, rgb, tol: int = 8) -> int:
    return sum(n for c, n in counter.items() if all(abs(a - b) <= tol for a, b in zip(c, rgb)))


@GRAPH
def test_browser_default_view_is_the_entities_with_labels_that_do_not_overlap(page, main, store):
    pg, _, outside, errors = page
    _open(pg, main.base)
    default = _default_export(store)
    drawn = pg.evaluate("window.cyberkgGraph.nodes(':visible').map(n => n.id())")
    assert sorted(drawn) == sorted(n["data"]["id"] for n in default["elements"]["nodes"])
    after, shown_labels = pg.evaluate(OVERLAPS, False)
    before, all_labels = pg.evaluate(OVERLAPS, True)  # the same drawing with every label on
    # the old view: every node and every label
    pg.evaluate("""() => { document.querySelectorAll('#legend input').forEach(b => { b.checked = true; });
                           document.getElementById('legend').dispatchEvent(new Event('change')); }""")
    pg.wait_for_selector("body[data-laid-out]")
    hairball, hairball_labels = pg.evaluate(OVERLAPS, True)
    print(f"\nBTN label overlaps: entities, placed labels {after} of {shown_labels}; entities, every label "
          f"{before} of {all_labels}; every node and label {hairball} of {hairball_labels}")
    assert after <= 1 and shown_labels >= len(drawn) // 2, (after, shown_labels, len(drawn))
    assert hairball > 50 * max(after, 1)
    assert outside == [] and errors == []


@GRAPH
def test_browser_each_legend_colour_is_drawn_and_toggles_change_the_node_count(page, main):
    pytest.importorskip("PIL", reason="Pillow is in the test extra")
    pg, _, outside, errors = page
    _open(pg, main.base)
    legend = pg.locator("#legend label.kind").evaluate_all(
        "els => els.map(e => [e.dataset.kind, e.querySelector('input').checked, "
        "getComputedStyle(e.querySelector('.swatch')).backgroundColor, e.textContent])")
    px = _pixels(pg.locator("#cy").screenshot())
    drawn = Counter(pg.evaluate("window.cyberkgGraph.nodes(':visible').map(n => n.data('kind'))"))
    for kind, ticked, colour, text in legend:
        rgb = tuple(int(v) for v in re.findall(r"\d+", colour)[:3])
        count = int(re.search(r"\((\d+)\)$", text)[1])
        if ticked and drawn[kind]:
            assert _near(px, rgb) >= 40 * drawn[kind], (kind, colour, _near(px, rgb))
        assert count >= drawn[kind]
        assert ticked == (kind in ENTITY)
    assert {"Country", "Agency", "Legal instrument"} <= set(drawn)
    n0 = _shown(pg)
    pg.locator('#legend input[data-kind="Legal instrument"]').uncheck()
    pg.wait_for_selector("body[data-laid-out='1']")
    n1 = _shown(pg)
    assert n0 - n1 >= drawn["Legal instrument"] > 0
    pg.locator('#legend input[data-kind="Indicator statement"]').check()
    pg.wait_for_selector("body[data-laid-out='2']")
    n2 = _shown(pg)
    assert n2 - n1 >= 21
    assert int(pg.evaluate("document.body.dataset.shown")) == n2
    assert outside == [] and errors == []


def _node_xy(pg, iri):
    box = pg.locator("#cy").bounding_box()
    pos = pg.evaluate("(id) => window.cyberkgGraph.$id(id).renderedPosition()", iri)
    return box["x"] + pos["x"], box["y"] + pos["y"]


@GRAPH
def test_browser_double_click_expands_and_click_opens_the_entity_page(page, main):
    pg, _, outside, errors = page
    _open(pg, main.base)
    n0 = _shown(pg)
    x, y = _node_xy(pg, BTN)
    pg.mouse.dblclick(x, y)
    pg.wait_for_selector("body[data-expanded]")
    assert pg.url.endswith("/graph/BTN")
    n1 = _shown(pg)
    assert n1 > n0 + 15  # the country's indicator statements and the rest of its neighbourhood
    x, y = _node_xy(pg, BTN)
    pg.mouse.click(x, y)
    pg.wait_for_url(re.compile(r"/id/country/BTN$"))
    assert "Bhutan" in pg.locator("h1").inner_text()
    assert outside == [] and errors == []
