"""Small functions of graph/ whose mistakes the end-to-end tests would not see (found by
bench/mutation.py: each test here kills mutants that survived the rest of the suite)."""

from __future__ import annotations

import pytest

from cyberkg.graph import vocab
from cyberkg.graph.profile import provision_parts
from cyberkg.graph.resolve import _is_acronym


@pytest.mark.parametrize("text, parts", [
    ("Article 225 and 476", ["Article 225", "Article 476"]),
    ("Sections 3, 4 & 5", ["Section 3", "Section 4", "Section 5"]),
    ("Art. 12", ["Article 12"]), ("Sec. 4(a)", ["Section 4(a)"]), ("chapters 2 and 3", ["Chapter 2", "Chapter 3"]),
    ("Articles ,", ["Articles ,"]),            # a kind with no numbers stays whole
    ("Article 5 [x]", ["Article 5 [x]"]),      # an unknown number shape stays whole
    ("Article 5 and [x]", ["Article 5 and [x]"]),
    ("Schedule 2", ["Schedule 2"]), ("  Article 7  ", ["Article 7"]),
])
def test_provision_parts(text, parts):
    assert provision_parts(text) == parts


@pytest.mark.parametrize("name, yes", [("BPD", True), ("MoIC", True), ("XY", True), ("Mo", False),
                                       ("Ministry", False), ("B P D", False), (" BPD ", True)])
def test_is_acronym_needs_two_capitals_and_no_space(name, yes):
    assert _is_acronym(name) is yes


def test_compact_uses_the_longest_matching_namespace(monkeypatch):
    ckg = vocab.PREFIXES["ckg"]
    assert vocab.compact(ckg + "Country") == "ckg:Country"
    assert vocab.compact("http://example.org/x") == "http://example.org/x"
    assert vocab.compact(ckg) == ckg  # the namespace itself has no local name
    monkeypatch.setattr(vocab, "PREFIXES", {"a": "http://e.org/", "ab": "http://e.org/b/", "z": "http://e.org/b"})
    assert vocab.compact("http://e.org/b/c") == "ab:c"
    assert vocab.compact("http://e.org/c") == "a:c"


def test_contact_points_are_numbered_from_one_in_document_order():
    from cyberkg.store import build as B

    from ..conftest import SEED_PROFILES

    numbered = []
    for path in SEED_PROFILES:
        doc = B.parse_document(path)
        contacts = sorted({str(q.subject.value) for q in B.quads([doc])
                           if q.predicate.value.endswith("22-rdf-syntax-ns#type") and q.object.value == "https://schema.org/ContactPoint"})
        if contacts:
            numbered.append([c.rsplit("/", 1)[1] for c in contacts])
    assert numbered and all(ns == [str(i) for i in range(1, len(ns) + 1)] for ns in numbered), numbered
