"""Country resolution (sources/countries.py): what must resolve, and what must never resolve.

A profile title that resolves wrongly puts every fact of the document on the wrong country, so the
guards are tested one by one: historical states are never matched (their successors are), and a
word of three letters or fewer is never looked up (it would match an ISO code or an abbreviation).
"""

from __future__ import annotations

import pytest

from cyberkg.sources import countries


def _historical():
    """rigour's historical territories: (code, every Latin-script name it lists)."""
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text

    out = []
    for data in iter_jsonl_text(territories_jsonl()):
        if data.get("is_historical"):
            names = [data.get("name"), data.get("full_name")] + data.get("names_strong", []) + data.get("names_weak", [])
            out.append((data["code"], sorted({n for n in names if n and n.isascii()})))
    return out


HISTORICAL = _historical()


@pytest.mark.parametrize("title", [
    "YUGOSLAVIA", "SERBIA AND MONTENEGRO", "SOCIALIST FEDERAL REPUBLIC OF YUGOSLAVIA", "FEDERAL REPUBLIC OF YUGOSLAVIA",
    "CZECHOSLOVAKIA", "SOVIET UNION", "UNION OF SOVIET SOCIALIST REPUBLICS", "USSR", "EAST GERMANY",
    "GERMAN DEMOCRATIC REPUBLIC", "ZAIRE", "REPUBLIC OF ZAIRE", "NETHERLANDS ANTILLES",
])
def test_historical_states_do_not_resolve(title):
    assert countries.resolve(title) is None


def test_no_name_of_any_historical_territory_resolves_to_it():
    assert len(HISTORICAL) >= 10  # rigour still lists them: the test is not vacuous
    wrong = []
    for code, names in HISTORICAL:
        for name in names:
            c = countries.resolve(name)
            if c is not None and c.alpha2.lower() == code.lower():
                wrong.append((name, c.alpha3))
    assert wrong == []


@pytest.mark.parametrize("title,alpha3", [
    ("SERBIA", "SRB"), ("REPUBLIC OF SERBIA", "SRB"), ("MONTENEGRO", "MNE"), ("CZECH REPUBLIC", "CZE"),
    ("SLOVAKIA", "SVK"), ("RUSSIAN FEDERATION", "RUS"), ("GERMANY", "DEU"), ("UKRAINE", "UKR"), ("BELARUS", "BLR"),
    ("DEMOCRATIC REPUBLIC OF THE CONGO", "COD"), ("BOSNIA AND HERZEGOVINA", "BIH"), ("CROATIA", "HRV"),
])
def test_successor_states_resolve(title, alpha3):
    c = countries.resolve(title)
    assert c is not None and c.alpha3 == alpha3


@pytest.mark.parametrize("title", ["UAE", "USA", "UK", "It", "CAN", "ITA", "GBR", "ARE", "BTN", "DEU", "U A E", "u.k."])
def test_words_of_three_letters_or_fewer_are_never_looked_up(title):
    """"UAE", "CAN" or "It" would match an ISO code or an alias; profile titles are names."""
    assert countries.resolve(title) is None


@pytest.mark.parametrize("title,alpha3", [
    ("PERU", "PER"), ("CUBA", "CUB"), ("TOGO", "TGO"), ("CHAD", "TCD"), ("OMAN", "OMN"), ("MALI", "MLI"),
    ("IRAN", "IRN"), ("IRAQ", "IRQ"), ("FIJI", "FJI"), ("LAOS", "LAO"), ("Chad", "TCD"), ("THE GAMBIA", "GMB"),
])
def test_four_letter_names_resolve(title, alpha3):
    c = countries.resolve(title)
    assert c is not None and (c.alpha3, c.title) == (alpha3, title)


def test_resolution_carries_iso_codes_wikidata_and_the_title_as_printed():
    c = countries.resolve("REPUBLIC OF CHAD")
    assert (c.alpha2, c.alpha3, c.qid, c.title) == ("TD", "TCD", "Q657", "REPUBLIC OF CHAD")
    assert c.name == "Chad"


@pytest.mark.parametrize("title,variant", [
    ("SUDAN (REPUBLIC OF)", "REPUBLIC OF SUDAN"), ("SUDAN (REPUBLIC OF)", "SUDAN"), ("MACAU, CHINA", "MACAU"),
    ("LAO PDR", "LAO PEOPLE'S DEMOCRATIC REPUBLIC"), ("CAPE-VERDE", "CAPE VERDE"), ("THE GAMBIA", "GAMBIA"),
    ("REPUBLIC OF POLAND", "POLAND"), ("CÔTE D’IVOIRE", "CÔTE D'IVOIRE"),
])
def test_title_variants(title, variant):
    assert variant in countries._variants(title)


def test_full_forms_are_tried_before_stripped_ones():
    v = countries._variants("DEMOCRATIC REPUBLIC OF THE CONGO")
    assert v[0] == "DEMOCRATIC REPUBLIC OF THE CONGO"
    assert v.index("DEMOCRATIC REPUBLIC OF THE CONGO") < v.index("CONGO")
    assert countries.resolve("DEMOCRATIC REPUBLIC OF THE CONGO").alpha3 == "COD"
    assert countries.resolve("REPUBLIC OF THE CONGO").alpha3 == "COG"


def test_variants_have_no_duplicates_and_no_blanks():
    v = countries._variants("  the  Republic of  Poland. ")
    assert len(v) == len(set(v)) and all(v)
    assert v[0] == "the Republic of Poland"


def test_key_folds_accents_case_apostrophes_and_punctuation():
    assert countries._key("Côte d’Ivoire") == countries._key("COTE D'IVOIRE") == "cote divoire"
    assert countries._key("  São Tomé & Príncipe ") == "sao tome principe"


@pytest.mark.parametrize("title", ["DUBAI", "ABU DHABI", "NEW SOUTH WALES", "AUSTRALIAN CAPITAL TERRITORY"])
def test_subdivisions_without_an_iso_country_code_do_not_resolve(title):
    """rigour knows them (with a Wikidata QID) but they have no ISO 3166-1 alpha-3: not a country."""
    assert countries.resolve(title) is None


def test_leading_state_form_words_are_dropped_one_at_a_time():
    """Every shorter form is tried, so an odd number of form words still reaches the bare name."""
    v = countries._variants("FEDERAL REPUBLIC OF NIGERIA")
    stripped = v[v.index("FEDERAL REPUBLIC OF NIGERIA") + 1:]
    assert stripped == ["REPUBLIC OF NIGERIA", "OF NIGERIA", "NIGERIA"]
    assert "KENYA" in countries._variants("THE REPUBLIC OF KENYA")[1:]


@pytest.mark.parametrize("code", ["ZZ", "ae-du", "au-nsw", "eu", "qq"])
def test_a_code_without_both_an_iso_alpha3_and_a_wikidata_item_is_no_country(code):
    """rigour knows most of them (a region, a subdivision, the EU: a QID but no ISO 3166-1 alpha-3)."""
    assert countries.by_alpha2(code) is None


def test_a_code_resolves_to_its_country_with_the_code_as_title():
    c = countries.by_alpha2("TD")
    assert (c.alpha2, c.alpha3, c.qid, c.name, c.title, c.realm_qid) == ("TD", "TCD", "Q657", "Chad", "TD", None)


@pytest.mark.parametrize("alpha2,qid,realm", [
    ("DK", "Q35", "Q756617"), ("AQ", "Q21590062", "Q51"), ("EH", "Q6250", "Q40362"), ("SJ", "Q842829", "Q25231"),
])
def test_where_rigour_names_the_realm_the_iso_item_is_the_country_and_the_realm_its_broad_match(alpha2, qid, realm):
    """Fast twin of tests/sources/test_wikidata_countries.py, without the reference table."""
    c = countries.by_alpha2(alpha2)
    assert (c.qid, c.realm_qid) == (qid, realm)
    assert countries.resolve(c.name).realm_qid == realm
