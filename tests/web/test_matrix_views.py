"""/matrix: UN M49 region filter, order by the count of "yes", countries side by side, and a
header that stays visible while scrolling (issue 17)."""

from __future__ import annotations

import csv
import re
from collections import Counter

from cyberkg.sources.m49 import region

from ..conftest import ROOT
from .test_serve import main, store  # noqa: F401  (module-scoped server fixtures)
from .test_ui import page  # noqa: F401
from .test_views import CYTOSCAPE  # noqa: F401  (node_modules present: the browser fixtures work)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-iso3="([A-Z]{3})"', html)


def _expected():
    with open(ROOT / "queries" / "indicator-matrix.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_m49_regions_of_the_bundled_countries():
    assert region("BTN") == ("Asia", "Southern Asia") and region("BLZ") == ("Americas", "Central America")
    assert region("LSO") == ("Africa", "Southern Africa") and region("KHM") == ("Asia", "South-eastern Asia")


def test_region_filter_keeps_that_regions_countries(main):
    html = main.get("/matrix?region=Asia")[2].decode("utf-8")
    assert set(_rows(html)) == {"BTN", "KHM"}
    assert set(_rows(main.get("/matrix?region=Southern+Africa")[2].decode("utf-8"))) == {"LSO"}
    assert len(set(_rows(main.get("/matrix")[2].decode("utf-8")))) == 4
    assert '<option value="Asia" selected>' in html


def test_sort_by_yes_count(main):
    yes = Counter(r["iso3"] for r in _expected() if r["status"] == "yes")
    html = main.get("/matrix?sort=yes")[2].decode("utf-8")
    order = _rows(html)
    assert order == sorted(order, key=lambda i: (-yes[i], i))
    counts = [int(c) for c in re.findall(r"<td class=yes-count>(\d+)</td>", html)]
    assert counts == [yes[i] for i in order]


def test_compare_two_countries_side_by_side(main):
    html = main.get("/matrix?compare=BTN&compare=KHM")[2].decode("utf-8")
    heads = re.findall(r'<th data-iso3="([A-Z]{3})">', html)
    assert heads == ["BTN", "KHM"]
    statuses = {(r["iso3"], r["indicator"]): r["status"] for r in _expected()}
    rows = re.findall(r'<tr data-section="([\d.]+)">(.*?)</tr>', html, re.S)
    assert len(rows) == 21
    for section, row in rows:
        got = re.findall(r'data-status="(\w+)"', row)
        assert got == [statuses.get((i, section), "absent") for i in heads], section
    assert "Bhutan" in html and "Cambodia" in html


def test_compare_needs_two_to_five_known_countries(main):
    for q in ("compare=BTN", "compare=BTN,KHM,BLZ,LSO,BTN,ZZZ", "compare=BTN&compare=ZZZ"):
        s, _, body = main.get("/matrix?" + q)
        assert s == 200 and "Pick 2 to 5 countries" in body.decode("utf-8"), q


@CYTOSCAPE
def test_browser_matrix_header_stays_visible_when_scrolled(page, main):
    pg, _, outside, errors = page
    pg.set_viewport_size({"width": 1200, "height": 300})
    pg.goto(main.base + "/matrix")
    pg.mouse.wheel(0, 600)
    pg.wait_for_function("window.scrollY > 100")
    top = pg.evaluate("document.querySelector('table.matrix thead').getBoundingClientRect().top")
    assert abs(top) <= 1, top
    assert outside == [] and errors == []
