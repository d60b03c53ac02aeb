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


def test_an_instrument_cited_with_articles_gets_one_subdivision_per_article():
    """Bhutan's profile, 2.1: '-The Criminal Code (Article 225 and 476)': the citation cites two
    articles, each an ELI subdivision of the code labelled with the code's title as printed."""
    from cyberkg.store import build as B

    from ..conftest import DATA

    code = "https://w3id.org/cyberkg/id/instrument/BTN/criminal-code"
    quads = list(B.quads([B.parse_document(DATA / "profile-bhutan.txt")]))
    cited = {q.object.value for q in quads if q.predicate.value.endswith("#citesProvision") and q.object.value.startswith(code + "/")}
    assert cited == {code + "/article-225", code + "/article-476"}
    for sub in cited:
        about = {(q.predicate.value.rsplit("#", 1)[1], q.object.value) for q in quads if q.subject.value == sub}
        assert ("is_part_of", code) in about and ("type", "http://data.europa.eu/eli/ontology#LegalResourceSubdivision") in about
        assert ("label", "The Criminal Code, Article " + sub.rsplit("-", 1)[1]) in about


def test_a_two_letter_agency_name_is_not_searched_for_in_statements():
    """'IT' or 'EU' as an agency's whole name would match ordinary words of every statement; three
    capitals ('BPD') are specific enough."""
    from cyberkg.graph.resolve import _agency_pattern

    assert _agency_pattern("IT", None) is None
    assert _agency_pattern("BPD", None).search("The BPD's IT Unit undertakes training")
    assert _agency_pattern("NCSC", None).search("incidents are reported to the NCSC.")
    assert _agency_pattern("IT", "ITU") is not None  # a longer acronym printed with it is still searched


def test_indicator_statements_carry_the_line_of_their_section_heading():
    """Bhutan's profile prints '1.2.1 CIRT' on line 37 and '1.3.3 RESPONSIBLE AGENCY' on line 59."""
    from cyberkg.store import build as B

    from ..conftest import DATA

    quads = list(B.quads([B.parse_document(DATA / "profile-bhutan.txt")]))
    line_of = {q.subject.value.rsplit("/", 1)[1]: q.object.value for q in quads
               if q.predicate.value.endswith("#sourceLine") and "/statement/" in q.subject.value}
    assert line_of["1.2.1"] == "37" and line_of["1.3.3"] == "59" and len(line_of) == 21


def test_assessments_are_keyed_by_their_start_date_or_numbered_from_one_when_undated():
    from pathlib import Path

    from cyberkg.graph.profile import doc_key, profile_quads
    from cyberkg.sources.profile import parse_file, parse_text
    from cyberkg.sources.text import SourceText

    from ..conftest import DATA

    def assessments(p):
        return sorted({q.subject.value.split("/assessment/", 1)[1] for q in profile_quads(p) if "/assessment/" in q.subject.value})

    # Bhutan, line 39: "ITU completed a CIRT readiness assessment for Bhutan at Maldives in August 2010."
    assert assessments(parse_file(DATA / "profile-bhutan.txt")) == ["BTN/2010-08"]
    body = ("CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: 3 500 000\n1.2.1 CIRT\n"
            "ITU conducted a CIRT readiness assessment for Moldova.\nLast updated on 12th August 2014\n")
    p = parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))
    assert assessments(p) == [f"MDA/undated-{doc_key('t.txt', '0' * 64)}-1"]


def test_an_observation_is_keyed_by_country_period_and_figure():
    """Belize: 'Total Population: 324 000' (UN Statistics Division, December 2012), 'Internet users ...:
    31.70%' (ITU Statistics, December 2013); a figure without a data-source date is 'undated'."""
    from cyberkg.graph.profile import profile_quads
    from cyberkg.sources.profile import parse_file

    from ..conftest import DATA

    def observations(p):
        return sorted({q.subject.value.split("/observation/", 1)[1] for q in profile_quads(p)
                       if "/observation/" in q.subject.value and q.object.value.endswith("cube#Observation")})

    p = parse_file(DATA / "profile-belize.txt")
    assert observations(p) == ["internet-users/BLZ/2013-12/31-70", "population/BLZ/2012-12/324000"]
    p.population.period = None
    assert observations(p) == ["internet-users/BLZ/2013-12/31-70", "population/BLZ/undated/324000"]


def test_every_finding_of_a_profile_is_a_source_anomaly_linked_from_its_statement():
    from pathlib import Path

    from cyberkg.graph.profile import profile_quads
    from cyberkg.sources.profile import parse_text
    from cyberkg.sources.text import SourceText

    # an implausible population (a BACKGROUND finding) and an assessment dated after the update (a 1.2.1 finding)
    body = ("CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: 75 000 000\n1.2.1 CIRT\n"
            "ITU conducted a CIRT readiness assessment for Moldova in March 2016.\nLast updated on 12th August 2014\n")
    p = parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))
    quads = list(profile_quads(p))
    anomalies = {q.subject.value for q in quads if q.object.value.endswith("#SourceAnomaly")}
    assert len(anomalies) == len(p.findings)
    kind_of = {q.subject.value: q.object.value for q in quads if q.subject.value in anomalies and q.predicate.value.endswith("#findingKind")}
    assert {"implausible-value", "date-order"} <= set(kind_of.values())
    linked = {q.object.value for q in quads if q.predicate.value.endswith("#hasFinding") and q.subject.value.endswith("/1.2.1")}
    assert [kind_of[f] for f in linked] == ["date-order"]


def test_an_instrument_s_year_is_read_from_its_title_when_not_given():
    from pathlib import Path

    from cyberkg.graph import resolve
    from cyberkg.sources.profile import parse_text
    from cyberkg.sources.text import SourceText
    from cyberkg.store.build import Document

    body = ("CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: 3 500 000\n1.1.1 CRIMINAL LEGISLATION\n"
            "Specific legislation on cybercrime has been enacted through the following instrument:\n"
            "- Law on Preventing and Combating Cybercrime, 2009\n- The Criminal Code\nLast updated on 12th August 2014\n")
    p = parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))
    years = {e.label: e.year for e in resolve.collect([Document(Path("t.txt"), "profile", p)]).values() if e.kind == "instrument"}
    assert years == {"Law on Preventing and Combating Cybercrime, 2009": "2009", "The Criminal Code": None}


def test_a_sectoral_cirt_carries_its_sector_and_a_national_one_none():
    from pathlib import Path

    from cyberkg.graph.profile import profile_quads
    from cyberkg.sources.profile import parse_text
    from cyberkg.sources.text import SourceText

    body = ("CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: 3 500 000\n1.2.1 CIRT\n"
            "Moldova has an officially recognized national CIRT (CERT-MD) and the following sectoral CIRTs:\n"
            "-FinCERT (banking sector)\nLast updated on 12th August 2014\n")
    p = parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))
    quads = list(profile_quads(p))
    sector = {q.subject.value.rsplit("/", 1)[1]: q.object.value for q in quads if q.predicate.value.endswith("#cirtSector")}
    assert sector == {"fincert": "financial"}  # CERT-MD, national, has none
    assert any(q.subject.value.endswith("/cirt/MDA/cert-md") for q in quads)


def test_a_convention_action_carries_the_sentence_it_was_read_from_and_an_unreported_one_none():
    from pathlib import Path

    from cyberkg.graph.profile import profile_quads
    from cyberkg.sources.profile import parse_text
    from cyberkg.sources.text import SourceText

    sentence = "Bhutan has ratified the Convention on the Rights of the Child."
    body = ("CYBERWELLNESS PROFILE\nBHUTAN\nBACKGROUND\nTotal Population: 750 000\n2.2 UN CONVENTION AND PROTOCOL\n"
            + sentence + "\nLast updated on 12th August 2014\n")
    quads = list(profile_quads(parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))))
    actions = {q.subject.value.rsplit("/", 1)[1] for q in quads
               if q.predicate.value.endswith("#type") and q.object.value.endswith("#ConventionAction")}
    assert actions == {"CRC", "OPSC"}  # OPSC: not reported, action unknown, no text
    text = {q.subject.value.rsplit("/", 1)[1]: q.object.value for q in quads
            if q.predicate.value.endswith("#statementText") and "/convention-action/" in q.subject.value}
    assert text == {"CRC": sentence}
