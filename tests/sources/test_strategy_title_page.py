"""Title page, colophon, issuer, year and country of the strategy reader on small synthetic title
pages (written for these tests in the layout of such documents, not copied from any), one per kind
of miss the gold evaluation showed (tests/expected/strategies/known-misses.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberkg.sources import strategy as S
from cyberkg.sources.rules import first
from cyberkg.sources.rules import title_page as R
from cyberkg.sources.text import SourceText


def parse(text: str) -> S.Strategy:
    return S.parse_text(SourceText(Path("doc.txt"), "0" * 64, "utf-8", text))


BODY = ("The Government will protect the networks of the country and the services that depend on them. "
        "Operators of essential services will report incidents and apply the measures of this plan. ") * 12


# --- title ---------------------------------------------------------------------------------------------

def test_a_title_split_over_lines_wins_over_a_later_prose_line_naming_the_strategy():
    s = parse("KingdomofRuritania\n\nNationalCyberSecurity\nStrategy\nofRuritania(NCSR)\n\n\n"
              "About National Cyber Security Strategy of Ruritania (NCSR):\n\n" + BODY)
    assert s.title == "NationalCyberSecurity Strategy ofRuritania(NCSR)" and s.title_line == 3


def test_a_state_header_above_the_title_is_not_part_of_it_and_a_repeated_line_is_dropped():
    s = parse("THE FEDERATED STATES OF RURITANIA\nNATIONAL ICT AND TELECOMMUNICATIONS\nTELECOMMUNICATIONS\nPOLICY\n\n"
              "May 2012\n\n" + BODY)
    assert s.title == "NATIONAL ICT AND TELECOMMUNICATIONS POLICY" and s.year == 2012


def test_an_upper_case_subtitle_continues_the_title_and_a_translated_title_line_does_not():
    s = parse("REPUBLIC OF RURITANIA\n\nCYBER SECURITY\nSTRATEGY\nBUILDING A SYSTEM FOR A HIGH LEVEL OF\nCYBER SECURITY\n\n"
              "Strategija kibernetske varnosti\n\n" + BODY)
    assert s.title == "CYBER SECURITY STRATEGY BUILDING A SYSTEM FOR A HIGH LEVEL OF CYBER SECURITY"


# --- issuer ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", R.NOT_ISSUER, ids=lambda r: r.id)
def test_not_issuer_rules_decide_their_example(rule):
    assert first(R.NOT_ISSUER, rule.example) is rule


def test_a_notice_label_is_not_the_issuer_the_department_under_it_is():
    s = parse("GOVERNMENT NOTICE\nDEPARTMENT OF POSTS\nNational Cyber Security Policy\n\n" + BODY)
    assert s.issuer == "DEPARTMENT OF POSTS"


def test_an_acknowledgement_heading_is_not_the_issuer():
    s = parse("NATIONAL CYBER SECURITY POLICY\n\nACKNOWLEDGEMENT FROM THE SECRETARY OF THE DEPARTMENT OF POSTS\n\n" + BODY)
    assert s.issuer is None


def test_an_emblem_caption_and_an_enumeration_in_prose_are_not_issuers():
    s = parse("Ruritanian Government Crest\nNational Cyber Security Strategy\n\n"
              'Security Service ("Sluzba"), the Institute for Special\n\n' + BODY)
    assert s.issuer is None


def test_a_name_broken_over_two_lines_is_joined_in_the_colophon():
    s = parse("Cyber Security Strategy\nfor Ruritania\n\n" + BODY + "\n\f\nPublished by:\nThe Ministry of Local Affairs, Reform and\n"
              "Church Affairs\nTel.: +00 22 24 20 00\n")
    assert s.issuer == "The Ministry of Local Affairs, Reform and Church Affairs"


def test_the_imprint_gives_issuer_and_edition_year_even_after_an_imprint_heading():
    s = parse("Cyber Security Strategy\nfor Ruritania\n\n" + BODY + "\n\f\nImprint\nPublished by:\nFederal Ministry of Posts\n"
              "Main Street 1\nEdited by:\nUnit IT 3\nEdition:\nMarch 2011\n")
    assert (s.issuer, s.year) == ("Federal Ministry of Posts", 2011)


def test_imprint_labels_decide_their_examples():
    for rule in R.IMPRINT:
        assert first(R.IMPRINT, rule.example) is rule


def test_a_letterhead_before_a_salutation_is_the_issuer():
    s = parse("THE NATIONAL STRATEGY TO SECURE CYBERSPACE\n\nTHE PRESIDENTIAL OFFICE\nCAPITAL CITY\nMy Fellow Citizens:\n" + BODY)
    assert s.issuer == "THE PRESIDENTIAL OFFICE"
    assert R.SALUTATION.search(R.SALUTATION.example)


def test_the_statement_that_the_body_developed_the_text_names_the_issuer():
    assert R.STATEMENT.search(R.STATEMENT.example).group("body") == "Government of Ruritania"
    s = parse("NATIONAL ICT POLICY\n\n1. INTRODUCTION\nThe National Information Technology Policy has been\n"
              "developed by Government of Ruritania to give direction on ICT development.\n\n" + BODY)
    assert s.issuer == "Government of Ruritania"


def test_the_adopting_act_names_the_adopting_body():
    assert R.ADOPTING_ACT.search(R.ADOPTING_ACT.example).group("body") == "Government"
    s = parse("Annex 1 to Government Decision No. 12/2013 (3 May)\nNational Cyber Security Strategy of Ruritania\n\n" + BODY)
    assert s.issuer == "Government"


def test_contributors_are_not_issuers_and_the_state_on_the_cover_is_used_when_no_body_is_printed():
    assert R.CONTRIBUTORS.search(R.CONTRIBUTORS.example)
    s = parse("REPUBLIC OF SLOVENIA\n\nCYBER SECURITY\nSTRATEGY\n\nDocument Info\nParticipants in\ndocument preparation:\n"
              "Agency for Networks of the Republic of Slovenia\nMinistry of Defence\n\n" + BODY)
    assert s.issuer == "REPUBLIC OF SLOVENIA"
