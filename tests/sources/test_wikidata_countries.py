"""Every country's skos:exactMatch is the Wikidata item that carries its ISO 3166-1 code, as given by
the reference table ../shared/reference/wikidata-countries.tsv (sources in SOURCES.md beside it).
No exceptions list: every row of the table, and every country a build resolves, is checked."""

from __future__ import annotations

import csv

import pytest

from cyberkg.sources import countries

from ..conftest import CORPUS, DATA, ROOT, needs_corpus

REFERENCE = ROOT.parent / "shared" / "reference" / "wikidata-countries.tsv"
needs_reference = pytest.mark.skipif(not REFERENCE.is_file(), reason=f"no reference table at {REFERENCE}")
WD = "http://www.wikidata.org/entity/"


def reference() -> dict[str, tuple[str, str]]:
    with open(REFERENCE, newline="", encoding="utf-8") as f:
        return {r["iso_alpha3"]: (r["iso_alpha2"], r["wikidata_qid"]) for r in csv.DictReader(f, delimiter="\t")}


@needs_reference
def test_every_iso_code_resolves_to_the_reference_item():
    wrong = {}
    for alpha3, (alpha2, qid) in reference().items():
        c = countries.by_alpha2(alpha2)
        if c is None or c.qid != qid or c.alpha3 != alpha3:
            wrong[alpha3] = (qid, None if c is None else c.qid)
    assert not wrong, wrong


def _resolved(store) -> dict[str, set[str]]:
    q = """SELECT ?a3 ?m WHERE { ?c a <https://w3id.org/cyberkg/ontology#Country> ;
             <https://w3id.org/cyberkg/ontology#iso3166Alpha3> ?a3 ;
             <http://www.w3.org/2004/02/skos/core#exactMatch> ?m }"""
    out: dict[str, set[str]] = {}
    for r in store.query(q, use_default_graph_as_union=True):
        out.setdefault(r["a3"].value, set()).add(r["m"].value)
    return out


@needs_reference
def test_bundled_countries_match_the_reference(bundled_store):
    ref = reference()
    got = _resolved(bundled_store)
    assert got and all(m == {WD + ref[a3][1]} for a3, m in got.items()), got


@needs_reference
@needs_corpus
def test_corpus_countries_match_the_reference(tmp_path):
    from cyberkg.store import build as B

    assert B.build([DATA, CORPUS], tmp_path / "s").conforms
    ref = reference()
    got = _resolved(B.open_store(tmp_path / "s"))
    assert len(got) > 150
    wrong = {a3: (sorted(m), ref.get(a3)) for a3, m in got.items() if m != {WD + ref[a3][1]}}
    assert not wrong, wrong


def test_denmark_is_the_iso_item_and_the_realm_a_broad_match():
    dk = countries.by_alpha2("DK")
    assert dk.qid == "Q35" and dk.realm_qid == "Q756617"
