"""The national strategy reader (sources/strategy.py) on documents written for these tests (the
bundled fictional Ruritania strategy and small synthetic texts), its topic rules (each rule decides
its own example), and the IRI keys of names in other scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberkg.sources import strategy as S
from cyberkg.sources.rules import strategy_topics as T
from cyberkg.sources.scheme import INDICATORS
from cyberkg.sources.text import SourceText, norm_key, read_source

from ..conftest import ROOT

RURITANIA = ROOT / "tests" / "data" / "strategy-ruritania-2016.txt"


def parse(text: str, name: str = "doc.txt") -> S.Strategy:
    return S.parse_text(SourceText(Path(name), "0" * 64, "utf-8", text))


BODY = ("The Government will protect the networks of the country and the services that depend on them. "
        "Operators of essential services will report incidents and apply the measures of this strategy. ") * 12


# --- topic rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", T.RULES, ids=[r.name for r in T.RULES])
def test_every_topic_rule_picks_its_example_and_none_of_its_counters(rule):
    assert rule.picks(rule.example), rule.example
    assert (rule.indicator, rule.name) in S.topic_hits(rule.example)
    for c in rule.counter:
        assert not rule.picks(c), c
    assert any(k in rule.example.lower() for k in rule.keys), "the prefilter keys must cover the example"


@pytest.mark.parametrize("kind,indicator,heading,sentence", T.NEGATIVE_EXAMPLES, ids=[k for k, *_ in T.NEGATIVE_EXAMPLES])
def test_no_rule_picks_a_negative_example_for_its_topic(kind, indicator, heading, sentence):
    assert indicator not in {ind for ind, _ in S.topic_hits(sentence, heading)}, (kind, sentence)
    assert S._topic_hits_bulk([sentence], [heading]) == [S.topic_hits(sentence, heading)]


def test_weak_rules_fire_under_their_own_heading_and_not_under_another_topics():
    for r in (r for r in T.RULES if r.weak):
        assert r.picks(r.example, r.heading) and r.indicator in T.heading_topics(r.heading)
        other = next(h for h in ("5 Awareness and Skills", "6 International Cooperation") if r.indicator not in T.heading_topics(h))
        assert not r.picks(r.example, other)


def test_topic_rules_are_named_once_and_decide_indicators_of_the_scheme():
    names = [r.name for r in T.RULES]
    assert len(names) == len(set(names))
    assert {r.indicator for r in T.RULES} <= set(INDICATORS) | {"2"}
    assert {"1.1.1", "1.2.1", "1.2.2", "1.3.3", "1.4.2", "1.5.4", "2"} <= {r.indicator for r in T.RULES}


def test_bulk_topic_matching_equals_sentence_by_sentence():
    sentences = [r.example for r in T.RULES] + [c for r in T.RULES for c in r.counter] + BODY.split(". ")
    assert S._topic_hits_bulk(sentences) == [S.topic_hits(x) for x in sentences]


# --- the bundled fictional strategy -----------------------------------------------------------------

def test_bundled_strategy_title_page_facts():
    s = S.parse_text(read_source(RURITANIA))
    assert s.title == "NATIONAL CYBER SECURITY STRATEGY 2016-2020" and s.title_line == 4
    assert (s.year, s.period) == (2016, (2016, 2020))
    assert s.issuer == "Ministry of Digital Affairs"
    assert s.language == "en"
    assert (s.status, s.status_evidence) == ("draft", "DRAFT")
    assert (s.kind, s.scope) == ("strategy", "cybersecurity")
    # Ruritania is no ISO 3166 country: unknown, reported, never guessed.
    assert s.country is None
    assert [f.kind for f in s.findings] == ["no-country"]


def test_bundled_strategy_structure_toc_headings_and_running_headers():
    s = S.parse_text(read_source(RURITANIA))
    assert s.toc == (14, 22) and len(s.toc_entries) == 7
    assert [(h.number, h.title) for h in s.headings] == [
        ("1", "Introduction"), ("2", "Governance"), ("3", "Legal Framework"), ("4", "Incident Response"),
        ("5", "Awareness and Skills"), ("6", "International Cooperation"), ("7", "Children Online")]
    assert all(h.line > s.toc[1] for h in s.headings)  # the TOC entries are not taken for the body
    ranges = [(h.line, h.end_line) for h in s.headings]
    assert all(a <= b for a, b in ranges) and all(ranges[i][1] == ranges[i + 1][0] - 1 for i in range(len(ranges) - 1))
    assert s.furniture_lines == 3  # 'National Cyber Security Strategy 2016-2020  N' at the top of three pages
    assert not any("2016-2020" in t.text and "National Cyber" in t.text for t in s.topics)


def test_bundled_strategy_mentions_with_section_and_line():
    s = S.parse_text(read_source(RURITANIA))
    got = {(m.kind, m.name, m.section, m.line) for m in s.mentions}
    assert ("agency", "National Cyber Security Council", "2 Governance", 33) in got
    assert ("law", "Computer Misuse Act 2009", "3 Legal Framework", 39) in got
    assert ("convention", "Convention on Cybercrime", "3 Legal Framework", 41) in got
    assert ("cirt", "RU-CERT", "4 Incident Response", 47) in got
    law = next(m for m in s.mentions if m.name == "Electronic Transactions Act 2011")
    assert (law.provision, law.year) == ("Section 12", "2011")
    council = next(m for m in s.mentions if m.name == "National Cyber Security Council")
    assert council.acronym == "NCSC"


def test_bundled_strategy_topics_are_the_passages_about_them():
    s = S.parse_text(read_source(RURITANIA))
    by = {}
    for t in s.topics:
        by.setdefault(t.indicator, []).append(t.line)
    assert by == {"1.3.3": [33], "1.1.1": [39, 41], "1.2.1": [47, 58], "1.2.2": [48], "1.4.2": [53, 54],
                  "1.5.4": [58], "2": [65]}


def test_no_topic_passages_from_a_section_on_another_country_or_the_tail_of_a_sentence_read_as_a_heading():
    """A chapter comparing countries ('2 ESTONIA') says what another country did; a numbered line
    that is the head of a sentence ('3.1 In future, ... will be the sole task of the Cyber Incident')
    is read as a heading, and its section's first sentence is the tail ('Analysis Centre (CIAC)
    operated ... by the national computer emergency response team.'): neither is a passage."""
    s = parse("CYBER SECURITY STRATEGY OF GEORGIA\n2012-2015\n\n1 National incident response\n\n"
              "The national Computer Emergency Response Team will coordinate the handling of incidents on government networks.\n\n"
              "2 ESTONIA\n\nIn 2006 that country set up a Computer Emergency Response Team, which now handles the incidents "
              "reported by its banks.\n\n3 Incident analysis\n\n"
              "3.1 In future, incident analysis will be the sole task of the Cyber Incident\n\n"
              "Analysis Centre (CIAC) operated and run by the national computer emergency response team.\n\n"
              "The centre will publish its analysis of incidents to the national Computer Emergency Response Team every week.\n\n" + BODY)
    assert s.country.alpha3 == "GEO"
    assert [(t.indicator, t.line) for t in s.topics] == [("1.2.1", 6), ("1.2.1", 18)]
    # (The document's own country named as a heading is its own section: 'GEORGIA' keeps its passages.)
    assert not S._another_countrys_section("3 GEORGIA", "GE") and S._another_countrys_section("3 ESTONIA", "GE")
    assert not T.cut_heading("3.1 Incident analysis and response") and T.cut_heading("5.3 The centre will be the")


# --- structure of other layouts --------------------------------------------------------------------

def test_letter_spacing_and_utf8_read_as_cp1252_are_repaired():
    lines = S._physical("N e w   Z e a l a n d ’ s   C y b e r   S e c u r i t y\nthe country\u00e2\u20ac\u2122s strategy\n")
    assert lines[0].text == "New Zealand’s Cyber Security"
    assert lines[1].text == "the country’s strategy"


def test_page_numbers_and_running_footers_are_furniture_not_body():
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november".split()
    pages = []
    for n in range(1, 7):
        pages.append(f"The {words[n]} measures protect the {words[n + 1]} networks.\n"
                     f"Operators of {words[n + 2]} services report to the {words[n + 3]} team.\n"
                     f"Ruritania Cyber Strategy | page {n}\n{n}\n")
    lines = S._physical("\f".join(pages))
    S._mark_furniture(lines)
    furn = [ln.text for ln in lines if ln.furniture]
    assert len(furn) == 12 and all(t.isdigit() or t.startswith("Ruritania Cyber Strategy") for t in furn)


def test_a_date_in_prose_is_not_the_year_of_the_document():
    s = parse("CYBER SECURITY STRATEGY OF GEORGIA\n2012-2015\n\nIn August 2008 large attacks against the country showed how "
              "much it depends on networks and why it needs this strategy now.\n\n" + BODY)
    assert s.year is None and s.period == (2012, 2015)
    assert s.country is not None and s.country.alpha3 == "GEO" and s.country_how == "title"
    assert any(f.kind == "no-year" for f in s.findings)


def test_a_document_with_no_title_and_no_country_says_unknown():
    s = parse(BODY)
    assert s.title is None and s.country is None
    assert {"no-title", "no-country"} <= {f.kind for f in s.findings}


def test_a_font_encoded_text_is_reported_unreadable():
    garbage = "()*+,-+./,01)-1,21+3) 561,+76.08189:+;<;+=/+>61,+8.6>6;0+976>1:+?+>/+7@6,1+;+>1:8A+>:2>-)B;D60 " * 400
    assert S.looks_like_strategy(garbage)
    s = parse(garbage)
    assert s.title is None and s.country is None and s.language is None
    assert [f.kind for f in s.findings][:1] == ["unreadable-text"]


def test_an_official_journal_shell_is_a_gazette_without_body():
    text = ("Government Gazette\nREPUBLIC OF RURITANIA\nVol. 5  No. 123\n\f" + "\f".join(
        f"No. 123\nGOVERNMENT GAZETTE, 19 FEBRUARY 2010\n{n}\n" for n in range(2, 12)))
    assert S.looks_like_strategy(text)
    s = parse(text)
    assert s.kind == "gazette" and any(f.kind == "no-body-text" for f in s.findings)


def test_two_copies_of_one_text_are_one_document_with_two_sources():
    a = parse("NATIONAL CYBER SECURITY STRATEGY\n\n" + BODY, "a.txt")
    b = parse("NATIONAL CYBER SECURITY STRATEGY\r\n\r\n" + BODY.replace(". ", ".  "), "b.txt")
    c = parse("NATIONAL ICT POLICY\n\n" + BODY, "c.txt")
    kept = S.merge_copies([b, c, a])
    assert [x.path.name for x in kept] == ["a.txt", "c.txt"]
    assert [p.name for p, _sha, _enc in kept[0].copies] == ["b.txt"]


def test_language_of_a_document_in_another_language_and_no_english_rules_applied():
    text = ("ESTRATEGIA NACIONAL DE CIBERSEGURIDAD\n\n" + "El Gobierno protegerá las redes del país y los servicios que "
            "dependen de ellas, y los operadores informarán de los incidentes a las autoridades competentes. " * 15)
    s = parse(text)
    assert s.language == "es" and s.kind == "strategy" and s.scope == "cybersecurity"
    assert s.topics == []


# --- IRI keys of names in other scripts -------------------------------------------------------------

def test_iri_keys_of_non_latin_names_are_transliterated_never_empty_or_colliding():
    names = ["Влада Републике Србије", "Министерство цифрового развития", "国务院", "国家互联网信息办公室",
             "وزارة الاتصالات", "Υπουργείο Ψηφιακής Διακυβέρνησης", "★", "☆"]
    keys = [norm_key(n) for n in names]
    assert all(keys) and len(set(keys)) == len(keys)
    assert keys[0] == "vlada-republike-srbije"
    assert keys[2] == "guowuyuan"
    assert keys[6].startswith("h-") and keys[7].startswith("h-")
    # Latin names keep the keys they always had.
    assert norm_key("Ministère de l’Intérieur") == "ministere-de-linterieur"
    assert norm_key("Ministry of Information & Communications") == "ministry-of-information-and-communications"


def test_a_sentence_is_not_cut_after_an_abbreviation():
    # 'No. 3' cut at its full stop left 'in accordance with Security Standard No.' as a passage.
    assert S._sentences("Label the assets as Security Standard No. 3 requires. See Art. 5 of the Act; Then stop.") == [
        "Label the assets as Security Standard No. 3 requires.", "See Art. 5 of the Act;", "Then stop."]
    assert S._sentences("The CERT will warn. It will also advise.") == ["The CERT will warn.", "It will also advise."]


@pytest.mark.parametrize("glyph", ["\uf0b7", "\uf0a7", "\uf0d8", "•", "-"])
def test_a_bullet_alone_above_its_item_starts_the_item_and_is_not_shown(glyph):
    # PDF converters leave symbol-font bullets (Private Use Area) or plain ones on a line of their own;
    # the item under it is a new item, not the tail of the one before, and its passage has no glyph.
    lines = S._physical(f"the designation of a national authority;\n\n{glyph}\n\nthe setting up of a team\n")
    assert [(ln.n, ln.text) for ln in lines if ln.text] == [(1, "the designation of a national authority;"),
                                                            (5, "• the setting up of a team")]
    inline = S._physical("\uf0b7  the setting up of a team\n")
    assert inline[0].text == "• the setting up of a team"


def test_a_mention_printed_in_lower_case_cites_the_line_it_is_printed_on():
    """'the convention on cybercrime' on the second line of an item: the mention (named by its
    canonical form, 'Convention on Cybercrime') cites that line, not the item's first."""
    s = parse("CYBER SECURITY STRATEGY OF GEORGIA\n2012-2015\n\n1 Legal measures\n\n"
              "To ensure that our cybercrime laws are effective and harmonised with other countries,\n"
              "the legal strategy is to adopt the provisions of the convention on cybercrime to\n"
              "enable effective cross border law enforcement.\n\n" + BODY)
    m = next(m for m in s.mentions if m.name == "Convention on Cybercrime")
    assert m.line == 7


@pytest.mark.parametrize("text,codes", [
    ("Cyber Security Strategy of the Democratic People's Republic of Korea", ["KP"]),  # not the Republic of Korea, twice
    ("Republic of Korea", ["KR"]),
    ("Cyber Security Strategy for Northern Ireland", []),  # a part of a country, not Ireland
    ("New Mexico Cyber Security Plan", []),  # not Mexico
    ("Western Australia and New Zealand", ["NZ"]),
    ("the United States and the United Kingdom", ["US", "GB"]),
    ("Стратегија чине развој", []),  # a lower-case word of another script ('чине', keyed 'chine') is no country name
    ("Стратегија Србија", ["RS"]),
])
def test_country_names_in_a_text_are_read_whole_and_not_from_part_of_another_name(text, codes):
    assert S._countries_in(text) == codes


def test_a_strategy_of_a_subdivision_does_not_get_the_country_whose_name_it_contains():
    s = parse("CYBER SECURITY STRATEGY FOR NORTHERN IRELAND\n2017-2021\n\n" + BODY)
    assert s.country is None or s.country.alpha3 != "IRL"


# --- team names of kinds found on the held-out documents (tests/expected/strategies/heldout) ---------------

_TEAM_BODY = ("The Government of Ruritania will protect the networks of the state and of essential services. "
              "Operators will report incidents and apply the measures of this strategy. ") * 6


def _teams(text: str) -> list[str]:
    return sorted({m.name for m in parse("NATIONAL CYBER SECURITY STRATEGY OF RURITANIA\n\nMay 2015\n\n" + _TEAM_BODY + "\n\n" + text).mentions
                   if m.kind == "cirt"})


def test_the_national_team_called_by_its_role_is_a_team_when_no_other_is_named():
    assert _teams("The National CIRT is the central point for the coordination of incident handling in the country.") == ["National CIRT"]


def test_the_role_is_the_named_teams_when_the_text_names_one():
    assert _teams("RU-CERT is the National CERT of Ruritania and coordinates the handling of incidents.") == ["RU-CERT"]


def test_a_role_inside_a_longer_name_is_no_team():
    assert _teams("The team is an accredited member of the European Governmental CERT Group and of other forums.") == []


def test_a_centre_named_for_incident_response_the_other_way_round_is_a_team():
    assert _teams("The National Center for Cyber Incident Response (RUSOM) was set up in 2013 to handle incidents.") \
        == ["National Center for Cyber Incident Response (RUSOM)"]


def test_a_team_word_run_in_before_a_long_name_is_not_part_of_it():
    got = _teams("Community Development CERT Computer Emergency Response Team (RU-CERT) will be set up in 2016 to handle incidents.")
    assert "Computer Emergency Response Team (RU-CERT)" in got and not any(n.startswith("Community") for n in got)


def test_a_regional_team_named_beside_the_national_cirt_does_not_make_the_role_a_second_name():
    got = _teams("Ministries will report incidents to the National CIRT. The National CIRT will exchange warnings with CERT-EU.")
    assert "National CIRT" in got


def test_an_emergency_readiness_team_is_a_team():
    assert "Ruritanian Government Computer Emergency Readiness Team (GovCERT.ru)" in _teams(
        "The Ruritanian Government Computer Emergency Readiness Team (GovCERT.ru) will coordinate the handling of incidents.")


def test_a_team_named_by_what_it_serves_is_a_team():
    assert "CERT for Security and Industry" in _teams(
        "The CERT for Security and Industry will handle the incidents of firms and operators of essential services.")


def test_a_slavic_inflection_of_the_word_is_the_word_not_a_name():
    assert _teams("Ministarstvo će osnovati tim CERT-a koji će s CERT-om surađivati na incidentima u mrežama države.") == []
