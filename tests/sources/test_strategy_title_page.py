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


def test_a_coordination_center_and_a_cyber_response_centre_are_named_teams():
    got = {m.name for m in S._mentions("The Computer Emergency Response Team/Coordination Center (CERT/CC) notes a rise.", 1, "", True)}
    assert "Computer Emergency Response Team/Coordination Center (CERT/CC)" in got
    got = {m.name for m in S._mentions("A National Cyber Response Centre will be set up.", 1, "", True)}
    assert got == {"National Cyber Response Centre"}
    # a described capability, not a name
    assert not [m for m in S._mentions("It will coordinate the cyber response centre of the ministry.", 1, "", True) if m.kind == "cirt"]


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
    assert s.title == "The National Long-Term Program for Science and Technology Development (2006- 2020)"
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
