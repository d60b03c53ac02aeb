"""The entity page of a national strategy lists its sections, mentions and the indicators it
addresses with their passages; the matrix marks countries with a strategy and links to it."""

from __future__ import annotations

import re

import pytest

from cyberkg.graph.profile import doc_key
from cyberkg.store import build as B
from cyberkg.web import pages, views

from ..conftest import DATA
from ..store.test_strategy_shapes import BHUTAN_STRATEGY

ID = "https://w3id.org/cyberkg/id/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("strategy-pages")
    src = tmp / "in"
    src.mkdir()
    for f in DATA.iterdir():
        (src / f.name).write_bytes(f.read_bytes())
    (src / "strategy-bhutan-synthetic.txt").write_text(BHUTAN_STRATEGY, encoding="utf-8")
    report = B.build([src], tmp / "store")
    doc = next(d for d in report.documents if d.path.name == "strategy-bhutan-synthetic.txt").result
    return B.open_store(tmp / "store"), ID + "doc/" + doc_key(str(doc.path), doc.sha256)


def test_strategy_entity_page_lists_sections_mentions_and_topics(built):
    from pyoxigraph import NamedNode

    store, iri = built
    node = NamedNode(iri)
    html = pages.entity_page(store, node, list(store.quads_for_pattern(node, None, None, None)),
                             list(store.quads_for_pattern(None, None, node, None)), None).decode()
    assert "<h2>Sections</h2>" in html and "1 Purpose" in html and "2 Incident Response" in html
    assert "<h2>Mentions</h2>" in html and "BtCIRT" in html and "Ministry of Information and Communications" in html
    assert "<h2>Indicators addressed</h2>" in html
    assert "is responsible for coordinating the" in html and "security-awareness" in html


def test_other_entity_pages_have_no_strategy_sections(built):
    from pyoxigraph import NamedNode

    store, _ = built
    node = NamedNode(ID + "country/BTN")
    html = pages.entity_page(store, node, list(store.quads_for_pattern(node, None, None, None)), [], None).decode()
    assert "<h2>Sections</h2>" not in html


def test_matrix_marks_countries_with_a_strategy_and_links_to_it(built):
    store, iri = built
    html = views.matrix_page(store).decode()
    rows = re.findall(r'<tr data-iso3="(\w+)"[^>]*>(.*?)</tr>', html)
    marks = {iso3: re.search(r'data-strategy="(\w+)"', row).group(1) for iso3, row in rows}
    assert marks == {"BEL": "no", "BTN": "yes", "KHM": "no", "LSO": "no"} or (marks["BTN"] == "yes" and
                                                                            set(marks.values()) == {"yes", "no"})
    btn = next(row for iso3, row in rows if iso3 == "BTN")
    assert pages.local_href(iri) in btn
