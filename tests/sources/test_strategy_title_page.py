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


def test_a_kind_label_above_the_title_is_not_its_first_word():
    s = parse("Strategy\n\nCyber Security Strategy\nfor Ruritania\n\n" + BODY)
    assert s.title == "Cyber Security Strategy for Ruritania" and s.title_line == 3
    s = parse("National\n\nCyber Security Strategy\nfor Ruritania\n\n" + BODY)  # not a repeated label: kept
    assert s.title == "National Cyber Security Strategy for Ruritania" and s.title_line == 1


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


# --- year and period ----------------------------------------------------------------------------------

def test_a_month_and_year_run_together_are_a_date():
    s = parse("RuritanianNationalCyber\nSecurityStrategy\n\nVERSIONCONTROLDATEJOHNDOE2.0March2014\n\n" + BODY)
    assert s.year == 2014


def test_a_dated_act_in_another_language_gives_the_year_and_a_folder_in_an_address_no_period():
    s = parse("Presidência da República\nhttp://www.example.org/atos2007-2010/2008/Decreto/img.gif\n"
              "DECRETO Nº 1.234, DE 3 DE MAIO DE 2009.\nAprova a Estratégia Nacional de Segurança Cibernética\n\n" + BODY)
    assert s.year == 2009 and s.period is None


def test_a_labelled_date_under_a_cover_letter_gives_the_year_and_a_version_table_column_does_not():
    s = parse("THE DEFENCE CYBER STRATEGY\n\f\nThe Speaker of the House\nDate 12 June 2012\nSubject Defence strategy\n\n" + BODY)
    assert s.year == 2012
    s = parse("THE DEFENCE CYBER STRATEGY\n\n" + BODY)
    S._date_line(s, [S._Line(1, "Date", 1), S._Line(2, "08/01/2014", 1), S._Line(3, "Date Author Section", 1)])
    assert s.year is None  # a column heading: the label's line has no date


# --- country -------------------------------------------------------------------------------------------

def test_a_country_name_with_a_lost_letter_is_read_when_one_name_has_that_shape():
    assert S._countries_damaged("R.publikasi Az.rbaycan") == ["AZ"]
    assert S._countries_damaged("Mr. Smith of U.S. Steel") == []


def test_a_country_name_with_scattered_or_lost_spaces_is_read_on_the_title_page():
    assert S._countries_damaged("R EPU B LI C OF S OUT H AF RICA") == ["ZA"]
    assert S._countries_damaged("IslamicRepublicofAfghanistan") == ["AF"]
    s = parse("Government Gazette\nR EPU B LI C OF S OUT H AF RICA\n\nNational Cyber Security Policy\n\n" + BODY)
    assert s.country is not None and s.country.alpha3 == "ZAF"


def test_a_text_that_names_one_country_three_times_and_no_other_is_that_countrys():
    text = ("National Cyber Security Policy\n\nPreamble\n" + BODY + "\nThe economy of India grows.\n" + BODY
            + "\nIndia's people use the networks.\n" + BODY + "\nIndia will protect them.\n")
    assert parse(text).country.alpha3 == "IND"
    assert parse(text.replace("India will protect them.", "Ruritania will protect them.")).country is None


# --- CIRT names ----------------------------------------------------------------------------------------

def test_a_glossary_pairs_the_acronym_line_with_the_full_name_below_it():
    s = parse("National Cyber Security Strategy of Ruritania\n\n" + BODY + "\n\nAbbreviations\n\nRU-CERT\n\n"
              "Ruritanian National Computer Emergency Response Team\n\nNATO\n\nNorth Atlantic Treaty Organization\n")
    names = {m.name for m in s.mentions if m.kind == "cirt"}
    assert "Ruritanian National Computer Emergency Response Team (RU-CERT)" in names
    assert "Ruritanian National Computer Emergency Response Team" not in names


def test_an_abbreviation_entry_on_one_line_pairs_the_acronym_before_the_dash_with_the_name_after_it():
    def cirts(text: str) -> list[str]:
        return [m.name for m in S._mentions(text, 1, "", True) if m.kind == "cirt"]

    assert cirts("RU-CERT – National Computer Emergency Response Team of Ruritania.") == \
        ["National Computer Emergency Response Team (RU-CERT)"]
    assert cirts("Q-CERT: Qatar Computer Emergency Response Team") == ["Qatar Computer Emergency Response Team (Q-CERT)"]
    assert cirts("CERT – Computer Emergency Response Team.") == []  # the generic word and a description
    # not an entry: the acronym inside a sentence, and a body that is not a team before the dash
    assert sorted(cirts("The RU-CERT – National Computer Emergency Response Team")) == \
        ["National Computer Emergency Response Team", "RU-CERT"]
    assert cirts("Ministry – National Computer Emergency Response Team") == ["National Computer Emergency Response Team"]


def test_a_coordination_center_and_a_cyber_response_centre_are_named_teams():
    got = {m.name for m in S._mentions("The Computer Emergency Response Team/Coordination Center (CERT/CC) notes a rise.", 1, "", True)}
    assert "Computer Emergency Response Team/Coordination Center (CERT/CC)" in got
    got = {m.name for m in S._mentions("A National Cyber Response Centre will be set up.", 1, "", True)}
    assert got == {"National Cyber Response Centre"}
    # a described capability, not a name
    assert not [m for m in S._mentions("It will coordinate the cyber response centre of the ministry.", 1, "", True) if m.kind == "cirt"]


def test_a_team_named_by_its_word_and_its_countrys_name_is_a_named_team():
    def cirts(text: str) -> set[str]:
        return {m.name for m in S._mentions(text, 1, "", True) if m.kind == "cirt"}

    assert cirts("CERT Australia will be the national coordination point.") == {"CERT Australia"}
    assert cirts("It supports the operation of CERT New Zealand and the centre.") == {"CERT New Zealand"}
    assert cirts("The teams are CERT Australia The centre and others.") == {"CERT Australia"}  # a cell run on
    assert cirts("The CERT Coordination Center and the CERT Team will meet.") == set()  # not a country's name


def test_an_owners_possessive_and_a_space_before_the_acronyms_domain_are_not_part_of_a_teams_name():
    got = {m.name for m in S._mentions("It includes the Australian Government’s Computer Emergency Readiness Team "
                                       "(GovCERT .au) in order to:", 1, "", True) if m.kind == "cirt"}
    assert got == {"Australian Government Computer Emergency Readiness Team (GovCERT.au)"}


def test_foreign_teams_are_not_the_countrys():
    from cyberkg.graph.strategy import cirt_owner

    # each text names the country of the code ('Argentina (ArCERT)', 'Paraguay (CSIRT-Py)', 'the UK')
    col = frozenset({"CO", "AR", "PY", "CA", "US"})
    assert cirt_owner("ArCERT", "COL", col) == "ARG" and cirt_owner("CSIRT-Py", "COL", col) == "PRY"
    assert cirt_owner("CERT-UK", "MLT", frozenset({"MT", "GB"})) == "GBR"
    assert cirt_owner("Canadian Cyber Incident Response Centre (CCIRC)", "COL", col) == "CAN"
    assert cirt_owner("GovCERT", "AUT") == "AUT" and cirt_owner("MilCERT", "AUT") == "AUT" and cirt_owner("DefCERT", "NLD") == "NLD"
    assert cirt_owner("National Computer Emergency Response Team", "NGA") == "NGA"
    assert cirt_owner("CERT-EU", "ITA", frozenset({"IT"})) is None and cirt_owner("APCERT", "SGP") is None


# --- whose team: a code that collides with a country's (CERT-PA: Pubblica Amministrazione, not Panama) ---

def _cirt_entities(s: S.Strategy) -> dict[str, str]:
    """Team label -> alpha-3 of its jurisdiction, for the ckg:CIRT nodes the graph makes of a strategy."""
    from cyberkg.graph.strategy import strategy_quads
    from cyberkg.graph.vocab import CKG, RDF, RDFS

    quads = list(strategy_quads(s))
    teams = {x.subject for x in quads if x.predicate == RDF.type and x.object == CKG.CIRT}
    label = {x.subject: x.object.value for x in quads if x.subject in teams and x.predicate == RDFS.label}
    return {label[x.subject]: x.object.value.rsplit("/", 1)[-1].upper() for x in quads
            if x.subject in teams and x.predicate == CKG.jurisdiction}


GOVCERT = "The sectoral team GovCERT serves the agencies of the government and reports to the national authority. "


def test_cert_pa_in_italys_strategy_is_italys_team_not_panamas():
    from cyberkg.graph.strategy import cirt_owner

    s = parse("NATIONAL CYBER SECURITY STRATEGY OF ITALY\n\nDecember 2013\n\n" + BODY + "\n\n"
              "Incidents in the public administration are reported to CERT-PA, which coordinates the response of the ministries. "
              + GOVCERT + "\n\n" + BODY)
    assert s.country.alpha3 == "ITA"
    assert s.countries_named is not None and "PA" not in s.countries_named  # read (a name carries PA); Panama not named
    assert cirt_owner("CERT-PA", "ITA", s.countries_named) == "ITA"
    assert _cirt_entities(s) == {"CERT-PA": "ITA", "GovCERT": "ITA"}


def test_us_cert_in_a_strategy_naming_the_united_states_is_the_us_team():
    from cyberkg.graph.strategy import cirt_owner

    s = parse("NATIONAL CYBER SECURITY STRATEGY OF MALTA\n\nMay 2016\n\n" + BODY + "\n\n"
              "The national team will exchange indicators with US-CERT, the team of the United States, and with CERT-EU. "
              + GOVCERT + "\n\n" + BODY)
    assert s.country.alpha3 == "MLT" and "US" in s.countries_named
    assert cirt_owner("US-CERT", "MLT", s.countries_named) == "USA"
    assert _cirt_entities(s) == {"GovCERT": "MLT"}  # US-CERT (the US's) and CERT-EU (a region's) are not Malta's


def test_a_code_of_a_country_the_text_does_not_name_is_the_documents_own_team():
    from cyberkg.graph.strategy import cirt_owner

    # CV is Cabo Verde's code and here the Comunitat Valenciana's; the text names no Cabo Verde.
    valencia = ("The regional team CSIRT-CV of the Comunitat Valenciana reports incidents to the national authority "
                "and shares indicators with the other teams of the regions. ")
    s = parse("NATIONAL CYBER SECURITY STRATEGY OF SPAIN\n\n2019\n\n" + BODY + "\n\n" + valencia + "\n\n" + BODY)
    assert s.country.alpha3 == "ESP" and "CV" not in s.countries_named
    assert cirt_owner("CSIRT-CV", "ESP", s.countries_named) == "ESP"
    assert _cirt_entities(s) == {"CSIRT-CV": "ESP"}
    # The same name in a text that names Cabo Verde is Cabo Verde's team, and not Spain's.
    s = parse("NATIONAL CYBER SECURITY STRATEGY OF SPAIN\n\n2019\n\n" + BODY + "\n\n" + valencia
              + "Spain trains the teams of Cabo Verde and of other partners.\n\n" + BODY)
    assert "CV" in s.countries_named and cirt_owner("CSIRT-CV", "ESP", s.countries_named) == "CPV"
    assert _cirt_entities(s) == {}


def test_whose_team_a_code_is_stays_unknown_without_the_countries_the_text_names():
    from cyberkg.graph.strategy import cirt_owner

    # Not read (None): another country's code is neither that country's team nor the document's.
    assert cirt_owner("CERT-PA", "ITA") is None and cirt_owner("US-CERT", "MLT") is None
    # The document's own code, a name without a code and a country's adjective need no text.
    assert cirt_owner("CERT-FI", "FIN") == "FIN" and cirt_owner("GovCERT", "ITA") == "ITA"
    assert cirt_owner("Canadian Cyber Incident Response Centre", "COL") == "CAN"
    # The countries named are read once per document, and only when a team's name needs them.
    s = parse("NATIONAL CYBER SECURITY STRATEGY OF ITALY\n\nDecember 2013\n\n" + BODY + "\n\n" + GOVCERT + "\n\n" + BODY)
    assert s.countries_named is None and _cirt_entities(s) == {"GovCERT": "ITA"}


def test_an_acts_summary_line_gives_the_title_of_the_document_it_adopts():
    m = R.ADOPTS_SUMMARY.search(R.ADOPTS_SUMMARY.example)
    assert m.group("title") == "National Defence Strategy of Ruritania"
    s = parse("DECRETO Nº 1.234, DE 3 DE MAIO DE 2009.\nAprova a Estratégia Nacional de Defesa, e dá outras\nprovidências.\n\n" + BODY)
    assert s.title == "Estratégia Nacional de Defesa"


def test_a_series_line_and_rule_lines_are_not_the_title():
    assert R.SERIES.search(R.SERIES.example)
    s = parse("RURITANIAN INFORMATION SECURITY FRAMEWORK (RISF) PUBLICATION\n______________________\n\n"
              "National Information Security Policy\n______________________\n\n" + BODY)
    assert s.title == "National Information Security Policy"


def test_a_science_and_technology_programme_is_a_title_and_its_period_is_read():
    s = parse("The National Long-Term Program\nfor Science and Technology Development (2006-\n2020)\n\n" + BODY)
    # (the period broken after its dash is read as printed on one line)
    assert s.title == "The National Long-Term Program for Science and Technology Development (2006-2020)"
    assert s.period == (2006, 2020)


# --- status --------------------------------------------------------------------------------------------

def test_a_version_control_table_without_adoption_or_draft_mark_leaves_the_status_unknown():
    assert R.VERSION_TABLE.search(R.VERSION_TABLE.example)
    s = parse("NationalCyberSecurity\nStrategy\nofRuritania\n\nAUTHORVERSION\nCONTROLDATEJDOE2.0March2014\n\n" + BODY)
    assert s.status == "unknown" and s.year == 2014
    s = parse("National Cyber Security Policy\n\nVersion History\nNo. Date Amendment\n1.0 11/02/2014 Final Draft\n\n" + BODY)
    assert s.status == "draft"  # a draft label decides before the table


def test_an_index_entry_turned_round_names_the_department():
    s = parse("GOVERNMENT GAZETTE OF RURITANIA\nCONTENTS\nGOVERNMENT NOTICE\nPosts, Department of\n\n"
              "National Cyber Security Policy\n\n" + BODY)
    assert s.issuer == "Department of Posts"


def test_two_bodies_on_the_cover_joined_by_a_comma_issue_together():
    s = parse("REPUBLIC OF RURITANIA\nMinistry of Administration and Posts,\nInternal Security Agency\n"
              "CYBERSPACE PROTECTION POLICY\nOF THE REPUBLIC OF RURITANIA\n\n" + BODY)
    assert s.issuer == "Ministry of Administration and Posts, Internal Security Agency"


def test_a_team_name_with_two_suffixes_is_read_whole():
    got = {m.name for m in S._mentions("The Governmental team CERT.GOV.RU and CERT-GOV-MD report incidents.", 1, "", True)}
    assert {"CERT.GOV.RU", "CERT-GOV-MD"} <= got


def test_the_state_as_issuer_is_published_by_the_country_not_by_an_agency_of_it():
    from cyberkg.graph.profile import agency_node, country_node
    from cyberkg.graph.strategy import strategy_quads
    from cyberkg.graph.vocab import DCT

    s = parse("KINGDOM OF LESOTHO\n\nNATIONAL CYBER SECURITY STRATEGY\n\n" + BODY)
    assert s.issuer == "KINGDOM OF LESOTHO" and s.issuer_is_state and s.country.alpha3 == "LSO"
    quads = list(strategy_quads(s))
    assert [x.object for x in quads if x.predicate == DCT.publisher] == [country_node("LSO")]
    assert not any(x.subject == agency_node("LSO", s.issuer) for x in quads)
    s = parse("MINISTRY OF POSTS\n\nNATIONAL CYBER SECURITY STRATEGY OF LESOTHO\n\n" + BODY)
    assert not s.issuer_is_state
    assert [x.object for x in strategy_quads(s) if x.predicate == DCT.publisher] == [agency_node("LSO", "MINISTRY OF POSTS")]


# --- running headers, periods, horizons, compilations and drafts (the title page under attack) --------

_SECTORS = ["energy", "water", "banking", "transport", "health", "posts", "ports", "customs", "schools", "courts", "police",
            "farming"]


def prose(k: int = 0) -> str:
    """A page of prose in lines of a dozen words, as PDF text comes out (paragraphs, no headings);
    each k its own words, so no line recurs on every page as a running header would."""
    out = []
    for j in range(4):
        a, b = _SECTORS[(k + j) % 12], _SECTORS[(k + j + 5) % 12]
        out.append(f"The Government will protect the {a} networks of the country and the services\n"
                   f"that depend on them, and operators of {b} services will report their\n"
                   f"incidents to the {_SECTORS[(k + j + 9) % 12]} team and apply the measures set out in this plan.\n\n")
    return "".join(out)


PROSE = prose()


def pages(*texts: str) -> str:
    return "\f".join(texts)


def test_a_running_header_that_repeats_the_cover_title_is_the_title_on_the_cover():
    """Bug 1: the cover prints the title on one line and every later page repeats that line as its
    header.  The cover's line is the title (not furniture); the repeats are furniture, and a
    sentence of the body naming the strategy is neither title nor issuer."""
    head = "Cyber Security Strategy for Ruritania"
    body = ("In particular, the Strategy includes the establishment of the National Cyber Security\n"
            "Centre within the Department of Posts, Energy and Natural Resources, and\n"
            "details how that body will engage with its primary areas of responsibility.\n\n" + PROSE)
    s = parse(pages(head + "\n", *[head + "\n" + (body if k == 1 else "") + prose(k) for k in range(5)]))
    assert (s.title, s.title_line) == (head, 1)
    assert s.issuer is None and s.furniture_lines == 5
    # Without page breaks: the first occurrence, before any prose, is the title page's.
    s = parse("\n\n".join([head] + [head + "\n" + (body if k == 1 else "") + prose(k) for k in range(5)]))
    assert (s.title, s.title_line) == (head, 1) and s.issuer is None


def test_a_running_header_that_repeats_the_title_gives_it_when_the_cover_has_running_text_too():
    head = "Cyber Security Strategy for Ruritania"
    cover = head + "\n\n" + PROSE  # not a cover of short lines: the line is furniture there too
    s = parse(pages(cover, *[head + "\n" + prose(k) for k in range(5)]))
    assert (s.title, s.title_line) == (head, 1)


@pytest.mark.parametrize("printed", ["2012 -\n2015", "2012-\n2015", "2012 –\n2015", "2012\n–\n2015", "2012\n\n-\n\n2015",
                                     "2012 to\n2015", "2012\nto 2015", "(2012-\n2015)"])
def test_a_period_broken_over_lines_on_the_title_page_is_one_period(printed):
    """Bug 2: the period under the title broken after its first year or its dash, or with the dash
    alone on a line: one period, not a year in the title and another taken for the date."""
    s = parse("Cyber Security Strategy of Ruritania\n" + printed + "\n\n\f" + PROSE)
    assert s.period == (2012, 2015) and s.year is None
    assert s.title.startswith("Cyber Security Strategy of Ruritania") and "2015" in s.title


def test_a_range_in_the_prose_after_the_title_page_is_not_the_documents_period():
    """Bug 2: a period is printed as the document's own (title, title page), not any range in prose."""
    s = parse("Cyber Security Strategy of Ruritania\n\n1\n\n\f1. Introduction\n"
              "The Government publishes its strategy for the first time, and the Strategy is\n"
              "based upon the Threat Assessment Document for 2010-2013 and the National Security\n"
              "Concept of the country, which the Council adopted last year.\n\n" + PROSE)
    assert s.period is None
    s = parse("Cyber Security Strategy of Ruritania\n\nfor the period\n2010-2013\n\n\f1. Introduction\n\n" + PROSE)
    assert s.period == (2010, 2013)  # a short line of the title page: the document's own


@pytest.mark.parametrize("date", ["2010-11-30", "Version 1.0 of 2010-11-30", "2010/11/30"])
def test_an_iso_date_on_the_title_page_is_a_date_not_a_period(date):
    """Bug 2: '2010-11-30' is a day of 2010, not the period 2010-2011."""
    s = parse("Cyber Security Strategy\nfor Ruritania\n\n" + date + "\n\n\f" + PROSE)
    assert s.period is None and s.year == 2010


@pytest.mark.parametrize("sep", ["TO", "UNTIL", "To", "TILL"])
def test_a_period_in_capitals_is_read(sep):
    """Bug 2: 'FOR 2012 TO 2015' in an upper-case title is the period 2012-2015, not the year 2012."""
    s = parse(f"STRATEGY OF RURITANIA IN THE FIELD OF\nCYBER SECURITY FOR 2012 {sep} 2015\n\n\f" + PROSE)
    assert s.period == (2012, 2015) and s.year is None


def test_a_year_in_the_title_that_names_a_horizon_is_not_the_date():
    """Bug 2: 'Strategy 2030' names the year the strategy looks to: when the text speaks of years well
    before it (it was written then), the year is unknown; 'Policy -2013' in a text that names 2012
    is the year it was issued."""
    text = "The plan builds on the work done in 2015 and 2016 and sets measures for 2017.\n\n"
    s = parse("National Cyber Security Strategy 2030\n\n\f" + text + PROSE)
    assert s.year is None and s.period is None
    s = parse("National Cyber\nSecurity Strategy\n2030\n\n\f" + text + PROSE)  # the year alone under the title
    assert s.year is None
    s = parse("Ruritania Vision 2030: National Cyber Security Strategy\n\n\f" + PROSE)  # a target word, no other year
    assert s.year is None
    s = parse("National Cyber Security Policy -2013\n\n\fThe standard ISO/IEC 27032-2012 guides the measures.\n\n" + PROSE)
    assert s.year == 2013
    s = parse("National Cyber Security Policy\n\nMay 2030\n\n\f" + text + PROSE)  # a date printed as such stays the date
    assert s.year == 2030


def _cover_and_pages(title: str, n: int) -> list[str]:
    return [title + "\n"] + [prose(k) for k in range(n)]


def test_a_compilations_first_document_does_not_take_the_next_ones_imprint():
    """Bug 3: two documents in one file (each from its cover page): the first one's issuer, year and
    country come from its own part, not from the imprint of the document after it."""
    first = _cover_and_pages("Cyber Security Strategy of Georgia", 4)
    first[1] = ("The Strategy has been developed by the Permanent Inter-agency Commission under the\n"
                "auspices of the National Security Council.\n\n") + first[1]
    second = _cover_and_pages("Cyber Security Strategy for Germany", 4) + [
        "Imprint\nPublished by:\nFederal Ministry of the Interior\nMain Street 1\n\nEdition:\nFebruary 2011\n"]
    second[2] = "The Federal Office for Information Security will run the national response centre.\n\n" + second[2]
    s = parse(pages(*first, *second))
    assert len(s.parts) == 2 and any(f.kind == "compilation" for f in s.findings)
    assert s.country.alpha3 == "GEO"
    assert s.issuer == "Permanent Inter-agency Commission" and s.year is None
    # What the second (Germany's) document names is not made a body of Georgia; the mention stays.
    from cyberkg.graph.profile import agency_node
    from cyberkg.graph.strategy import strategy_quads

    office = next(m for m in s.mentions if m.name == "Federal Office for Information Security")
    assert s.foreign_parts and s.foreign_parts[0][0] <= office.line and s.foreign_parts[0][2] == "DE"
    assert not any(x.subject == agency_node("GEO", office.name) for x in strategy_quads(s))


def test_a_compilations_first_document_keeps_its_imprint_before_the_next_ones_logo_page():
    first = _cover_and_pages("Cyber Security Strategy for Germany", 4) + [
        "Imprint\nPublished by:\nFederal Ministry of the Interior\nMain Street 1\n\nEdition:\nFebruary 2011\n"]
    second = ["Logo Republic of Austria\nLogo Federal Chancellery\n"] + _cover_and_pages("Austrian\nCyber Security\nStrategy", 4)
    s = parse(pages(*first, *second))
    assert len(s.parts) == 2 and s.country.alpha3 == "DEU"
    assert (s.issuer, s.year) == ("Federal Ministry of the Interior", 2011)


def test_a_draft_running_header_that_starts_after_the_contents_makes_the_text_a_draft():
    """Bug 5: 'DRAFT' at the top of every page from the third on (after the cover and the contents)
    is a running header that marks the text as a draft; the evidence names it."""
    cover = "Cyber Security Strategy for Ruritania\n\nMinistry of Posts\n"
    contents = "Contents\n" + "".join(f"{k}. {t} {k + 2}\n" for k, t in enumerate(
        ["Introduction", "Governance", "Legal Framework", "Incident Response", "Awareness", "Cooperation"], start=1))
    s = parse(pages(cover, contents, *["DRAFT\n" + prose(k) for k in range(6)]))
    assert s.status == "draft"
    assert s.status_evidence.startswith("running header 'DRAFT' from line ") and "on 6 pages" in s.status_evidence
    s = parse(pages(cover, contents, *["Draft – for consultation\n" + prose(k) for k in range(6)]))
    assert s.status == "draft"
    # A watermark: the mark alone on a line in the middle of the pages.
    s = parse(pages(cover, contents, *[prose(k) + "DRAFT\n\n" + prose(k + 3) for k in range(6)]))
    assert s.status == "draft"
    # Without page breaks: the mark alone on a line, five times.
    s = parse(cover + "\n" + contents + "\n" + "".join("DRAFT\n\n" + prose(k) for k in range(6)))
    assert s.status == "draft" and "'DRAFT'" in s.status_evidence


def test_a_draft_header_on_an_appended_action_plan_only_does_not_make_the_text_a_draft():
    cover = "Cyber Security Strategy for Ruritania\n\nMinistry of Posts\n"
    annex = "Draft\nAction Plan for the Cyber Security Strategy of Ruritania (2012-2015)\n\nGoal Activity Agency Deadline\n"
    s = parse(pages(cover, *[prose(k) for k in range(8)], annex, "Draft\n" + prose(8), "Draft\n" + prose(9)))
    assert s.status == "final" and s.status_evidence.startswith("no draft marker")


def test_a_pull_quote_is_not_the_title_and_a_running_header_naming_the_document_is():
    """Bug 14: a text that starts with its contents (the cover not converted) prints a pull-quote in
    short lines naming the strategy ('leading to the need of a' / 'National Cyber Security' /
    'Strategy.'): not a title.  The running header that names the document is."""
    contents = "Contents\nForeword\nExecutive Summary\nPart One - Introduction\nBackground\nPurpose and Scope\n"
    quote = ("“\n\nLaunching cyber\nsecurity on a national\nscale, essentially calls for\na planned, collective and\n"
             "systemic approach, thus\nleading to the need of a\nNational Cyber Security\nStrategy.\n\n"
             "scale of particular consideration are recent legal\n")
    body = [prose(0), quote + prose(1)] + [prose(k) for k in range(2, 6)]
    s = parse(pages(contents, *["RURITANIA CYBER SECURITY STRATEGY 2016\n" + p + "\n4" for p in body]))
    assert s.title == "RURITANIA CYBER SECURITY STRATEGY 2016" and s.title_line == 7
    s = parse(pages(contents, *body))  # no header: unknown, not the pull-quote
    assert s.title is None and any(f.kind == "no-title" for f in s.findings)


def test_a_title_page_after_a_garbled_masthead_is_read_where_the_running_text_starts():
    masthead = "\n".join(["�iwR�vW� bs", "wW", "G-1", "evsjv�`k"] * 20)
    s = parse(masthead + "\n\n\nNATIONAL\nCYBERSECURITY STRATEGY\n\n\nEXECUTIVE SUMMARY\n\n" + PROSE)
    assert s.title == "NATIONAL CYBERSECURITY STRATEGY"


# --- kinds from the held-out documents (tests/expected/strategies/heldout: misses of documents no rule was written on) ---

def test_a_copyright_notice_on_the_imprint_page_gives_the_year_however_long_the_holders_name():
    s = parse("Ruritania's Cyber Security Strategy\n\n\f© His Majesty the King in Right of the Kingdom of Ruritania, 2011\n"
              "Cat. No.: RU-12/2011E\n\n\f" + BODY)
    assert s.year == 2011 and s.year_line == 3


def test_the_end_of_an_issuers_name_broken_after_a_connective_is_not_the_titles_first_line():
    s = parse("REPUBLIC OF RURITANIA\nMinistry of Transport, Maritime Affairs and\nCommunications\n"
              "National Cyber Security Strategy\nand\n2014-2015 Action Plan\n\n" + BODY)
    assert s.title == "National Cyber Security Strategy and 2014-2015 Action Plan" and s.title_line == 4


def test_a_country_name_alone_above_the_title_is_a_state_header():
    s = parse("MONTENEGRO\nNATIONAL CYBER SECURITY\nSTRATEGY FOR MONTENEGRO\n2014-2018\n\nPodgorica, May 2014\n\n" + BODY)
    assert s.title == "NATIONAL CYBER SECURITY STRATEGY FOR MONTENEGRO 2014-2018" and s.title_line == 2
    assert s.country is not None and s.country.alpha3 == "MNE"


def test_draft_inside_a_sentence_of_a_narrow_column_is_no_draft_label():
    s = parse("NATIONAL CYBER SECURITY STRATEGY OF RURITANIA\n\nMarch 2015\n\f1. INTRODUCTION\n\n"
              "The Ministry of Justice will prepare and publish a\ndraft law on computer crime this year.\n\n" + BODY)
    assert s.status == "final"


def test_a_copyright_span_is_no_period_of_the_document():
    s = parse("NATIONAL CYBER SECURITY STRATEGY\n\n© Ministry of Communications 2009-2013\n\n1 INTRODUCTION\n\n" + BODY)
    assert s.period is None


def test_an_issuer_broken_after_a_connective_does_not_take_in_the_title_under_it():
    s = parse("Ministry of Information and\nNational Cyber Security Strategy\n\nMay 2015\n\n1 INTRODUCTION\n\n" + BODY)
    assert s.title == "National Cyber Security Strategy" and "Strategy" not in (s.issuer or "")


def test_a_strategy_in_a_scandinavian_language_is_a_strategy_and_a_papers_number_is_no_period():
    text = ("Nationell strategi för samhällets\ninformations- och cybersäkerhet\nSkr. 2016/17:213\n\n"
            "Regeringen överlämnar denna skrivelse till riksdagen.\nStockholm den 22 juni 2017\n\n"
            + "Regeringen kommer att stärka samhällets förmåga att förebygga och hantera it-incidenter. " * 30)
    assert S.looks_like_strategy(text)
    s = parse(text)
    assert s.title == "Nationell strategi för samhällets informations- och cybersäkerhet" and s.period is None


# --- kinds from the second held-out set (heldout-b: a conversion that lost covers and page breaks) ---

def test_a_title_block_printed_twice_one_copy_under_the_other_is_one_title():
    s = parse("NATIONAL\nCYBERSECURITY\nSTRATEGY II\nNATIONAL\nCYBERSECURITY\nSTRATEGY II\n"
              "Approved by the Government Council on 27.03.2015\n\n" + BODY)
    assert s.title == "NATIONAL CYBERSECURITY STRATEGY II" and s.title_line == 1


def test_a_lone_page_word_whose_number_went_onto_the_line_above_is_furniture_not_the_titles_first_word():
    s = parse("2 of 14\nPage\nNational Cyberspace Security Strategy\nRuritania\n\n" + BODY)
    assert s.title == "National Cyberspace Security Strategy" and s.title_line == 3
    assert s.furniture_lines == 2


def test_a_sentence_broken_over_narrow_column_lines_is_not_a_title_for_naming_the_strategy():
    s = parse("In the third chapter, the Strategy examines\nthe Cyber security objectives in greater\n"
              "detail. An overall objective is to ensure that the country makes secure use of its systems.\n\n" + BODY)
    assert s.title is None
    assert S._OPENER.match("In the third chapter, the Strategy examines")
    assert not S._OPENER.match("In Defence of Cyberspace: National Cyber Security Strategy")


def _column_text_with_header(header: str) -> str:
    """A text converted without page breaks or cover: prose under a running header that prints the
    page number after it, before it, or not at all, and once in lower-case roman numerals."""
    para = ("The Government will protect the networks of the country and the services that depend on\n"
            "them, and operators of essential services will report incidents to the national team.\n")
    pages = [f"{header} v", f"4 {header}", header, f"{header} 11", header, header, f"{header} 12"]
    return para * 3 + "\n".join(p + "\n" + para * 3 for p in pages)  # (the foreword first: no title page)


def test_a_running_header_keys_alike_with_an_arabic_or_roman_page_number_at_either_end_or_none():
    assert S._header_key("NATIONAL CYBER SECURITY STRATEGY 2013 PRESIDENCY OF THE GOVERNMENT v") \
        == S._header_key("4 NATIONAL CYBER SECURITY STRATEGY 2013 PRESIDENCY OF THE GOVERNMENT") \
        == S._header_key("NATIONAL CYBER SECURITY STRATEGY 2013 PRESIDENCY OF THE GOVERNMENT 11") \
        == S._header_key("NATIONAL CYBER SECURITY STRATEGY 2013 PRESIDENCY OF THE GOVERNMENT")
    assert S._header_key("Cyber Strategy civil") != S._header_key("Cyber Strategy")  # a word, not a numeral
    s = parse(_column_text_with_header("RURITANIA CYBER SECURITY STRATEGY PRESIDENCY OF THE GOVERNMENT"))
    assert s.furniture_lines == 7


def test_a_running_header_that_prints_the_issuer_after_the_title_gives_both():
    s = parse(_column_text_with_header("RURITANIA CYBER SECURITY STRATEGY PRESIDENCY OF THE GOVERNMENT"))
    assert (s.title, s.issuer, s.title_line, s.issuer_line) == \
        ("RURITANIA CYBER SECURITY STRATEGY", "PRESIDENCY OF THE GOVERNMENT", 7, 7)
    assert S._header_issuer("NATIONAL CYBER SECURITY STRATEGY 2013 PRESIDENCY OF THE GOVERNMENT") == \
        ("NATIONAL CYBER SECURITY STRATEGY 2013", "PRESIDENCY OF THE GOVERNMENT")
    # a title that goes on after its kind word is not cut at a body's name inside it
    assert S._header_issuer("CYBER SECURITY STRATEGY OF THE MINISTRY OF DEFENCE") is None
    assert S._header_issuer("NATIONAL STRATEGY FOR THE INFORMATION SOCIETY") is None


def test_the_sentence_in_which_the_document_names_itself_gives_its_period_when_no_title_page_does():
    s = parse("1. Introduction\n\nThis National Cyber Security Strategy of Ruritania for the period from 2015 – 2020 "
              "(hereinafter “Strategy”) constitutes a fundamental document of the Government.\n\n" + BODY)
    assert s.period == (2015, 2020)
    s = parse("This Cyber Security Concept of Ruritania for the years 2015-2020 (hereinafter referred to as\n"
              "the “Concept”) sets out the goals.\n\n" + BODY)
    assert s.period == (2015, 2020)
    # a period the text is about, not the document's own name for itself
    s = parse("This Strategy builds on the Action Plan for 2012-2014 and the lessons learnt.\n\n" + BODY)
    assert s.period is None
    s = parse("The previous Strategy for the period 2011-2015 (hereinafter “the old Strategy”) expired.\n\n" + BODY)
    assert s.period is None


def _paged(title_page: str, header: str, years: str) -> str:
    page = (f"{header}\n\nThe Government will protect the networks of the country, as it did from {years}, and the services "
            "that depend on them.\nOperators of essential services will report incidents and apply the measures of this plan.\n") * 4
    return title_page + "\n\f" + "\f".join(f"{page}\n{n}\n" for n in range(2, 8))


def test_a_running_header_that_names_the_document_with_a_year_dates_it_when_the_title_page_does_not():
    s = parse(_paged("RURITANIA CYBER SECURITY\nSTRATEGY 2016-2021", "Ruritania Cyber Security Strategy 2016", "2011 to 2015"))
    assert s.period == (2016, 2021) and s.year == 2016
    assert s.year_line is not None and s.year_line > 2  # the header's line, not the title's
    # a year the text looks to, not one it was written in: no other year printed as late
    s = parse(_paged("RURITANIA DIGITAL VISION", "Ruritania Cyber Security Strategy 2030", "2009 to 2012"))
    assert s.year is None


@pytest.mark.parametrize("line,issuer,state", [
    ("© Her Majesty the Queen in Right of Canada, 2010", "Her Majesty the Queen in Right of Canada", True),
    ("© Her Majesty the Queen in Right of Ruritania, 2010", None, False),  # no country's name: not read as the state
    ("© Commonwealth of Australia 2009", "Commonwealth of Australia", True),
    ("© Ministry of Science, Technology And Innovation", "Ministry of Science, Technology And Innovation", False),
    ("Copyright 2014 Government of Kenya", "Government of Kenya", False),
    ("© International Telecommunication Union, 2012", None, False),  # the organisation that wrote it for the country
    ("© Cyber Consulting Ltd 2015", None, False),
])
def test_the_copyright_holder_on_the_imprint_is_the_issuer_when_nothing_else_names_one(line, issuer, state):
    s = parse(f"Ruritania Cyber Security Strategy\n\n\f{line}\n\nPrinted in Ruritania\n\n\f" + BODY)
    assert s.issuer == issuer and (s.issuer_line == 3 if issuer else s.issuer_line is None)
    assert s.issuer_is_state is state  # a state named as a state is the country, not an agency of it


def test_a_plans_acronym_and_year_under_the_title_continue_it_and_name_the_plan_not_its_date():
    text = "National ICT\nStrategy and Plan\nNICI - 2015\n\n" + BODY.replace("this plan.", "this plan in 2012 and 2014.")
    s = parse(text)
    assert s.title == "National ICT Strategy and Plan NICI - 2015" and s.year is None
    s = parse("NATIONAL CYBER\nSECURITY STRATEGY\nNCSS-2016\n\nMay 2016\n\n" + BODY)  # a date printed: that is the year
    assert s.title == "NATIONAL CYBER SECURITY STRATEGY NCSS-2016" and s.year == 2016
    # a month, a status, a country or a code without a dash is no plan's label
    assert [t for t in ("NICI - 2015", "JUNE – 2016", "DRAFT – 2016", "MALTA – 2016", "COM 2013") if S._plan_label(t)] == ["NICI - 2015"]


def test_a_forewords_signatory_office_is_not_the_issuer():
    fore = ("Foreword\nCyber security can only be achieved by mutual trust and collaboration of all of us.\n"
            "Peter Novak\nSpeaker of the National Council\nof the Republic of Ruritania\n\n")
    s = parse("Cyber Security Concept of Ruritania\n\n" + fore + "1 INTRODUCTION\n\n" + BODY)
    assert s.issuer is None
    # the same office printed alone on the cover, no person above it: read as before
    s = parse("Cyber Security Strategy of Ruritania\n\nNational Security Council\n\n1 INTRODUCTION\n\n" + BODY)
    assert s.issuer == "National Security Council"


# --- a fresh tester's attack on the rules above (each failed before its fix) --------------------------

def _para(topic: str, step: str) -> str:
    return (f"Under this objective the Government will strengthen {topic} in a {step} step and the services that depend on\n"
            f"them, and operators of essential services will report to the national team on {topic} as a {step} item.\n")


def test_upper_case_roman_labels_at_the_tops_of_pages_are_headings_not_running_headers():
    doc = "NATIONAL CYBER SECURITY STRATEGY\nOF RURITANIA\n2016-2020\n\f"
    for label, topic in zip(["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"],
                            ["critical infrastructure", "cybercrime", "awareness", "international cooperation"]):
        doc += f"{label}\n\n" + "".join(_para(topic, step) for step in ("first", "second", "third", "fourth")) + "\f"
    s = parse(doc)
    assert s.furniture_lines == 0 and [h.title for h in s.headings] == ["CHAPTER I", "CHAPTER II", "CHAPTER III", "CHAPTER IV"]
    doc = "NATIONAL CYBER SECURITY STRATEGY OF RURITANIA\n2016-2020\n\n" + BODY + "\n\n"
    doc += "".join(f"STRATEGIC OBJECTIVE {r}\n\n{BODY}\n\n" for r in ["I", "II", "III", "IV", "V", "VI"])
    s = parse(doc)
    assert s.furniture_lines == 0 and len(s.headings) == 6


def test_a_running_title_keeps_its_own_numeral_and_year_and_loses_only_its_page_number():
    assert parse(_column_text_with_header("NATIONAL CYBERSECURITY STRATEGY II").replace(" v\n", "\n", 1)).title == \
        "NATIONAL CYBERSECURITY STRATEGY II"
    h = "RURITANIA CYBER SECURITY STRATEGY 2016"
    para = ("The Government will protect the networks of the country and the services that depend on\n"
            "them, and operators of essential services will report incidents to the national team.\n")
    s = parse(para * 3 + "\n".join(p + "\n" + para * 3 for p in [h, f"{h} 11", h, f"{h} 12", h, f"{h} 13", f"{h} 14"]))
    assert s.furniture_lines == 7 and not s.headings


@pytest.mark.parametrize("header", ["CYBER SECURITY STRATEGY OF THE FEDERAL GOVERNMENT", "NATIONAL CYBER SECURITY STRATEGY FOR LOCAL GOVERNMENT",
                                    "CYBER SECURITY STRATEGY OF THE NATIONAL SECURITY COUNCIL",
                                    "NATIONAL CYBERSECURITY STRATEGY: TOWARDS A TRUSTED DIGITAL GOVERNMENT",
                                    "Cyber Security Strategy – Building a Secure Digital Government"])
def test_a_title_that_goes_on_after_its_kind_word_is_not_cut_into_title_and_issuer(header):
    assert S._header_issuer(header) is None
    s = parse(_column_text_with_header(header))
    assert s.title == header and s.issuer is None


@pytest.mark.parametrize("sentence", [
    "This Strategy replaces the National Cyber Security Strategy 2011-2015 (hereinafter “the first Strategy”) and sets new goals.",
    "This Action Plan implements the Cyber Security Strategy 2014 – 2018 (hereinafter “the Strategy”).",
    "This Strategy implements Government Resolution 2016/22 (hereinafter the Resolution).",
    "This Strategy was drafted in 2019 to 20 ministries (hereinafter the Ministries).",
])
def test_a_period_named_with_hereinafter_for_another_document_is_not_the_documents(sentence):
    assert parse("1. Introduction\n\n" + sentence + "\n\n" + BODY).period is None


def test_a_team_word_before_a_country_takes_the_countrys_whole_name_or_none():
    def cirts(text: str) -> set[str]:
        return {m.name for m in S._mentions(text, 1, "", True) if m.kind == "cirt"}

    assert cirts("It works with CERT Guinea Bissau on incidents.") == {"CERT Guinea Bissau"}  # not Guinea's
    assert cirts("It works with CERT Turkey and CERT Russia.") == {"CERT Turkey", "CERT Russia"}  # names pycountry lacks
    assert cirts("Through its national CERT Georgia participates in FIRST.") == set()
    assert cirts("A team at CERT Georgia Tech studied it.") == set()
    # a generic acronym with a stray space is still generic: a description, not a name
    assert cirts("a Computer Emergency Response Team (CERT .au) will") == set()


# --- a second fresh tester's attack (running-header year, copyright holder, header issuer) ------------

def test_another_states_copyright_is_not_the_documents_issuer_nor_its_country_the_publisher():
    s = parse("Malta Cyber Security Strategy\n\n\f© Commonwealth of Australia 2009\n\nPrinted in Malta\n\n\f" + BODY)
    assert s.country is not None and s.country.alpha3 == "MLT"
    assert s.issuer is None and not s.issuer_is_state


@pytest.mark.parametrize("front", [
    "The Council is composed of:\n(a) Ministry of Interior,\n(b) Ministry of Defence,\n(c) Ministry of Justice.",
    "The bodies have roles:\n(a) the Police will investigate cybercrime,\n(b) the CERT will handle incidents,\n"
    "(c) the Ministry of Interior will coordinate the national response.",
    "Introduction\n\nCopyright issues are handled by the Intellectual Property Office.",
    "Copyright reserved by the Ministry of ICT",
    "© Photo Ministry for Tourism",
    "Photo credits:\n© Ministry of Tourism\n© Shutterstock",
    "© Printed by the Government Printing Office",
    "© Council of Europe 2015",
    "© 2016 General Secretariat of the Organization of American States",
    "© African Union Commission 2014",
])
def test_no_issuer_from_a_list_item_prose_a_credit_a_printer_or_an_international_body(front):
    assert parse(f"Cyber Security Strategy of Ruritania\n\n\f{front}\n\n" + BODY).issuer is None


@pytest.mark.parametrize("title_page,header", [
    ("RURITANIA VISION 2030\nCYBER SECURITY STRATEGY", "Ruritania Vision 2030 Cyber Security Strategy"),
    ("RURITANIA DIGITAL FUTURE", "Cyber Security Strategy: Towards 2030"),
    ("RURITANIA CYBER SECURITY STRATEGY", "Ruritania Cyber Security Strategy until 2025"),
])
def test_a_running_headers_year_after_a_target_word_is_a_horizon_not_a_date(title_page, header):
    assert parse(_paged(title_page, header, "2024 to 2029")).year is None


@pytest.mark.parametrize("header", ["Ruritania Cyber Security Strategy 2016-21", "Ruritania Cyber Security Strategy 2016/17"])
def test_a_running_header_printing_a_short_period_gives_no_year(header):
    assert parse(_paged("RURITANIA CYBER SECURITY STRATEGY", header, "2011 to 2015")).year is None


def test_an_annexs_running_header_does_not_date_the_document():
    annex = _paged("X", "Annex 1: Cyber Security Action Plan 2019", "2016 to 2018").split("\f", 1)[1]
    assert parse("RURITANIA CYBER SECURITY STRATEGY\n\n\f" + BODY + "\n\f" + BODY + "\n\f" + annex).year is None


@pytest.mark.parametrize("header", ["NEW ZEALAND CYBER SECURITY STRATEGY 2015 CABINET-IN-CONFIDENCE",
                                    "RURITANIA CYBER SECURITY STRATEGY – OFFICE USE ONLY",
                                    "RURITANIA CYBER SECURITY STRATEGY MINISTRY OF JUSTICE DRAFT"])
def test_a_marking_after_the_headers_title_is_no_issuer(header):
    assert S._header_issuer(header) is None


def test_the_national_cert_before_a_country_is_the_role_in_either_case():
    for text in ("Through the National CERT Georgia participates in FIRST.", "Through its national CERT Georgia participates."):
        assert "CERT Georgia" not in {m.name for m in S._mentions(text, 1, "", True)}


# --- a third fresh tester's attack (the plan label, the foreword's signature, the fixes above) -------

DATED = BODY.replace("this plan.", "this plan adopted in 2014 and 2015.")


@pytest.mark.parametrize("title", ["NATIONAL CYBER SECURITY STRATEGY OF MALTA – 2016", "CYBERSECURITY POLICY FOR ICT – 2016",
                                   "NATIONAL CYBER SECURITY STRATEGY\nJUNE – 2016"])
def test_a_title_year_after_a_dash_is_a_date_unless_a_plans_label_line_prints_it(title):
    assert parse(title + "\n\n" + DATED).year == 2016


@pytest.mark.parametrize("line", ["VALLETTA 2016", "DRAFT – 2016", "FINAL 2016", "SPRING 2016", "MAY-2016", "COM 2013"])
def test_a_place_status_or_code_line_does_not_continue_a_mixed_case_title(line):
    assert parse(f"National Cyber Security Strategy of Ruritania\n{line}\n\n" + DATED).title == \
        "National Cyber Security Strategy of Ruritania"


@pytest.mark.parametrize("above", ["Republic Ruritania", "Cyber Security", "Executive Summary", "Digital Ruritania"])
def test_a_line_of_capitalised_words_with_no_office_under_it_is_no_signature(above):
    s = parse(f"Cyber Security Strategy of Ruritania\n\nMessage\n\n{above}\nMinistry of Digital Affairs\n\n1 INTRODUCTION\n\n" + BODY)
    assert s.issuer == "Ministry of Digital Affairs"


def _numbered_headers(header: str) -> str:
    """A cover, then 14 pages under `header` + the page's number, the text printing 2011 to 2015."""
    para = ("The Government will protect the networks of the country, as it did from 2011 to 2015, and the services "
            "that depend on them.\nOperators of essential services will report incidents and apply the measures of this plan.\n") * 4
    return "RURITANIA CYBER SECURITY\nSTRATEGY\n\f" + "\f".join(f"{header}{n}\n\n{para}\n" for n in range(2, 16))


@pytest.mark.parametrize("sep", [" – ", " - ", " / "])
def test_a_page_number_after_a_dash_in_a_running_header_is_no_period(sep):
    assert parse(_numbered_headers(f"Ruritania Cyber Security Strategy 2016{sep}")).year == 2016


@pytest.mark.parametrize("body", ["MINISTRY OF INTERNAL AFFAIRS", "MINISTRY OF TRANSPORT, MARITIME AFFAIRS AND COMMUNICATIONS"])
def test_a_ministry_named_internal_or_with_a_comma_is_the_headers_issuer(body):
    assert S._header_issuer(f"RURITANIA CYBER SECURITY STRATEGY {body}") == ("RURITANIA CYBER SECURITY STRATEGY", body)


@pytest.mark.parametrize("country,line,issuer", [
    ("India", "© National Security Council Secretariat 2013", "National Security Council Secretariat"),
    ("Côte d'Ivoire", "© Republic of Côte d'Ivoire 2016", "Republic of Côte d'Ivoire"),
    ("Ruritania", "Publisher:\n© Federal Ministry of the Interior, 2016", "Federal Ministry of the Interior"),
    ("Ruritania", "(c) Ministry of ICT 2014", "Ministry of ICT"),
])
def test_a_national_secretariat_a_labelled_imprint_or_an_ascii_c_notice_gives_the_holder(country, line, issuer):
    assert parse(f"{country} Cyber Security Strategy\n\n\f{line}\n\nPrinted in {country}\n\n\f" + BODY).issuer == issuer


# --- a fourth fresh tester's attack (the third round's fixes) ----------------------------------------

@pytest.mark.parametrize("tp", ["NATIONAL CYBER SECURITY\nSTRATEGY – 2016", "NATIONAL CYBERSECURITY\nPOLICY - 2016",
                                "NATIONAL CYBER SECURITY STRATEGY 2016\nNCSS – 2016"])
def test_a_kind_word_and_its_year_is_no_plans_label_and_a_label_repeating_the_titles_year_keeps_it(tp):
    assert parse(tp + "\n\n" + DATED).year == 2016


@pytest.mark.parametrize("line", ["DAKAR – 2016", "NAIROBI – 2016", "UAE – 2016", "USA - 2016"])
def test_a_city_or_a_countrys_short_form_and_a_year_is_no_plans_label(line):
    assert S._plan_label(line) is None


@pytest.mark.parametrize("sig", ["Joe Mwangi\nCabinet Secretary\nMinistry of Information and Communications",
                                 "Peter Novak\nNational Security Adviser",
                                 "Peter Novak\nFederal Minister of the Interior\nFederal Ministry of the Interior",
                                 "Peter Novak\nAttorney General\nOffice of the Attorney General"])
def test_a_forewords_signatory_with_any_office_is_no_issuer(sig):
    fore = "Foreword\nCyber security can only be achieved by mutual trust and collaboration of all of us.\n" + sig + "\n\n"
    assert parse("Cyber Security Concept of Ruritania\n\n" + fore + "1 INTRODUCTION\n\n" + BODY).issuer is None


@pytest.mark.parametrize("tail", ["MINISTRY OF DEFENCE OFFICIAL-SENSITIVE", "MINISTRY OF DEFENCE FOR INTERNAL USE",
                                  "MINISTRY OF DEFENCE UNCLASSIFIED", "MINISTRY OF DEFENCE TLP WHITE",
                                  "OFFICE OF THE PRIME MINISTER, CHAPTER ONE, INTRODUCTION"])
def test_a_marking_or_a_heading_after_the_headers_issuer_is_no_issuer(tail):
    assert S._header_issuer(f"NATIONAL CYBER SECURITY STRATEGY 2016 {tail}") is None


def test_a_header_printing_a_period_and_a_page_number_after_a_slash_gives_no_year():
    assert parse(_numbered_headers("Ruritania Cyber Security Strategy 2016-21 / ")).year is None


@pytest.mark.parametrize("front", ["© CARICOM Secretariat 2016", "© Pacific Islands Forum Secretariat 2016",
                                   "Fotos:\n© Ministry of ICT 2015", "Layout and printing:\n© Ministry of ICT 2015",
                                   "Members of the committee:\n(a) Ministry of ICT,\n(b) National Police,\n(c) Cyber Security Authority, 2014"])
def test_no_issuer_from_a_regional_secretariat_a_credit_or_a_lists_third_item_with_a_year(front):
    assert parse(f"Ruritania Cyber Security Strategy\n\n\f{front}\n\nPrinted in Ruritania\n\n\f" + BODY).issuer is None
