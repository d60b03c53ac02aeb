"""The query UI at `/` (YASGUI from npm, served locally) and its static files.

The browser tests drive Debian's Chromium through Playwright against a real `cyberkg serve` on
127.0.0.1 over the bundled data; every request the page makes is recorded, and any that leaves
127.0.0.1 is aborted and fails the test.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter

import pytest

from cyberkg.store import queries as Q
from cyberkg.web import ui

from ..conftest import ROOT, needs_node_modules
from .test_serve import main, store  # noqa: F401  (module-scoped server fixtures)

YASGUI = needs_node_modules(ui.ASSETS["yasgui.min.js"][0], ui.ASSETS["yasgui.min.css"][0])
CATALOGUE = Q.catalogue()


def _expected_rows(name: str) -> list[list[str]]:
    with open(ROOT / "queries" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.reader(f))[1:]


# ------------------------------------------------------------------ tabs are the canned queries

@pytest.mark.parametrize("name", sorted(n for n, q in CATALOGUE.items() if q.params))
def test_tab_text_of_parameterised_query_gives_the_canned_rows(bundled_store, name):
    """A tab binds the example parameters with VALUES; the rows equal the substituted canned query's."""
    q = CATALOGUE[name]
    tab = Q.inline_example(q)
    assert "VALUES" in tab and all(f"?{k}" in tab for k in q.params)
    via_tab = Counter(map(tuple, Q.rows(Q.run(bundled_store, tab))[1]))
    via_subst = Counter(map(tuple, Q.rows(Q.run(bundled_store, q.text, q.example, q.params))[1]))
    assert via_tab == via_subst and via_tab


def test_tab_text_of_plain_query_is_the_file():
    plain = [q for q in CATALOGUE.values() if not q.params]
    assert plain and all(Q.inline_example(q) == q.text for q in plain)


def test_config_json_cannot_close_its_script_element():
    text = ui._json_script({"q": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"q": "</script><script>alert(1)</script> & <!--"}


def test_local_terms_hold_the_ontology_and_the_data_vocabulary(bundled_store):
    terms = ui.local_terms(bundled_store)
    ckg = "https://w3id.org/cyberkg/ontology#"
    assert f"{ckg}Country" in terms["classes"] and f"{ckg}IndicatorStatement" in terms["classes"]
    assert f"{ckg}iso3166Alpha3" in terms["properties"]
    assert "http://www.w3.org/2004/02/skos/core#exactMatch" in terms["properties"]  # used, not declared by us
    assert all(t.startswith(("http://", "https://")) for t in terms["classes"] + terms["properties"])


# ------------------------------------------------------------------ the page and static files over HTTP

@YASGUI
def test_index_serves_yasgui_with_every_canned_query_as_a_tab(main):
    s, h, body = main.get("/", "text/html")
    assert s == 200 and h["Content-Type"].startswith("text/html")
    csp = h["Content-Security-Policy"]
    assert "connect-src 'self'" in csp and "default-src 'self'" in csp and "script-src 'self'" in csp
    html = body.decode("utf-8")
    cfg = json.loads(re.search(r'<script type="application/json" id="cyberkg-config">(.*?)</script>', html, re.S)[1])
    assert [t["name"] for t in cfg["tabs"]] == list(CATALOGUE)
    assert cfg["endpoint"] == "/sparql"
    # every script and stylesheet is this server's own
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert srcs and all(u.startswith("/") for u in srcs), srcs


@YASGUI
def test_static_files_come_only_from_the_allow_list(main):
    s, h, b = main.get("/static/yasgui.min.js")
    assert s == 200 and h["Content-Type"].startswith("text/javascript") and b == ui.ASSETS["yasgui.min.js"][0].read_bytes()
    for bad in ("/static/nope.js", "/static/../pyproject.toml", "/static/..%2f..%2fpyproject.toml",
                "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/node_modules/@zazuko/yasgui/package.json",
                "/static/", "/static/yasgui.min.js/.."):
        s, _, b = main.get(bad)
        assert s == 404, bad
        assert b"[project]" not in b


def test_index_without_front_end_packages_says_how_to_install_them(monkeypatch):
    monkeypatch.setitem(ui.ASSETS, "yasgui.min.js", (ROOT / "no-such-dir" / "yasgui.min.js", "text/javascript"))
    html = ui.yasgui_page(CATALOGUE, {"classes": [], "properties": []}).decode("utf-8")
    assert "npm ci" in html and "yasgui.min.js" in html and "<script" not in html


# ------------------------------------------------------------------ in the browser

@pytest.fixture()
def page(chromium, main):
    """A fresh page whose every request is recorded; anything not on this server is aborted."""
    ctx = chromium.new_context()
    seen, outside, errors = [], [], []

    def guard(route):
        url = route.request.url
        seen.append(url)
        if url.startswith(main.base + "/") or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    ctx.route("**/*", guard)
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.set_default_timeout(20_000)
    yield pg, seen, outside, errors
    ctx.close()


def _open_ui(pg, base):
    pg.goto(base + "/")
    pg.wait_for_selector(".tabsList .tab")


@YASGUI
def test_browser_canned_tab_runs_and_its_table_renders(page, main):
    pg, seen, outside, errors = page
    _open_ui(pg, main.base)
    names = [t.split("\n")[0].strip() for t in pg.locator(".tabsList .tab").all_inner_texts()]
    assert names == list(CATALOGUE)
    pg.locator(".tabsList .tab a > span", has_text=re.compile(r"^countries$")).click()
    pg.locator(".tabPanel.active .yasqe_queryButton").click()
    pg.wait_for_selector(".tabPanel.active .yasr table tbody tr")
    cells = pg.locator(".tabPanel.active .yasr table tbody tr").all_inner_texts()
    expected = _expected_rows("countries")
    assert len(cells) == len(expected)
    for iso3, country, wikidata, *_ in expected:  # each expected row is one rendered row
        assert any(iso3 in row and country in row and wikidata.rsplit("/", 1)[1] in row for row in cells), iso3
    assert any(u.startswith(main.base + "/sparql") for u in seen)
    assert outside == [] and errors == []


@YASGUI
def test_browser_parameterised_tab_runs(page, main):
    pg, _, outside, errors = page
    _open_ui(pg, main.base)
    pg.locator(".tabsList .tab a > span", has_text=re.compile(r"^country-profile$")).click()
    pg.locator(".tabPanel.active .yasqe_queryButton").click()
    pg.wait_for_selector(".tabPanel.active .yasr table tbody tr")
    text = pg.locator(".tabPanel.active .yasr").inner_text()
    assert "Bhutan" in text or "BTN" in text
    assert "profile-bhutan.txt" in text  # the document each fact comes from
    assert outside == [] and errors == []


@YASGUI
def test_browser_autocompletion_offers_local_terms_only(page, main):
    pg, seen, outside, errors = page
    _open_ui(pg, main.base)
    enabled = pg.evaluate("() => window.cyberkgYasgui.getTab().getYasqe().config.autocompleters")
    assert "class" not in enabled and "property" not in enabled  # the stock completers ask LOV online
    pg.evaluate("""() => { const y = window.cyberkgYasgui.getTab().getYasqe();
        y.setValue('PREFIX ckg: <https://w3id.org/cyberkg/ontology#>\\nSELECT * WHERE { ?x a ckg:Coun');
        y.focus(); y.setCursor(y.lineCount(), 0); }""")
    pg.keyboard.press("End")
    pg.keyboard.type("t")
    pg.keyboard.press("Control+Space")
    pg.wait_for_selector(".CodeMirror-hints li")
    assert "ckg:Country" in pg.locator(".CodeMirror-hints li").all_inner_texts()
    assert outside == [] and errors == []
    assert all(u.startswith(main.base) or u.startswith("data:") for u in seen)
