"""Every phrase rule (etl/cyberkg/sources/rules/) decides its own example, through the whole table it
belongs to (so a rule earlier in the order cannot silently take its example)."""

from __future__ import annotations

import pytest

from cyberkg.sources.profile import classify
from cyberkg.sources.rules import actions, cirts, first, programmes, status, title_page

STATUS = [r for r in status.CLAUSE_RULES]


@pytest.mark.parametrize("rule", STATUS, ids=[r.id for r in STATUS])
def test_status_rule_decides_its_example(rule):
    assert first(status.CLAUSE_RULES, rule.example) is rule
    got = classify(rule.example)
    assert got is not None and got[0] == rule.value


@pytest.mark.parametrize("rule", actions.ACTIONS, ids=[r.id for r in actions.ACTIONS])
def test_action_rule_decides_its_example(rule):
    assert first(actions.ACTIONS, rule.example) is rule


@pytest.mark.parametrize("rule", actions.INSTRUMENTS, ids=[r.id for r in actions.INSTRUMENTS])
def test_instrument_rule_decides_its_example(rule):
    assert first(actions.INSTRUMENTS, rule.example) is rule


@pytest.mark.parametrize("table,rule", [(t, r) for t in (cirts.ROLES, cirts.SECTORS, cirts.STATES) for r in t],
                         ids=[r.id for t in (cirts.ROLES, cirts.SECTORS, cirts.STATES) for r in t])
def test_cirt_rule_decides_its_example(table, rule):
    assert first(table, rule.example) is rule


@pytest.mark.parametrize("rule", [status.EVENT_SENTENCE, status.SAME_SUBJECT, status.CONTRAST], ids=lambda r: r.id)
def test_helper_rules_match_their_example(rule):
    assert rule.search(rule.example)


def test_rule_ids_are_unique():
    for table in (status.CLAUSE_RULES, actions.ACTIONS, cirts.ROLES, cirts.SECTORS, cirts.STATES):
        ids = [r.id for r in table]
        assert len(ids) == len(set(ids))


# The combinations: the section decides, and the rule says which clauses made it.
@pytest.mark.parametrize("text,want,rule_prefix", [
    ("X does not currently have any officially recognized national strategy but there is a work in progress.", "partial", "partial:negative-qualified(no:"),
    ("X does not have any officially recognized national programme. However, several sector initiatives train teachers.", "partial", "partial:negative-qualified(no:"),
    ("There is no official agency for child online protection. There is a foundation that runs a helpline.", "partial", "partial:negative-qualified(no:"),
    ("X has specific regulations and compliance requirements pertaining to cybersecurity.", "yes", "yes:"),
    ("The XX-CERT is up and running since May 2012, providing basic services.", "yes", "yes:"),
    ("X has officially recognized a national framework which is under development.", "partial", "partial:in-progress"),
    ("The Agency is the officially recognized agency responsible for the strategy. However it is at a formative stage.", "partial", "partial:affirmative-qualified(yes:"),
    ("A National Digital Strategy has been adopted. There is presently no national cybersecurity strategy.", "partial", "partial:affirmative-qualified(yes:"),
    ("X does not have a recognized body for certifying professionals. There is no record showing the number of certified professionals.", "unknown", "unknown:negative-without-record("),
    ("X does not have an officially recognized national CIRT.", "no", "no:does-not-have"),
    ("The Ministry is the officially recognized agency responsible. However there is a committee working on a strategy.", "yes", "yes:"),
])
def test_whole_section_decides_and_the_rule_says_how(text, want, rule_prefix):
    st, rule = classify(text)
    assert (st, rule[: len(rule_prefix)]) == (want, rule_prefix)


def test_another_countrys_cert_does_not_qualify_a_negative():
    text = "X does not have any officially recognized public sector partnership. However BD CERT organizes events with industry."
    assert classify(text, "1.5.3", "KN") == ("no", "no:does-not-have")


def test_an_itu_programme_held_in_the_country_does_not_qualify_its_cirt_status():
    text = ("X does not have an officially recognized national CIRT. However ITU conducted the Enhancing Cybersecurity "
            "for Least Developed Countries Program in X in 2013.")
    assert classify(text, "1.2.1")[0] == "no"


@pytest.mark.parametrize("alias", programmes.ALIASES, ids=[a.id for a in programmes.ALIASES])
def test_programme_alias_keys_its_example(alias):
    from cyberkg.sources.profile import programme_key
    assert programme_key(alias.example) == alias.key


@pytest.mark.parametrize("printed,key", [
    ("Support for Harmonization of the ICT Policies in Sub-Sahara Africa (HIPSSA)", "hipssa"),  # name (ACR): the acronym
    ("International Cyber Shield Exercise 2014 (ICSE 2014)", "icse"),  # an edition keys its series
    ("ALERT- 2013", "alert"),
    ("The Meridian process", "meridian"),
    ("Inter-American Committee contra el Terrorismo (CICTE)", "cicte-oas"),
    ("Forum of the Council of Europe", "forum-of-the-council-of-europe"),  # no acronym: the name itself
])
def test_programme_reading_rules(printed, key):
    from cyberkg.sources.profile import programme_key
    assert programme_key(printed) == key


def test_programme_alias_ids_and_forms_are_unique():
    ids = [a.id for a in programmes.ALIASES]
    forms = [f for a in programmes.ALIASES for f in a.forms]
    assert len(ids) == len(set(ids)) and len(forms) == len(set(forms))


TITLE_PAGE_TABLES = (title_page.NOT_ISSUER, title_page.IMPRINT)
TITLE_PAGE_SINGLE = (title_page.ADOPTING_ACT, title_page.STATEMENT, title_page.CONTRIBUTORS, title_page.SALUTATION,
                     title_page.ADOPTS_SUMMARY, title_page.SERIES, title_page.VERSION_TABLE)


@pytest.mark.parametrize("table,rule", [(t, r) for t in TITLE_PAGE_TABLES for r in t], ids=[r.id for t in TITLE_PAGE_TABLES for r in t])
def test_title_page_rule_decides_its_example(table, rule):
    assert first(table, rule.example) is rule


@pytest.mark.parametrize("rule", TITLE_PAGE_SINGLE, ids=lambda r: r.id)
def test_title_page_single_rule_matches_its_example(rule):
    assert rule.search(rule.example)
