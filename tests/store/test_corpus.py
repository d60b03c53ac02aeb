"""The whole available series: every corpus profile parses, maps and passes the SHACL gate."""

from __future__ import annotations

from collections import Counter

import pytest

from cyberkg.store import build as B
from cyberkg.sources.profile import parse_file
from cyberkg.sources.scheme import INDICATORS

from ..conftest import CORPUS, DATA, corpus_files, needs_corpus


@needs_corpus
def test_all_corpus_profiles_parse_without_crash():
    files = corpus_files()
    assert len(files) >= 154
    countries = Counter()
    for f in files:
        p = parse_file(f)
        assert set(p.statements) == set(INDICATORS), f
        countries[p.country.alpha3] += 1
    # Two conversions of St Kitts and Nevis are in the corpus: one country, two documents.
    assert countries["KNA"] == 2
    assert len(countries) == len(files) - 1


@needs_corpus
def test_corpus_and_bundled_data_build_and_conform(tmp_path):
    report = B.build([CORPUS, DATA], tmp_path / "store")
    assert report.conforms
    assert len(report.documents) == len(corpus_files()) + len(list(DATA.glob("*.txt")))


@needs_corpus
@pytest.mark.parametrize("seed,corpus", [("profile-bhutan.txt", "Bhutan.txt"), ("profile-cambodia.txt", "Cambodia.txt"),
                                         ("profile-belize.txt", "Belize.txt"), ("profile-lesotho.txt", "Lesotho.txt")])
def test_seed_and_corpus_conversions_yield_the_same_facts(seed, corpus):
    a, b = parse_file(DATA / seed), parse_file(CORPUS / corpus)
    assert a.country == b.country
    assert (a.population.value, a.internet.value, a.updated) == (b.population.value, b.internet.value, b.updated)
    assert {c: s.status for c, s in a.statements.items()} == {c: s.status for c, s in b.statements.items()}
    assert sorted((i.section, i.title, i.provisions) for i in a.instruments) == sorted((i.section, i.title, i.provisions) for i in b.instruments)
    assert [(x.start, x.end, x.location, x.assessor) for x in a.assessments] == [(x.start, x.end, x.location, x.assessor) for x in b.assessments]
    assert {(c.name, c.national) for c in a.cirts} == {(c.name, c.national) for c in b.cirts}
    assert {(x.name, x.parent) for x in a.agencies} == {(x.name, x.parent) for x in b.agencies}
    assert [(c.convention, c.action) for c in a.conventions] == [(c.convention, c.action) for c in b.conventions]
    assert {p.key for p in a.programmes} == {p.key for p in b.programmes}


@needs_corpus
def test_encodings_are_detected_not_guessed():
    from cyberkg.sources.text import read_source

    assert read_source(CORPUS / "Sweden.txt").encoding == "gbk"
    assert read_source(CORPUS / "Mauritius.txt").encoding == "cp1252"
    assert read_source(CORPUS / "Albania.txt").encoding == "utf-8-sig"
    assert "’" in read_source(CORPUS / "Sweden.txt").text
