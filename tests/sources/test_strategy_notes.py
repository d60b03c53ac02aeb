"""Footnotes and back-matter labels in the strategy reader, on synthetic pages written for these
tests in the layout PDF-to-text converters leave (not copied from any document).  The kinds were
found on strategies no rule had been written for (round 12 of
tests/expected/strategies/topic-precision): a footnote read as a heading, or as a passage of the
text ('1 CERT was once an acronym for ...'), and a glossary under an unrecognised label."""

from __future__ import annotations

from pathlib import Path

from cyberkg.sources import strategy as S
from cyberkg.sources.text import SourceText

COVER = "NATIONAL CYBER SECURITY STRATEGY OF RURITANIA\n\nMay 2015\n\f"
PROSE = ("The Government will protect the networks of the state and of the operators of essential services. "
         "Operators will report serious incidents and apply the measures of this strategy in every sector.\n")


def parse(text: str) -> S.Strategy:
    return S.parse_text(SourceText(Path("doc.txt"), "0" * 64, "utf-8", text))


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n\f"


PAGE_WITH_NOTE = page(
    "1 INTRODUCTION", "",
    "It is proposed that a national CERT1 be established to handle the incidents of the state and of operators.",
    "The team will coordinate the response to incidents and publish warnings for the public sector.", "",
    PROSE * 3,
    "1 CERT is a registered name of a university; it was once short for computer emergency response team.",
    "Teams of many countries use the name under licence.")


def test_a_footnote_is_not_a_heading():
    s = parse(COVER + PAGE_WITH_NOTE + page("2 INCIDENT RESPONSE", "", PROSE * 4))
    assert [h.label for h in s.headings] == ["1 INTRODUCTION", "2 INCIDENT RESPONSE"]


def test_a_footnote_gives_no_passage_but_its_names_are_mentions():
    s = parse(COVER + PAGE_WITH_NOTE + page("2 INCIDENT RESPONSE", "", PROSE * 4))
    assert any("national CERT" in t.text and "be established" in t.text for t in s.topics)
    assert not any("registered name" in t.text for t in s.topics)
    notes = S._footnote_lines([ln for ln in S._physical(COVER + PAGE_WITH_NOTE) if ln.text])
    assert {ln.text[:12] for ln in S._physical(COVER + PAGE_WITH_NOTE) if ln.n in notes} == {"1 CERT is a ", "Teams of man"}


def test_a_sentence_interrupted_by_the_notes_at_the_foot_of_a_page_runs_on_over_them():
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3,
                        "A national computer emergency response team2 will be set up in the second year and it",
                        "", "2 See the report of the ministry on incidents, 2014.") \
        + page("will coordinate the handling of incidents for all the ministries and agencies of the state.", "", PROSE * 3)
    s = parse(text)
    assert any(t.text.startswith("A national computer emergency response team") and t.text.endswith("agencies of the state.")
               for t in s.topics)


def test_a_numbered_item_at_the_foot_of_a_page_is_no_footnote():
    # The number was cited above ('Annex 1' is no reference, 'Goal1' is), but the line is a heading-like item.
    text = COVER + page("1 INTRODUCTION", "", "The strategy has one goal1 and many actions.", PROSE * 3,
                        "1 Better coordination and common situational awareness") + page(PROSE * 3)
    lines = [ln for ln in S._physical(text) if ln.text]
    assert S._footnote_lines(lines) == set()


def test_a_numbered_line_that_no_text_cited_is_no_footnote():
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3, "2 The ministries will report every year on the measures taken.") + page(PROSE)
    assert S._footnote_lines([ln for ln in S._physical(text) if ln.text]) == set()


def test_a_glossary_label_alone_on_its_line_is_a_heading_and_its_entries_give_no_passages():
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3, "A national CERT will be set up to handle incidents in the public sector.") \
        + page("Acronyms", "CERT (Computer Emergency Response Team) Common name for a group of experts who handle security incidents in networks.",
               "CSIRT (Computer Security Incident Response Team) Another name for such a team, used in international practice.")
    s = parse(text)
    assert "Acronyms" in [h.label for h in s.headings]
    assert not any("Common name" in t.text or "Another name" in t.text for t in s.topics)
    assert any("will be set up" in t.text for t in s.topics)


# --- a fresh tester's cases ---------------------------------------------------------------------------

def test_an_item_of_a_numbered_list_is_no_footnote_though_a_version_number_precedes_it():
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3, "The Ministry will deploy IPv6 in all government networks.", "",
                        "The plan has these measures:", "",
                        "5 The regulator will publish standards for the security of government networks.",
                        "6 The national CERT will handle incidents in the networks of the state and of operators.") + page(PROSE)
    s = parse(text)
    assert any("national CERT will handle incidents" in t.text for t in s.topics)
    assert not S._footnote_lines([ln for ln in S._physical(text) if ln.text])


def test_the_reference_taken_off_is_the_one_that_cites_the_note():
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3,
                        "After the G20 summit Ruritania will accede to the Budapest Convention20 and amend its laws.", "",
                        "20 Council of Europe Convention on Cybercrime, ETS No. 185, Budapest, 23 November 2001.") + page(PROSE)
    s = parse(text)
    assert "After the G20 summit Ruritania will accede to the Budapest Convention and amend its laws." in [t.text for t in s.topics]


def test_a_back_matter_word_alone_inside_a_wrapped_sentence_is_no_heading():
    text = COVER + page("1. LEGAL FRAMEWORK", "", PROSE, "The Ministry of Justice will draft a law on computer crime with clear",
                        "definitions", "of the offences, and the national computer emergency response team will",
                        "report incidents to the police within one day of their detection.", "", PROSE)
    assert [h.label for h in parse(text).headings] == ["1 LEGAL FRAMEWORK"]


def test_notes_gathered_under_an_endnotes_label_are_notes_wherever_their_references_are():
    # (Far more than NOTE_REF_WINDOW lines after their references, with no year to tell them sources.)
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3, "Identity theft1 grew fast, the national CERT2 handled many cases",
                        "and the laws are being reviewed.3") \
        + page("2 PARTNERSHIPS", "", *(["The Government will work with the provinces to secure the systems on which",
                                        "citizens rely, and will help them to be safe online at home and at work."] * 50)) \
        + page("Endnotes", "1 Council of Europe, Convention on Cybercrime", "2 Ministry of the Interior, Annual Report on Incidents",
               "3 Ministry of Justice, Review of the Criminal Code")
    s = parse(text)
    assert [h.label for h in s.headings] == ["1 INTRODUCTION", "2 PARTNERSHIPS", "Endnotes"]


def test_a_numbered_source_far_from_its_reference_is_no_heading():
    text = COVER + page("1 INTRODUCTION", "", PROSE * 3) \
        + page(PROSE * 3, "5 McMaster University, Measuring Identity Theft in Canada: 2008 Consumer Survey")
    assert [h.label for h in parse(text).headings] == ["1 INTRODUCTION"]
