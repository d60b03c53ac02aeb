"""Write tests/expected/facts/known-gaps.json from the parser's output today (explicit, never run by
the tests): every field where the parser differs from the hand-checked facts, with the exact wrong
value.  Review the diff: a gap that appears is a regression unless the facts changed.

    .venv/bin/python bench/write_known_gaps.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "etl"))

from tests.sources import test_facts as T  # noqa: E402

WHY = {
    "statuses": "status wording the phrase rules do not yet read as the readers did",
    "programmes": "programme naming: the readers keep full printed names, editions and events; the parser keys acronyms and series",
    "instruments": "instrument list splitting/qualifiers differ from the readers' printed form",
    "responsible_agencies": "agency name boundaries (parent, lists, descriptions) differ from the readers'",
    "cirts": "team name, role or state not read as the readers did",
    "national_cirts": "national team name not read as the readers did",
}


# The specific cause of each remaining gap, read from the source text (round 2).  A gap without an
# entry here gets a why that names exactly what the parser misses and adds.
CAUSE = {
    "Albania/programmes": "1.5.4 names the 'ITU Regional Forum on Cybersecurity for Europe and CIS' as an event attended; the parser reads memberships and acronyms, not events",
    "Algeria/instruments": "1.1.1 list printed in two interleaved PDF columns: the wrapped halves 'Telecommunications' and 'Crime' are joined to the wrong items",
    "Algeria/programmes": "1.5.4 names two drills/workshops (ITU-IMPACT workshop on cyber drill, ITU-RCC regional forum cyber drill) as events; the parser keys only ITU-IMPACT",
    "Algeria/statuses.1.2.1": "the qualifying sentence 'USAID is assisting the Algerian government in developing its own national CIRT capability' has no progress phrase the rules know (another body assisting)",
    "Argentina/programmes": "'OAS Crisis Management Exercise on Cybersecurity' is an exercise named in a sentence without a membership verb",
    "Argentina/responsible_agencies": "1.3.3 prints 'ONTI' and the two units without parent; the readers expanded ONTI from the unbracketed 'Oficina ... Información ONTI' of 1.3.1 and took the parent 'Chief of the Cabinet Office' from 1.1.2",
    "Australia/instruments": "1.1.2: the wrapped line 'enforces the Spam Act.' belongs to the ACMA item of the other column, the parser joins it to the last item",
    "Bangladesh/instruments": "1.1.1 three items printed in interleaved columns; the wrapped words ('Technology Act', 'Regulation Act') are appended to the last item",
    "Bangladesh/programmes": "the readers keep the event 'APCERT cyber security drills'; the parser keys the organisation APCERT",
    "Barbados/programmes": "'participates in CTU, ITU, and OAS platforms': ITU in a list without a 'held by / under' lead is not read",
    "Benin/instruments": "1.1.1 item continues with a description ('related to the creation of a division ... This decree stipulates') that has no verb the comment-tail rule knows",
    "Chile/instruments": "2.1 provisions: the readers dropped 'the' in 'included by the Law n.19.617'; the parser keeps the text as printed (not changed: gold and text differ only by that word)",
    "Chile/programmes": "'trained personnel in other OAS Member States': OAS read by the readers from a sentence without a membership verb",
    "Chile/statuses.1.3.1": "'While there is no official ... strategy, Chilean authorities have been working for a number of years to develop ...': a 'While' concession, not a 'but/however' clause, so the negative is not qualified",
    "China/cirts": "1.5.4 prints the list item '-A PCERT' (split letters), which the regional-team pattern does not read as APCERT",
    "Dominican_Republic/programmes": "INTERPOL named as a cooperation partner in a sentence without a membership verb",
    "Ecuador/programmes": "item printed 'Participation in the Latin American Working Group ...': the lead word 'Participation in' is kept in the name",
    "Fiji/programmes": "the readers keep the event 'Asia Pacific CIRT cybersecurity forums'; the parser keys APCERT",
    "France/instruments": "1.1.2 in two interleaved PDF columns: the parser now gives the columns' wrapped lines in turn, but one printed line holds both columns' text ('Policy Statement No. 1300 ... nonconfidentiality of national defense which is attached') and 'that creates the national security agency' is cut as a comment; 1.1.1 the readers keep 'was made on January 10, 2006 (art 323)' in the title",
    "Hongkong/programmes": "'APEC TEL (Telecommunications and Information Working Group)': the parenthesis is a description, not an acronym, so APEC TEL is not taken",
    "India/programmes": "'UN Committee of Group of Experts' named after 'part of the' in a wording the membership pattern does not reach",
    "Italy/programmes": "'(NIS Platform)' follows 'participates in the Network and Information Security Platform' on a wrapped line; the acronym with a word is not joined",
    "Italy/statuses.1.4.4": "'OCSI certifies ... However they are no exact numbers' (misspelt 'there are'): the no-exact-number rule leads and gives unknown; the readers read the certifying body as yes",
    "Jordan/programmes": "'OIC-CERT team' printed with 'team': the key keeps the word",
    "Jordan/statuses.1.5.3": "negative qualified by a future role: 'However according to the CERT roadmap, they will handle this role' ('will handle' is no progress phrase)",
    "Lebanon/statuses.1.4.2": "'There are a number of ... research initiatives' reads yes; the readers read 'Currently Lebanon relies on its service providers ...' (no national programme) as partial",
    "Mauritius/programmes": "events and fora ('Cyber Security Forum organized by the CTO', 'Forum of the Council of Europe', GLACY in a wrapped line) kept whole by the readers; the parser keys organisations and adds the 'FIRST Conference' event",
    "Micronesia/programmes": "the readers keep 'APT', 'ITU' and the event 'Asia Pacific CIRT cybersecurity forums' from a sentence without 'held by / under'",
    "Mongolia/instruments": "1.1.2 names a Government Resolution in a sentence, quoted subject inside; the quoted-title rule keeps only quoted titles",
    "Mongolia/programmes": "the readers keep the event 'APT cybersecurity forums'; the parser keys APT",
    "Mongolia/statuses.1.2.3": "1.2.3 text describes offices reorganised by Government Decree, nothing on certification; the parser reads 'established' as yes, the readers unknown",
    "Montenegro/cirts": "1.2.1 prints 'CIRTMontegro' (misspelt); the readers took 'Montenegro Computer Incident Response Team (CIRTMontenegro)' from 2.3/2.4",
    "Montenegro/national_cirts": "as cirts: misspelt 'CIRTMontegro' in 1.2.1, the full name is printed in 2.3/2.4",
    "Montenegro/programmes": "ALERT and the ITU Regional Forum named as events hosted, without a membership verb",
    "Myanmar/programmes": "'hosted the first ITU-IMPACT Applied Learning for Emergency Response Team (ALERT)': the name starts with ITU-IMPACT and is dropped as the ITU-IMPACT membership",
    "Oman/instruments": "1.1.2 item 'Oman e-Governance Framework (OeGAF) Security Compliance Requirements': the acronym in the middle ends the title",
    "Oman/programmes": "1.5.4 is a long list of events with places and years ('Cyber Defence Summit 2012 and 2013, Muscat'); places and years are not separated from names",
    "Philippines/responsible_agencies": "1.3.3 is a two-column table printed with each cell twice ('Cyber Crime Unit and Cyber Crime Unit', city names of the labs)",
    "Philippines/statuses.1.5.1": "1.5.1 carries 1.4.4's sentence (certified agencies), not its own subject: the readers call it unknown, the parser reads the negative",
    "Philippines/statuses.1.5.2": "as 1.5.1: a sentence of another section copied under this heading; the readers call it unknown",
    "Philippines/statuses.1.5.3": "as 1.5.1: a sentence of another section copied under this heading; the readers call it unknown",
    "Romania/instruments": "1.1.1 'Law no. 161/2003 - Anti-corruption Law, Title III ... (art. 42-51)' split at ' - ' into two items",
    "Romania/statuses.1.4.2": "negative qualified by 'However CERT-RO is currently implementing a European funded project' ('implementing a project' is no progress phrase)",
    "Rwanda/programmes": "'Africa Union' named in a sentence without a membership verb",
    "Rwanda/statuses.1.4.1": "'the draft National Cyber Security Policy' reads partial:draft; the readers read 'a Unit in charge of R&D was established' as yes",
    "Saint/programmes": "CITCE (misspelt CICTE) and OAS in a sentence without a membership verb",
    "Senegal/programmes": "'GLAY' (misspelt GLACY) on a wrapped line",
    "St_Kitts_and_Nevis/programmes": "CITCE (misspelt CICTE) and OAS in a sentence without a membership verb",
    "St_Vincent_and_the_Grenadines/instruments": "2.1 'Section 71 and 73 from the Electronic Transactions Act': provisions joined by 'from', not 'of'",
    "St_Vincent_and_the_Grenadines/programmes": "CTU, INTERPOL and OAS named in a cooperation sentence without a membership verb",
    "Togo/instruments": "2.1 names 'Article 392 of the Children's Code' and 'Article 89 of the Criminal Code' in a sentence, not a list",
    "Uganda/instruments": "'National Information Technology Authority of Uganda (NITA-U) Act': the acronym in the middle ends the title",
    "Uganda/statuses.1.4.3": "'does not have the exact number ... However there are at least three within the CERT-UG': the parser reads partial, the readers yes (a count is stated)",
    "United_Arab_Emirates/instruments": "2.1 'Article 12 of the prevention of Information Technology Crimes': the provisions rule stops at the first capital",
    "United_Arab_Emirates/programmes": "'Honeynet Project. aeCERT is a member of FIRST' on one line: the sentence break is lost",
}


def main() -> None:
    old = json.loads((ROOT / "tests/expected/facts/known-gaps.json").read_text())
    gaps: dict = {}

    def record(stem, field, got, want):
        got, want = T._plain(got), T._plain(want)
        if got != want:
            why = CAUSE.get(f"{stem}/{field}")
            if why is None:
                kind = WHY.get(field.split(".")[0], "extraction differs")
                if isinstance(got, list) and isinstance(want, list):
                    miss = [x for x in want if x not in got]
                    extra = [x for x in got if x not in want]
                    why = f"{kind}: misses {json.dumps(miss, ensure_ascii=False)}, adds {json.dumps(extra, ensure_ascii=False)}"
                else:
                    why = f"{kind}: reads {got!r}, the readers {want!r}"
            gaps.setdefault(stem, {})[field] = {"expected": want, "actual": got, "why": why}

    T.check = record
    tests = [getattr(T, n) for n in dir(T) if n.startswith("test_") and n != "test_every_gap_names_a_profile_and_a_field"]
    for f in T.FACTS:
        case = T._load(f)
        for t in tests:
            t(case)
    out = ROOT / "tests/expected/facts/known-gaps.json"
    out.write_text(json.dumps(gaps, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(sum(len(v) for v in gaps.values()), "gaps in", len(gaps), "profiles")


if __name__ == "__main__":
    main()
