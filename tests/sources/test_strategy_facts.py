"""The strategy reader against hand-checked facts: 22 corpus documents read by two independent
readers and settled (tests/expected/strategies/*.json, SUMMARY.md says how).

Compared per field: country (iso3), title, year, period, issuer, language, status and the named
CIRTs of the country (as a set).  Titles and issuers are compared once case, spacing and
punctuation are ignored (the extraction drops spaces in some title pages: 'NationalCyberSecurity').
Every difference between the reader and the gold is listed in known-misses.json as an exact
(file, field, expected, actual) entry: a new miss fails the test, and so does a fix (remove the
entry; regenerate with CYBERKG_REGEN=1 and review the diff).  The accuracy per field is printed
(`pytest -s`) and recorded in README.

The corpus is read from ../shared/corpus/national-strategies (or $CYBERKG_STRATEGIES); without it
these tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from cyberkg.graph.strategy import cirt_owner
from cyberkg.sources import strategy
from cyberkg.sources.text import read_source

from ..conftest import ROOT

STRATEGIES = Path(os.environ.get("CYBERKG_STRATEGIES", ROOT.parent / "shared" / "corpus" / "national-strategies"))
EXPECTED = ROOT / "tests" / "expected" / "strategies"
KNOWN = EXPECTED / "known-misses.json"
# Documents that are not in ../shared (heldout*/SUMMARY.md say where they come from): the rules were
# not written on them, so their accuracy estimates the accuracy on documents not seen.  (folder of
# the gold, environment variable, default place, readers, documents)
HELDOUT_SETS = {
    "heldout": (EXPECTED / "heldout", "CYBERKG_HELDOUT_STRATEGIES", ROOT.parent / "heldout" / "unseen", ["s3", "s4"], 15),
    "heldout-b": (EXPECTED / "heldout-b", "CYBERKG_HELDOUT_B_STRATEGIES", ROOT.parent / "heldout" / "setB", ["s5", "s6"], 19),
}
FIELDS = ("iso3", "title", "year", "period", "issuer", "language", "status", "cirts")


def corpus_or_skip() -> Path:
    if not STRATEGIES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"strategies corpus not found at {STRATEGIES}: CI must have ../shared")
        pytest.skip(f"third-party strategies corpus not found at {STRATEGIES} (set CYBERKG_STRATEGIES); not shipped")
    return STRATEGIES


def _norm(s) -> str | None:
    if s is None:
        return None
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"[^a-z0-9]+", "", s) or None


def _cirt_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower())


def _cirt_keys(name: str) -> set[str]:
    m = re.fullmatch(r"\s*(.*?)\s*\(([^)]*)\)\s*", name)
    forms = [m.group(1), m.group(2)] if m else [name]
    return {_cirt_key(f) for f in forms if _cirt_key(f)}


def read_facts(path: Path) -> dict:
    s = strategy.parse_text(read_source(path))
    alpha3 = s.country.alpha3 if s.country else None
    cirts = sorted({m.name for m in s.mentions if m.kind == "cirt" and (alpha3 is None or cirt_owner(m.name, alpha3, s.countries_named) == alpha3)})
    return {"iso3": alpha3, "title": s.title, "year": str(s.year) if s.year else None,
            "period": f"{s.period[0]}-{s.period[1]}" if s.period else None, "issuer": s.issuer,
            "language": s.language, "status": s.status, "cirts": cirts}


def compare(gold: dict, got: dict) -> dict[str, tuple]:
    """field -> (expected, actual) for the fields that differ."""
    out = {}
    for f in FIELDS:
        e, a = gold.get(f), got.get(f)
        if f in ("title", "issuer"):
            same = _norm(e) == _norm(a)
        elif f == "period":
            same = (re.sub(r"\D", "", e or "") or None) == (re.sub(r"\D", "", a or "") or None)
        elif f == "cirts":
            # A team is the same when any of its forms agree: 'Name (ACR)' is 'Name' and 'ACR'.
            ek, ak = [_cirt_keys(x) for x in (e or [])], [_cirt_keys(x) for x in (a or [])]
            same = all(any(x & y for y in ak) for x in ek) and all(any(x & y for y in ek) for x in ak)
            e, a = sorted(e or []), sorted(a or [])
        elif f == "language":
            same = (e or "unknown") == (a or "unknown")
        else:
            same = (str(e) if e is not None else None) == (str(a) if a is not None else None)
        if not same:
            out[f] = (e, a)
    return out


def gold_files(expected: Path = EXPECTED) -> list[Path]:
    return sorted(expected.glob("*.json"), key=lambda p: p.name) if expected.is_dir() else []


def evaluate(corpus: Path, expected: Path = EXPECTED) -> tuple[list[dict], dict[str, float]]:
    misses, right = [], {f: 0 for f in FIELDS}
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in gold_files(expected) if p.name != "known-misses.json"]
    for g in golds:
        got = read_facts(corpus / g["file"])
        diff = compare(g, got)
        for f in FIELDS:
            if f in diff:
                e, a = diff[f]
                misses.append({"file": g["file"], "field": f, "expected": e, "actual": a})
            else:
                right[f] += 1
    return misses, {f: right[f] / len(golds) for f in FIELDS}


def test_gold_has_the_settled_documents():
    golds = [p for p in gold_files() if p.name != "known-misses.json"]
    assert len(golds) >= 20
    for p in golds:
        g = json.loads(p.read_text(encoding="utf-8"))
        assert set(FIELDS) <= set(g) and g["readers"] == ["s1", "s2"], p.name


def test_facts_per_field_equal_the_gold_but_for_the_known_misses(capsys):
    corpus = corpus_or_skip()
    misses, accuracy = evaluate(corpus)
    with capsys.disabled():
        print("\nstrategy facts, accuracy per field over", len(gold_files()) - 1, "documents: "
              + ", ".join(f"{f} {accuracy[f]:.0%}" for f in FIELDS))
    if os.environ.get("CYBERKG_REGEN"):
        KNOWN.write_text(json.dumps(misses, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip("regenerated known-misses.json; review it")
    known = json.loads(KNOWN.read_text(encoding="utf-8"))
    new = [m for m in misses if m not in known]
    fixed = [m for m in known if m not in misses]
    assert not new, f"new misses: {new}"
    assert not fixed, f"fixed (remove from known-misses.json): {fixed}"


@pytest.mark.parametrize("name", sorted(HELDOUT_SETS))
def test_heldout_gold_has_the_settled_documents(name):
    expected, _, _, readers, count = HELDOUT_SETS[name]
    golds = [p for p in gold_files(expected) if p.name != "known-misses.json"]
    assert len(golds) == count
    for p in golds:
        g = json.loads(p.read_text(encoding="utf-8"))
        assert set(FIELDS) <= set(g) and g["readers"] == readers, p.name


@pytest.mark.parametrize("name", sorted(HELDOUT_SETS))
def test_heldout_facts_per_field_equal_the_gold_but_for_the_known_misses(name, capsys):
    """The same comparison on a held-out set (its known-misses.json).  Its documents are not in
    ../shared and not shipped: without them (the set's environment variable) this test skips."""
    expected, var, default, _, count = HELDOUT_SETS[name]
    corpus = Path(os.environ.get(var, default))
    if not corpus.is_dir():
        pytest.skip(f"held-out strategies '{name}' not found at {corpus} (set {var}; "
                    f"tests/expected/strategies/{expected.name}/SUMMARY.md says how to get them): third-party text, not shipped")
    misses, accuracy = evaluate(corpus, expected)
    with capsys.disabled():
        print(f"\nheld-out strategy facts ({name}), accuracy per field over {count} documents: "
              + ", ".join(f"{f} {accuracy[f]:.0%}" for f in FIELDS))
    known_file = expected / "known-misses.json"
    if os.environ.get("CYBERKG_REGEN"):
        known_file.write_text(json.dumps(misses, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip(f"regenerated {expected.name}/known-misses.json; review it")
    known = json.loads(known_file.read_text(encoding="utf-8"))
    assert not [m for m in misses if m not in known], "new misses"
    assert not [m for m in known if m not in misses], f"fixed (remove from {expected.name}/known-misses.json)"


def test_cert_pa_in_italys_strategy_is_italys_team_on_the_corpus():
    """Italy's strategy names 'Public Administration’s Computer Emergency Response Team (CERT-PA)' and
    never Panama (PA): the team is Italy's.  The teams the corpus names with another country's code
    stay that country's where the text names it: Colombia's list of the region's teams ('Argentina
    (ArCERT)', 'Paraguay (CSIRT-Py)', 'United States (USCERT)' ...), Malta's 'CERT-UK' (the UK is
    named), Saudi Arabia's 'US-CERT' (the U.S. is named)."""
    corpus = corpus_or_skip()

    def owners(name: str) -> dict[str, str | None]:
        s = strategy.parse_text(read_source(corpus / name))
        return {m.name: cirt_owner(m.name, s.country.alpha3, s.countries_named) for m in s.mentions if m.kind == "cirt"}

    it = owners("Italy.txt")
    assert it["CERT-PA"] == "ITA" and read_facts(corpus / "Italy.txt")["cirts"].count("CERT-PA") == 1
    co = owners("Colombia.txt")
    assert {n: co[n] for n in ("ArCERT", "CSIRT-Py", "PerCERT", "SurCSIRT", "US-CERT", "USCERT", "VenCERT")} == {
        "ArCERT": "ARG", "CSIRT-Py": "PRY", "PerCERT": "PER", "SurCSIRT": "SUR", "US-CERT": "USA", "USCERT": "USA", "VenCERT": "VEN"}
    assert owners("Malta.txt")["CERT-UK"] == "GBR" and owners("SaudiArabia.txt")["US-CERT"] == "USA"
