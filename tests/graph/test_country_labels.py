"""Country labels are the English short names a reader expects (issue 17): pycountry's (ISO
3166-1) common name, else its name, with ISO's inverted list forms in reading order; IRIs keep
the alpha-3 code."""

from __future__ import annotations

import pycountry
import pytest

from cyberkg.graph.vocab import CKG, RDFS
from cyberkg.sources import countries
from cyberkg.sources.profile import parse_file

from ..conftest import corpus_files, needs_corpus


def _reader_names(alpha3: str) -> set[str]:
    c = pycountry.countries.get(alpha_3=alpha3)
    names = {c.name, getattr(c, "common_name", c.name)}
    for n in list(names):  # "Palestine, State of" is read "State of Palestine"
        if ", " in n:
            head, tail = n.split(", ", 1)
            names.add(f"{tail.removeprefix('The ')} {head}")
    return names


def test_every_bundled_country_label_is_the_pycountry_short_name(bundled_store):
    seen = 0
    for q in bundled_store.quads_for_pattern(None, CKG.iso3166Alpha3, None, None):
        labels = {x.object.value for x in bundled_store.quads_for_pattern(q.subject, RDFS.label, None, None)}
        assert len(labels) == 1 and labels <= _reader_names(q.object.value), (q.object.value, labels)
        assert q.subject.value.endswith("/country/" + q.object.value)  # the IRI is still the code
        seen += 1
    assert seen


@needs_corpus
def test_every_corpus_country_label_is_the_pycountry_short_name():
    labels = {}
    for f in corpus_files():
        c = parse_file(f).country
        labels[c.alpha3] = c.name
    assert len(labels) >= 150
    wrong = {a3: n for a3, n in labels.items() if pycountry.countries.get(alpha_3=a3) and n not in _reader_names(a3)}
    assert wrong == {}
    # the names rigour displays and a reader would not expect
    assert labels.get("NRU", "Nauru") == "Nauru"
    assert labels.get("RUS", "Russian Federation") == "Russian Federation"


@pytest.mark.parametrize("alpha2,expected", [
    ("NR", "Nauru"), ("CD", "Democratic Republic of the Congo"), ("PS", "State of Palestine"),
    ("FM", "Federated States of Micronesia"), ("VG", "British Virgin Islands"), ("BO", "Bolivia"),
    ("KR", "South Korea"), ("BQ", "Bonaire, Sint Eustatius and Saba"), ("CV", "Cabo Verde"), ("XK", None)])
def test_english_short_name(alpha2, expected):
    assert countries.english_short_name(alpha2) == expected
