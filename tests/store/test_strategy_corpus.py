"""All national strategies of ../shared/corpus/national-strategies build: no crash, the graph
conforms, two copies of one document are one document with two sources, and every document whose
country or title cannot be read is a finding, not a guess.  Skips without the corpus, except under
CI=true, where it fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cyberkg.store import build as B
from cyberkg.store.queries import catalogue, rows, run

from ..conftest import ROOT

STRATEGIES = Path(os.environ.get("CYBERKG_STRATEGIES", ROOT.parent / "shared" / "corpus" / "national-strategies"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not STRATEGIES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"strategies corpus not found at {STRATEGIES}: CI must have ../shared")
        pytest.skip(f"third-party strategies corpus not found at {STRATEGIES} (set CYBERKG_STRATEGIES); not shipped")
    store = tmp_path_factory.mktemp("strategies") / "store"
    report = B.build([STRATEGIES, ROOT / "data", ROOT / "tests" / "data"], store)
    return report, B.open_store(store)


def test_every_strategy_builds_without_error_and_the_graph_conforms(built):
    report, store = built
    files = sorted(p.name for p in STRATEGIES.glob("*.txt"))
    assert report.errors == [] and report.conforms
    strategies = [d for d in report.documents if d.kind == "strategy"]
    read = sorted([d.path.name for d in strategies] + [p.name for d in strategies for p, _s, _e in d.result.copies])
    assert read == sorted(files + ["strategy-ruritania-2016.txt"])
    conforms, _ = B.validate_store(store)
    assert conforms


def test_byte_identical_copies_are_one_document_with_two_sources(built):
    report, store = built
    by_text: dict[str, list[str]] = {}
    for p in STRATEGIES.glob("*.txt"):
        by_text.setdefault(p.read_bytes().hex()[:0] + __import__("hashlib").sha256(p.read_bytes()).hexdigest(), []).append(p.name)
    pairs = [sorted(v) for v in by_text.values() if len(v) > 1]
    assert pairs, "the corpus has byte-identical copies (its README says so)"
    docs = {d.path.name: d for d in report.documents}
    for first, *others in pairs:
        assert first in docs and sorted(p.name for p, _s, _e in docs[first].result.copies) == others
        q = f"""PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
        SELECT (COUNT(DISTINCT ?src) AS ?n) WHERE {{ ?d a ckg:NationalStrategyDocument ; ckg:fileName "{first}" ; ckg:sourceFile ?src }}"""
        assert int(next(iter(store.query(q, use_default_graph_as_union=True)))["n"].value) == 1 + len(others)


def test_documents_without_a_country_or_title_are_findings_not_guesses(built):
    report, _ = built
    for d in report.documents:
        if d.kind != "strategy":
            continue
        s = d.result
        kinds = {f.kind for f in s.findings}
        if s.title is None:
            assert kinds & {"no-title", "unreadable-text", "no-body-text", "not-a-strategy"}, d.path.name
        if s.country is None:
            assert kinds & {"no-country", "unreadable-text"}, d.path.name
        assert s.status in ("final", "draft", "unknown") and s.kind and s.scope


def test_canned_strategy_queries_answer_on_the_corpus(built):
    _, store = built
    qs = catalogue()
    header, data = rows(run(store, qs["strategies"].text, {}, qs["strategies"].params))
    assert header == ["iso3", "title", "year", "period", "issuer", "language", "status", "document"]
    assert len(data) == len(list(STRATEGIES.glob("*.txt"))) + 1 - 1  # the two Singapore copies are one row
    for name in ("strategy-mentions", "strategy-topics", "strategy-findings"):
        _h, d = rows(run(store, qs[name].text, {}, qs[name].params))
        assert d, name
