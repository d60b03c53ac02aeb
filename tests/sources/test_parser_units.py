"""Parser pieces on the shapes of text the series uses (each case is a form seen in real profiles)."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from cyberkg.sources import countries
from cyberkg.sources.profile import (Section, _background, _conventions, _footer, _instruments, classify, parse_text,
                             sentences)
from cyberkg.sources.sections import split
from cyberkg.sources.text import Line, SourceText, clean_controls, decode, logical_lines, source_lines

from ..conftest import ROOT

REFERENCE = ROOT.parent / "shared" / "reference" / "wikidata-countries.tsv"


# --- reading ---------------------------------------------------------------------------------

def test_layout_two_columns_split_into_logical_lines():
    text = ("Total Population: 2 217 000                                   Internet users, percentage of population: 5.00%  \n"
            "(data source: United Nations Statistics Division, December 2012)        (data source: ITU Statistics, 2013)\n")
    assert [l.text for l in logical_lines(text)] == [
        "Total Population: 2 217 000", "Internet users, percentage of population: 5.00%",
        "(data source: United Nations Statistics Division, December 2012)", "(data source: ITU Statistics, 2013)"]


# Provenance names the line a reader's tools show: `grep -n`/`sed -n` count LF only.
@pytest.mark.parametrize("text, expect", [
    ("a\r\r\nb\r\r\n\r\nc", [(1, "a"), (2, "b"), (3, ""), (4, "c")]),  # PDF converters' CR CR LF is one ending
    ("a\r\nb\nc", [(1, "a"), (2, "b"), (3, "c")]),
    ("a\rb\rc", [(1, "a"), (2, "b"), (3, "c")]),  # classic Mac: no LF at all
    # a CR inside an LF line ends a line too, but grep keeps it in the line: both pieces are cited as line 1
    ("a\rb\nc", [(1, "a"), (1, "b"), (2, "c")]),
    ("a\rb\r\rc\r\n", [(1, "a"), (1, "b"), (1, ""), (1, "c"), (2, "")]),  # CR lines with one CR LF at the end
])
def test_source_lines_are_numbered_as_grep_numbers_them(text, expect):
    assert source_lines(text) == expect


def test_a_line_break_control_breaks_the_line_but_keeps_the_line_number():
    text, findings = clean_controls("one\r\r\ntwo\x0bthree\r\r\nfour\u2028five\n")
    assert source_lines(text) == [(1, "one"), (2, "two"), (2, "three"), (3, "four"), (3, "five"), (4, "")]
    assert [f[0] for f in findings] == [2, 3]
    assert [(l.number, l.text) for l in logical_lines(text)] == [(1, "one"), (2, "two"), (2, "three"), (3, "four"), (3, "five")]


def test_layout_superscript_ordinal_on_its_own_line_is_dropped_and_gap_closed():
    text = "                                  th \nLast updated on 12                    August 2014  \n"
    assert [l.text for l in logical_lines(text)] == ["Last updated on 12 August 2014"]


def test_layout_page_markers_page_numbers_and_markdown_links_are_removed():
    text = ("----------------------- Page 2-----------------------\n\f1\n"
            "-[The Criminal Code \\(Article 225 and 476\\)](#)\n<http://www.itu.int/x>\n")
    assert [l.text for l in logical_lines(text)] == ["-The Criminal Code (Article 225 and 476)", "http://www.itu.int/x"]


def test_layout_bullets_in_two_columns_become_two_items():
    text = "-  Electronic Transactions Act                                           -  Electronic Evidence Act.  \n"
    assert [l.text for l in logical_lines(text)] == ["- Electronic Transactions Act", "- Electronic Evidence Act."]


@pytest.mark.parametrize("raw,enc,expect", [
    ("Jamaica’s online".encode("utf-8-sig"), "utf-8-sig", "Jamaica’s online"),
    ("Jamaica’s online".encode("cp1252"), "cp1252", "Jamaica’s online"),
    ("Sweden’s strategy “x”".encode("gbk"), "gbk", "Sweden’s strategy “x”"),
    ("CÔTE D’IVOIRE".encode("utf-8"), "utf-8", "CÔTE D’IVOIRE"),
])
def test_encodings(raw, enc, expect):
    assert decode(raw) == (expect, enc)


# --- country resolution -------------------------------------------------------------------------

@pytest.mark.parametrize("title,alpha3", [
    ("REPUBLIC OF POLAND", "POL"), ("COMMONWEALTH OF THE BAHAMAS", "BHS"), ("CÔTE D’IVOIRE", "CIV"),
    ("SUDAN (REPUBLIC OF)", "SDN"), ("MICRONESIA (FEDERAL STATES OF)", "FSM"), ("CAPE-VERDE", "CPV"),
    ("BURKINA-FASO", "BFA"), ("PLURINATIONAL STATE OF BOLIVIA", "BOL"), ("THE COMMONWEALTH OF DOMINICA", "DMA"),
    ("LAO PEOPLE’S DEMOCRATIC REPUBLIC", "LAO"), ("REPUBLIC OF MACEDONIA", "MKD"), ("SWAZILAND", "SWZ"),
    ("HONG KONG", "HKG"), ("STATE OF PALESTINE", "PSE"), ("DEMOCRATIC REPUBLIC OF THE CONGO", "COD"),
    ("CONGO", "COG"), ("DEMOCRATIC REPUBLIC OF TIMOR-LESTE", "TLS"), ("BRUNEI", "BRN"), ("KYRGYZ REPUBLIC", "KGZ"),
])
def test_titles_resolve_to_iso_and_wikidata(title, alpha3):
    c = countries.resolve(title)
    assert c is not None and c.alpha3 == alpha3
    assert c.qid.startswith("Q")


@pytest.mark.parametrize("title", ["ATLANTIS", "It", "REPUBLIC OF", ""])
def test_unknown_titles_do_not_resolve(title):
    assert countries.resolve(title) is None


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference not available")
def test_wikidata_qids_agree_with_the_reference_table_except_documented_codes():
    """rigour (our source) and the reference (OWID) differ on AQ, DK, EH, SJ only (see README)."""
    differ = []
    with REFERENCE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            terr = countries._territory(row["iso_alpha2"])
            if terr is None:
                differ.append(row["iso_alpha2"])
                continue
            assert terr.alpha3.upper() == row["iso_alpha3"]
            if terr.qid != row["wikidata_qid"]:
                differ.append(row["iso_alpha2"])
    assert sorted(differ) == ["AQ", "DK", "EH", "SJ"]


# --- statuses ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,status", [
    # A negative qualified by a plan is partial (issue 12 reading rules; was "no").
    ("Bhutan does not have any officially recognized national cybersecurity strategy. However Bhutan is going to develop the e-Gov Policy.", "partial"),
    ("There is no agency responsible for cybersecurity in Chad.", "no"),
    ("Bhutan does not any official recognized partnerships to facilitate sharing.", "no"),
    ("Ukraine has no officially recognized national benchmarking.", "no"),
    ("There is no information on any agency responsible for cybersecurity in Belarus.", "unknown"),
    ("Belize does not have the exact number of public sector professionals certified.", "unknown"),
    ("Mongolia is currently in the process of creating the National CIRT (MNCIRT).", "partial"),
    ("The Ministry of Information and Communication is the officially recognized agency responsible for implementing a national cybersecurity strategy.", "yes"),
    ("Belize is a member of the ITU-IMPACT initiative and has access to relevant cybersecurity services.", "yes"),
    ("There are BSI Technical Guidelines for implementing international recognized cybersecurity standards in Germany.", "yes"),
    ("Online illegal content can be reported in the website of Meldpunt.", "yes"),
])
def test_status_phrases(text, status):
    assert classify(text)[0] == status


def test_status_unknown_phrase_is_unparsed_not_defaulted():
    assert classify("The Federal Police of Mexico of a national cybersecurity strategy, policy and roadmap.") is None


def test_cirt_section_status_ignores_the_assessment_sentence():
    text = ("ITU-IMPACT conducted a CIRT readiness assessment for Lesotho at Maseru, Lesotho during November 2012. "
            "Lesotho does not have yet an officially recognized national CIRT.")
    assert classify(text, "1.2.1")[0] == "no"


# --- numbers, dates, conventions, instruments -------------------------------------------------------

def _lines(*texts):
    return [Line(i + 1, t) for i, t in enumerate(texts)]


def test_malformed_number_is_kept_verbatim_and_reported():
    findings = []
    pop, net = _background(_lines("Total Population: 31 011 00", "Internet users, percentage of population: Unknown%",
                                  "(data source: United Nations Statistics Division, December 2012)",
                                  "(data source: ITU Statistics, 2013)"), findings)
    assert pop.value is None and pop.verbatim == "31 011 00"
    assert net.value is None and net.verbatim == "Unknown%"
    assert {f.kind for f in findings} == {"malformed-number", "unknown-value"}
    assert (pop.source, pop.period, net.source, net.period) == ("United Nations Statistics Division", "2012-12", "ITU Statistics", "2013")


def test_percentage_outside_0_100_is_not_recorded():
    findings = []
    _pop, net = _background(_lines("Internet users, percentage of population: 160.5%"), findings)
    assert net.value is None and "implausible-value" in {f.kind for f in findings}


def test_population_is_a_whole_count_and_internet_users_a_decimal_percentage():
    """Belize's BACKGROUND prints 'Total Population: 324 000' and 'Internet users, percentage of
    population: 31.70%': the population is an int (persons, xsd:integer), the share a Decimal."""
    from ..conftest import DATA
    from cyberkg.sources.profile import parse_file

    p = parse_file(DATA / "profile-belize.txt")
    assert type(p.population.value) is int and p.population.value == 324000
    assert type(p.internet.value) is Decimal and p.internet.value == Decimal("31.70")
    # A share printed without decimals is still a Decimal percentage, a population never one.
    pop, net = _background(_lines("Total Population: 1 000", "Internet users, percentage of population: 5%"), [])
    assert (type(pop.value), pop.value, type(net.value), net.value) == (int, 1000, Decimal, Decimal(5))


def test_update_date_with_misspelt_ordinal_is_read_and_reported():
    findings = []
    d, raw = _footer(_lines("Last updated on 22th January 2015"), findings)
    assert d.isoformat() == "2015-01-22" and findings[0].kind == "malformed-number"


def test_impossible_update_date_is_reported_not_invented():
    findings = []
    d, raw = _footer(_lines("Last updated on 31st February 2015"), findings)
    assert d is None and findings[0].kind == "invalid-date"


def _profile_with_22(text):
    body = ("CYBERWELLNESS PROFILE\nBHUTAN\nBACKGROUND\nTotal Population: 750 000\n"
            "2.2 UN CONVENTION AND PROTOCOL\n" + text + "\nLast updated on 12th August 2014\n")
    from pathlib import Path
    return parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))


@pytest.mark.parametrize("sentence,action", [
    ("Bhutan has acceded, with no declarations or reservations to articles 16, 17(e) and 34(c), to the Convention on the Rights of the Child.", "accession"),
    ("Bhutan has signed and ratified, with no declarations, the Convention on the Rights of the Child.", "ratification"),
    ("Bhutan has ratified the Convention on the Rights of the Child.", "ratification"),
    ("Bhutan has signed the Convention on the Rights of the Child.", "signature"),
    ("Bhutan has signed but not yet ratified the Convention on the Rights of the Child.", "signature"),
    ("Bhutan has not acceded to the Convention on the Rights of the Child.", "none"),
    ("Bhutan is not a party to the Convention on the Rights of the Child.", "none"),
    ("There is no information on the Convention on the Rights of the Child.", "unknown"),
])
def test_convention_action_phrasings(sentence, action):
    p = _profile_with_22(sentence)
    assert [(c.convention, c.action) for c in p.conventions] == [("CRC", action), ("OPSC", "unknown")]


def test_did_not_accede_to_the_convention_and_protocol_is_none_for_both():
    p = _profile_with_22("Bhutan did not accede to the UN Convention and Protocol.")
    assert [(c.convention, c.action) for c in p.conventions] == [("CRC", "none"), ("OPSC", "none")]
    assert p.statements["2.2"].status == "no"
    assert not any(f.kind == "unparsed-action" for f in p.findings)


@pytest.mark.parametrize("verbatim,value", [
    (" : 33 397 000", 33397000), ("29.82 million", 29820000), ("1.2 billion", 1200000000), ("90, 800", 90800),
    ("2 217 000", 2217000), ("2 44 769 000", None), ("31 011 00", None),
])
def test_background_figures_readers_read_without_doubt(verbatim, value):
    findings = []
    pop, _ = _background(_lines(f"Total Population: {verbatim}"), findings)
    assert pop.value == value
    assert ("malformed-number" in {f.kind for f in findings}) == (value is None)


def test_convention_phrase_matching_no_rule_is_unparsed():
    p = _profile_with_22("Bhutan has succeeded to the Convention on the Rights of the Child.")
    assert p.conventions[0].action == "unknown"
    assert any(f.kind == "unparsed-action" for f in p.findings)


def test_missing_sections_are_unknown_and_reported():
    p = _profile_with_22("Bhutan has acceded to the Convention on the Rights of the Child.")
    assert p.statements["1.2.1"].status == "unknown"
    assert sum(1 for f in p.findings if f.kind == "missing-section") == 20


@pytest.mark.parametrize("item,title,provisions", [
    ("-The Criminal Code (Article 225 and 476)", "The Criminal Code", "Article 225 and 476"),
    ("- Article 349 of the Criminal Code.", "Criminal Code", "Article 349"),
    ("- Criminal Court of the Kingdom of Cambodia: Articles 317-320 and Articles 427-432", "Criminal Court of the Kingdom of Cambodia", "Articles 317-320 and Articles 427-432"),
    ("- Articles 374 and 375* of the Criminal Code", "Criminal Code", "Articles 374 and 375"),
    ("- Electronic Commerce Law (156(I)/2004)", "Electronic Commerce Law (156(I)/2004)", None),
    ("- Chapter 21A of the Criminal Code – does not explicitly criminalize child pornography", "Criminal Code", "Chapter 21A"),
])
def test_instrument_items(item, title, provisions):
    sec = Section("2.1", "2.1 NATIONAL LEGISLATION", 1, _lines("Specific legislation ... following instruments:", item))
    got = _instruments(sec, "child-protection")
    assert [(i.title, i.provisions) for i in got] == [(title, provisions)]


def test_sentences_keep_abbreviations():
    assert sentences("ITU conducted an assessment for St. Kitts and Nevis. It has a CIRT.") == [
        "ITU conducted an assessment for St. Kitts and Nevis.", "It has a CIRT."]


def test_heading_without_number_and_misspelt_background_are_reported():
    sp = split(_lines("CYBERWELLNESS PROFILE", "ROMANIA", "BACKROUND", "Total Population: 1 000",
                      "CRIMINAL LEGISLATION", "text"))
    assert sp.background[0].text == "Total Population: 1 000"
    assert "1.1.1" in sp.sections
    assert {code for code, _ in sp.notes} == {"background", "1.1.1"}


@pytest.mark.parametrize("text,code,inline", [
    ("1.2.1 CIRT", "1.2.1", None),
    ("1.2.1CIRT", "1.2.1", None),
    ("1.21 CIRT", "1.2.1", None),  # damaged number, known title
    ("1 . 3 . 3 RESPONSIBLE AGENCY", "1.3.3", None),
    ("2.1 NATIONAL LEGISLATION AND STRATEGY", "2.1", None),
    ("1.2.1 CIRT ITU conducted an assessment.", "1.2.1", "ITU conducted an assessment."),
    ("REGULATION AND COMPLIANCE", "1.1.2", None),
])
def test_heading_forms(text, code, inline):
    from cyberkg.sources.sections import _heading

    h = _heading(Line(1, text))
    assert h is not None and h[0] == code and h[2] == inline


@pytest.mark.parametrize("text", ["1.2.1 CIRT", "1.1.2 REGULATION AND COMPLIANCE", "2.4 REPORTING MECHANISM"])
def test_an_intact_heading_has_no_note(text):
    from cyberkg.sources.sections import _heading

    assert _heading(Line(1, text))[3] is None


@pytest.mark.parametrize("heading,reported", [("BACKGROUND", False), ("Background", False), ("BACKROUND", True),
                                              ("BACK GROUND", True), ("BACKGROND", True)])
def test_a_misspelt_background_heading_is_reported(heading, reported):
    sp = split(_lines("CYBERWELLNESS PROFILE", "ROMANIA", heading, "Total Population: 1 000", "1.1.1 CRIMINAL LEGISLATION", "text"))
    assert sp.background[0].text == "Total Population: 1 000"
    assert (("background", f"heading '{heading}' is a misspelling of BACKGROUND") in sp.notes) is reported


def test_a_numbered_heading_with_an_unknown_title_is_read_by_its_number_and_reported():
    """The number alone is enough for an indicator heading whose title is damaged (no other text on the line)."""
    from cyberkg.sources.sections import _heading

    code, title, inline, note = _heading(Line(1, "1.2.1 COMPUTER INCIDENT RESPONSE TEAM"))
    assert (code, title, inline) == ("1.2.1", "COMPUTER INCIDENT RESPONSE TEAM", None)
    assert "does not carry the series title 'CIRT'" in note


@pytest.mark.parametrize("text,number,title_of", [("1.2.1 STANDARDS", "1.2.1", "1.2.2"), ("1.2.2 CIRT", "1.2.2", "1.2.1")])
def test_a_heading_whose_title_belongs_to_another_indicator_keeps_its_number_and_is_reported(text, number, title_of):
    from cyberkg.sources.sections import _heading

    code, _, _, note = _heading(Line(1, text))
    assert code == number and f"has number {number} but the title of {title_of}" in note


@pytest.mark.parametrize("text", ["CIRT.", "1. BS 7799", "CIRT readiness assessment was conducted", "ITU-IMPACT"])
def test_text_lines_are_not_headings(text):
    from cyberkg.sources.sections import _heading

    assert _heading(Line(1, text)) is None


@pytest.mark.parametrize("title,alpha3", [("MACAU, CHINA", "MAC"), ("LAO PDR", "LAO"), ("KOREA (REPUBLIC OF)", "KOR"),
                                          ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "GBR"),
                                          ("THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA", "MKD"), ("KOSOVO", "XKX")])
def test_more_title_forms(title, alpha3):
    assert countries.resolve(title).alpha3 == alpha3


def test_reporting_contacts_phone_with_country_code_and_email():
    from pathlib import Path

    from ..conftest import DATA
    from cyberkg.sources.profile import parse_file

    p = parse_file(DATA / "profile-cambodia.txt")
    assert {(c.kind, c.value) for c in p.contacts} == {("phone", "(855) 92 335 536"), ("email", "incident@camcert.gov.kh")}


def test_sentence_about_another_country_is_reported_not_dropped():
    from pathlib import Path

    body = ("CYBERWELLNESS PROFILE\nLESOTHO\nBACKGROUND\nTotal Population: 2 217 000\n"
            "1.3.1 POLICY\nBotswana does not have an officially recognized national cybersecurity strategy.\n"
            "1.5.3 PUBLIC SECTOR PARTNERSHIP\nHowever BD CERT organizes events to share knowledge.\n"
            "Last updated on 12th August 2014\n")
    p = parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))
    other = [f for f in p.findings if f.kind == "other-country"]
    assert {f.section for f in other} == {"1.3.1", "1.5.3"}
    assert p.statements["1.3.1"].status == "no"  # kept as stated


def test_private_use_bullets_and_wrapped_years():
    text = "\uf0b7 Article 117 of the Criminal Code.\n- Decision on Preserving Computer Network Security\n2000\n12\n"
    assert [l.text for l in logical_lines(text)] == [
        "- Article 117 of the Criminal Code.", "- Decision on Preserving Computer Network Security", "2000"]


# --- CIRT name forms (made up in the style of the series; other wordings of each kind judge) -------

def _moldova(text, population="3 500 000"):
    body = (f"CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: {population}\n1.2.1 CIRT\n" + text +
            "\n1.2.2 STANDARDS\nMoldova has no framework.\nLast updated on 12th August 2014\n")
    from pathlib import Path
    return parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))


def _cirts_of(text):
    return sorted((c.name, c.role, c.state) for c in _moldova(text, "750 000").cirts)


def test_teams_of_a_sectoral_list_carry_the_sector_named_with_them_or_other():
    p = _moldova("Moldova has an officially recognized national CIRT (CERT-MD) and the following sectoral CIRTs:\n"
                 "-FinCERT (banking sector)\n-PowerCERT")
    assert sorted((c.name, c.role, c.sector) for c in p.cirts) == [
        ("CERT-MD", "national", None), ("FinCERT", "sectoral", "financial"), ("PowerCERT", "sectoral", "other")]


@pytest.mark.parametrize("population,reported", [("3 500 000", False), ("75 000 000", True), ("1 000 000", True)])
def test_a_population_far_from_geonames_figure_is_kept_and_reported(population, reported):
    """GeoNames gives Moldova about 3.5 million: a figure more than twice or less than half of it is reported."""
    p = _moldova("Moldova has no CIRT.", population)
    assert p.population.value == int(population.replace(" ", ""))
    assert any(f.kind == "implausible-value" and f.section == "background" for f in p.findings) is reported


@pytest.mark.parametrize("text,want", [
    ("Moldova has an officially recognized national CIRT known as GovCERT.MD. There is an ISP customer base CIRT known as "
     "CSIRT.MD and an educational CIRT known as MDCERT.",
     [("CSIRT.MD", "sectoral", "exists"), ("GovCERT.MD", "national", "exists"), ("MDCERT", "sectoral", "exists")]),
    ("Moldova has a national CIRT (MD-CERT/CC) and a private CERT (YYCERT).",
     [("MD-CERT/CC", "national", "exists"), ("YYCERT", "private", "exists")]),
    ("Moldova has two national CIRTs ABC CERT under the ministry and CERT-MD which was established by the regulator.",
     [("ABC CERT", "national", "exists"), ("CERT-MD", "national", "exists")]),
    ("Moldova has the 3 following governmental CIRTs:\n-CERT-A (Critical Infrastructure)\n-CERT-B\n-CERT-C",
     [("CERT-A", "governmental", "exists"), ("CERT-B", "governmental", "exists"), ("CERT-C", "governmental", "exists")]),
    ("Moldova has the 3 following governmental CIRTs: -ALPHA CERT (Critical Infrastructure) -BETA-CERT -GAMMACERT",
     [("ALPHA CERT", "governmental", "exists"), ("BETA-CERT", "governmental", "exists"), ("GAMMACERT", "governmental", "exists")]),
    ("Moldova has an officially recognized national CIRT (CERT-MD) and also sectoral CIRTs:\n-FinCERT -EduCERT\n-BankCERT -EnergyCERT",
     [("BankCERT", "sectoral", "exists"), ("CERT-MD", "national", "exists"), ("EduCERT", "sectoral", "exists"),
      ("EnergyCERT", "sectoral", "exists"), ("FinCERT", "sectoral", "exists")]),
    ("Moldova has an officially recognized national CIRT. The following CIRTs are also operational:\n"
     "- CYBER-INT (military intelligence CERT)\n- BANK-CERT (financial sector)",
     [("BANK-CERT", "sectoral", "exists"), ("CYBER-INT", "military", "exists")]),
    ("CERT.md is currently under formation.", [("CERT.md", "national", "under-formation")]),
    ("The Moldovan Cyber Incident Response Centre (MCIRC) is the officially recognized CIRT.",
     [("Moldovan Cyber Incident Response Centre (MCIRC)", "national", "exists")]),
    ("The Moldova National Cyber Security Centre (NCSC) is the national CIRT responsible for coordinating incident response.",
     [("Moldova National Cyber Security Centre (NCSC)", "national", "exists")]),
    ("Moldova has a National CERT known as Computer Emergency Response Team of Moldova (CERT-MD). CERT-MD operates under the "
     "regulator. IT Security Unit (ITSU) acts as the Computer Security Incident Response Team (CSIRT) for the Civil Service.",
     [("Computer Emergency Response Team of Moldova (CERT-MD)", "national", "exists"), ("IT Security Unit (ITSU)", "governmental", "exists")]),
    ("Moldova has an officially recognized national CIRT (CERT-MD) and many others such as the commercial CIRT (CERTXYZ) and CERT LA POSTE etc.",
     [("CERT LA POSTE", "private", "exists"), ("CERT-MD", "national", "exists"), ("CERTXYZ", "private", "exists")]),
    ("Moldova has an officially recognized national CIRT, MDCERT. MDCERT-MD has existed within the government.",
     [("MDCERT", "national", "exists")]),
    ("Moldova has an officially recognized national CIRT known as CERT-MD. Moldova is also a member of APCERT.",
     [("APCERT", "regional", "exists"), ("CERT-MD", "national", "exists")]),
    ("Moldova has a national CERT (CERT-MD) and other specialized CERTs such as CIP CERT (operated by the emergency service).",
     [("CERT-MD", "national", "exists"), ("CIP CERT", "sectoral", "exists")]),
    # The same team by its name without the acronym printed the first time is not a second team.
    ("Moldova has a National CERT known as Computer Emergency Response Team of Moldova (CERT-MD). The Computer Emergency "
     "Response Team of Moldova is the national CIRT operating under the regulator.",
     [("Computer Emergency Response Team of Moldova (CERT-MD)", "national", "exists")]),
    ("Moldova has the following governmental CIRTs:\n-Computer Emergency Response Team of Moldova (CERT-MD)\n"
     "-Computer Emergency Response Team of Moldova",
     [("Computer Emergency Response Team of Moldova (CERT-MD)", "governmental", "exists")]),
    # A list item of up to 8 words is a name as printed; a longer one is a sentence, and the team it names is kept.
    ("Moldova has the following sectoral CIRTs:\n-National Centre for Response to Computer Security Incidents\n"
     "-the financial sector team is known as BankCERT locally",
     [("BankCERT", "sectoral", "exists"), ("National Centre for Response to Computer Security Incidents", "sectoral", "exists")]),
])
def test_cirt_name_forms(text, want):
    assert _cirts_of(text) == sorted(want)


@pytest.mark.parametrize("text,want", [
    ("The Economic and Financial Crimes Commission (EFCC) is responsible for cybersecurity in X.",
     [("Economic and Financial Crimes Commission", "EFCC", None, None)]),
    ("The Specialized Cyber Security Division in Ruritania Development Board (RDB) is the officially recognized agency responsible.",
     [("Specialized Cyber Security Division", None, "Ruritania Development Board", "RDB")]),
    ("The Division of Communication under the Department of Transportation, Communication and Infrastructure is the officially "
     "recognized agency responsible for implementing a national cybersecurity strategy.",
     [("Division of Communication", None, "Department of Transportation, Communication and Infrastructure", None)]),
    ("The lead agency for cybersecurity in X is the RX Police Force, which has created an IT Unit.",
     [("RX Police Force", None, None, None)]),
    ("The Ministry of the Interior, Cyber Crime Investigation Unit (BRICIB), the General Secretariat of the Presidency and the "
     "Sub-Secretariat of Telecommunications all play key roles in cybersecurity.",
     [("Ministry of the Interior", None, None, None), ("Cyber Crime Investigation Unit", "BRICIB", None, None),
      ("General Secretariat of the Presidency", None, None, None), ("Sub-Secretariat of Telecommunications", None, None, None)]),
])
def test_agency_forms(text, want):
    from cyberkg.sources.profile import _agencies
    sec = Section("1.3.3", "1.3.3 AGENCY", 1, [Line(1, text)])
    assert [(a.name, a.acronym, a.parent, a.parent_acronym) for a in _agencies(sec)] == want


@pytest.mark.parametrize("lines,want", [
    (["- Cyber Crime Prevention Act - RA 10175"], [("Cyber Crime Prevention Act - RA 10175", None)]),
    (["-High Technology Crimes Law No. -Electronic Commerce, Documents", "53/07", "and Digital Signatures Law."],
     [("High Technology Crimes Law No. 53/07", None), ("Electronic Commerce, Documents and Digital Signatures Law", None)]),
    (["-ICT Act 2001 -Data Protection Act 2004", "-", "Unsolicited Commercial Electronic Bill is being drafted with partners"],
     [("ICT Act 2001", None), ("Data Protection Act 2004", None), ("Unsolicited Commercial Electronic Bill", None)]),
    (["-Art 204, 403- Penal Code."], [("Penal Code", "Art 204, 403")]),
    (["-Rules Concerning the Processing of Personal Data Art. 17 of Law 23/05/1995 n.70"],
     [("Rules Concerning the Processing of Personal Data", "Art. 17 of Law 23/05/1995 n.70")]),
    (["- Penal Code amended by the Ruritanian Cybercrime Offence Law 9048."], [("Penal Code", None), ("Ruritanian Cybercrime Offence Law 9048", None)]),
    (["- Article 173* of the Criminal Code, amended by the law n. 8590, J uly 2007"], [("Criminal Code", "Article 173 (amended by the law n. 8590, July 2007)")]),
    (["- Cybercrime Bill 2013 (in view)", "- Child Protection Act, 1995 (not available in pdf or html)."],
     [("Cybercrime Bill 2013 (in view)", None), ("Child Protection Act, 1995", None)]),
    (["- Decree N° 10/2015 of creation of the Undersecretary of CIIP and", "Cybersecurity under the Chief of the Cabinet Office for the National Government"],
     [("Decree N° 10/2015 of creation of the Undersecretary of CIIP and Cybersecurity under the Chief of the Cabinet Office for the National Government", None)]),
])
def test_instrument_item_forms(lines, want):
    sec = Section("1.1.1", "1.1.1 CYBERCRIMINAL LEGISLATION", 1,
                  [Line(1, "Specific legislation on cybercrime has been enacted through the following instruments:")]
                  + [Line(i + 2, t) for i, t in enumerate(lines)])
    assert [(i.title, i.provisions) for i in _instruments(sec, "cybercrime")] == want


def test_instrument_named_in_quotes_without_a_list():
    sec = Section("1.1.1", "1.1.1 CYBERCRIMINAL LEGISLATION", 1, [Line(1, "There is a draft legislation on cybercrime "
                  "“Draft of Cyber Security ACT 2013” approved by the joint decree of the Minister.")])
    assert [(i.title, i.provisions) for i in _instruments(sec, "cybercrime")] == [("Draft of Cyber Security ACT 2013", None)]


def test_two_column_rows_wrap_in_turn():
    lines = ["- Law n° 78-17 of January 1976 relating to computer, files - Law n° 2004-575 of June 2004 pour la confiance dans",
             "and freedoms", "l'économie numérique",
             "- Civil Code Law n° 2000-230 on Electronic Evidence and - Decree n° 2009-834 of July on the national",
             "Electronic Signature", "security agency"]
    sec = Section("1.1.2", "1.1.2 CYBERSECURITY REGULATION", 1,
                  [Line(1, "Specific legislation and regulation related to cybersecurity has been enacted through the following instruments:")]
                  + [Line(i + 2, t) for i, t in enumerate(lines)])
    assert [i.title for i in _instruments(sec, "regulation")] == [
        "Law n° 78-17 of January 1976 relating to computer, files and freedoms",
        "Law n° 2004-575 of June 2004 pour la confiance dans l'économie numérique",
        "Civil Code Law n° 2000-230 on Electronic Evidence and Electronic Signature",
        "Decree n° 2009-834 of July on the national security agency"]


@pytest.mark.parametrize("lines,title", [
    (("CYBERWELLNESS PROFILE", "BOSNIA AND", "HERZEGOVINA"), "BOSNIA AND HERZEGOVINA"),
    # a flag caption ends the name: capitals after it are not part of it
    (("CYBERWELLNESS PROFILE", "MOLDOVA", "Flag of the Republic of Moldova", "REPUBLIC"), "MOLDOVA"),
    (("CYBERWELLNESS PROFILE", "MOLDOVA", "http://www.itu.int/flags/md.png", "REPUBLIC"), "MOLDOVA"),
    (("CYBERWELLNESS PROFILE MOLDOVA", "BACKROUND", "REPUBLIC"), "MOLDOVA"),
])
def test_the_country_title_is_the_capitals_before_the_first_caption(lines, title):
    from cyberkg.sources.profile import _title

    assert _title(_lines(*lines)) == title


def test_a_list_without_bullets_runs_from_the_colon_to_the_first_sentence():
    from cyberkg.sources.profile import _unbulleted_items

    lines = _lines("Bhutan has the following instruments:", "Penal Code of Bhutan", "Evidence Act",
                   "Bhutan has no other law on this.", "Civil Code")
    assert _unbulleted_items(lines) == ["Penal Code of Bhutan", "Evidence Act"]


def test_a_profile_without_its_footer_is_reported_as_truncated():
    def truncated(p):
        return ("footer", "truncated") in {(f.section, f.kind) for f in p.findings}

    assert not truncated(_moldova("Moldova has no CIRT."))
    from pathlib import Path
    body = "CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: 3 500 000\n1.2.1 CIRT\nMoldova has no CIRT.\n"
    assert truncated(parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body)))


def test_a_sentence_after_a_list_is_not_part_of_its_last_item_but_a_lower_case_line_continues_it():
    def titles(*lines):
        sec = Section("1.1.1", "1.1.1 CYBERCRIMINAL LEGISLATION", 1,
                      [Line(1, "Specific legislation on cybercrime has been enacted through the following instruments:")]
                      + [Line(i + 2, t) for i, t in enumerate(lines)])
        return [i.title for i in _instruments(sec, "cybercrime")]

    assert titles("- Cybercrime Act 2015.", "The ministry is also drafting a data protection law") == ["Cybercrime Act 2015"]
    assert titles("- Electronic Transactions Act 2010;", "amended in 2015.") == ["Electronic Transactions Act 2010; amended in 2015"]


def test_an_acronym_in_mixed_case_is_read_as_the_agency_s_acronym():
    from cyberkg.sources.profile import _clean_agency

    assert _clean_agency("The Ministry of Information and Communications (MoIC)") == ("Ministry of Information and Communications", "MoIC")
    assert _clean_agency("Computer Emergency Response Team (CERT-MU).") == ("Computer Emergency Response Team", "CERT-MU")


def test_the_cirt_status_ignores_the_word_national_in_an_assessment_sentence():
    p = _moldova("Moldova has a university CIRT (UniCERT). ITU completed a CIRT assessment for the national government in 2015.")
    assert (p.statements["1.2.1"].status, p.statements["1.2.1"].rule) == ("partial", "partial:sectoral-cirt-only")
    assert [(c.name, c.role) for c in p.cirts] == [("UniCERT", "sectoral")]


def test_a_bulleted_list_after_a_lead_that_does_not_announce_cirts_names_no_teams():
    assert _cirts_of("Moldova has an officially recognized national CIRT (CERT-MD). It offers the following services:\n"
                     "-Incident Response\n-Vulnerability Handling") == [("CERT-MD", "national", "exists")]


def test_an_agency_named_only_by_its_acronym_takes_the_full_name_printed_with_it_elsewhere():
    body = ("CYBERWELLNESS PROFILE\nMOLDOVA\nBACKGROUND\nTotal Population: 750 000\n1.2.1 CIRT\nMoldova has an officially "
            "recognized national CIRT. The National Information Technology Agency (ANTIC) hosts it.\n1.3.3 AGENCY\n"
            "ANTIC is the officially recognized agency responsible for cybersecurity.\nLast updated on 12th August 2014\n")
    from pathlib import Path
    p = parse_text(SourceText(Path("t.txt"), "0" * 64, "utf-8", body))
    assert [(a.name, a.acronym) for a in p.agencies] == [("National Information Technology Agency", "ANTIC")]
