"""The query UI's result tables show values plainly (issue 17): literals as text with the datatype
on hover, IRIs of this graph as compact names linking to their entity page, and a row number
that does not run into the first cell."""

from __future__ import annotations

import re

from .test_serve import main, store  # noqa: F401  (module-scoped server fixtures)
from .test_ui import YASGUI, _open_ui, page  # noqa: F401

QUERY = """PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
SELECT ?country ?iso3 ?population WHERE {
  ?country ckg:iso3166Alpha3 ?iso3 . ?o <http://purl.org/linked-data/sdmx/2009/dimension#refArea> ?country ;
  ckg:population ?population } ORDER BY ?iso3"""


def _run(pg, query):
    pg.evaluate("(q) => { const y = window.cyberkgYasgui.getTab().getYasqe(); y.setValue(q); y.query(); }", query)
    pg.wait_for_selector(".tabPanel.active .yasr table tbody tr")


@YASGUI
def test_browser_results_show_literals_plainly_and_link_our_iris(page, main):
    pg, _, outside, errors = page
    _open_ui(pg, main.base)
    _run(pg, QUERY)
    rows = pg.locator(".tabPanel.active .yasr table tbody tr")
    first = rows.first.locator("td")
    text = [t.strip() for t in first.all_inner_texts()]
    assert text[0] == "1"
    assert text[1] == "id:country/BLZ" and text[2] == "BLZ"
    assert re.fullmatch(r"\d+", text[3]), text  # no quotes, no ^^<...#integer>
    assert "^^" not in rows.first.inner_text() and "XMLSchema" not in rows.first.inner_text()
    assert first.nth(3).locator("span").get_attribute("title") == "xsd:integer"
    assert first.nth(1).locator("a").get_attribute("href") == "/id/country/BLZ"
    # the row number has room of its own
    gap = pg.evaluate("""() => {
        const tds = document.querySelectorAll('.tabPanel.active .yasr table tbody tr:first-child td');
        const text = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
        return text(tds[1]).left - text(tds[0]).right; }""")
    assert gap >= 8, gap  # pixels between the number's text and the first value's text
    first.nth(1).locator("a").click()
    pg.wait_for_url(re.compile(r"/id/country/BLZ$"))
    assert "Belize" in pg.locator("h1").inner_text()
    assert outside == [] and errors == []
