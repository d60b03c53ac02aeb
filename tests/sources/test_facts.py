"""Extraction against hand-checked facts (tests/expected/facts/*.json, written by reading the files).

Each JSON file was written by a person reading the profile, independently of the parser.  The
comparison is field by field so a failure names the profile and the fact that differs.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from cyberkg.sources.profile import parse_file
from cyberkg.sources.text import norm_key

from ..conftest import CORPUS, DATA, EXPECTED

FACTS = sorted(p for p in (EXPECTED / "facts").glob("*.json") if p.name != "known-gaps.json")
# Facts the parser does not yet read as the readers did.  Each gap is the exact wrong value expected
# today: {"<stem>": {"<field>": {"expected": <hand-read>, "actual": <parser's today>, "why": ...}}}.
# A gap holds only while the parser gives exactly `actual` (any other change to that field, and any
# change to any other field of the profile, fails), and `expected` must equal the facts file.
GAPS = json.loads((EXPECTED / "facts" / "known-gaps.json").read_text(encoding="utf-8"))


def _source(exp: dict):
    if exp["source"] == "seed":
        return DATA / exp["file"]
    return CORPUS / exp["file"]


def _load(path):
    exp = json.loads(path.read_text(encoding="utf-8"))
    src = _source(exp)
    if not src.exists():
        pytest.skip(f"{src} not available (third-party corpus is not shipped; set CYBERKG_CORPUS)")
    return path.stem, exp, parse_file(src)


def _key(s: str) -> str:
    return norm_key(s.removeprefix("The ").removeprefix("the "))


def _plain(v):
    """JSON-comparable form (tuples -> lists, Decimal -> str)."""
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, Decimal):
        return str(v)
    return v


def check(stem: str, field: str, got, want) -> None:
    got, want = _plain(got), _plain(want)
    gap = GAPS.get(stem, {}).get(field)
    if gap is None:
        assert got == want, f"{stem} {field}: got {got!r}, expected {want!r}"
        return
    assert gap["expected"] == want, f"{stem} {field}: known-gaps.json 'expected' no longer equals the facts file"
    assert got != want, f"{stem} {field}: fixed; remove the entry from known-gaps.json"
    assert got == gap["actual"], f"{stem} {field}: changed from the recorded wrong value {gap['actual']!r} to {got!r}"


def test_every_gap_names_a_profile_and_a_field():
    stems = {f.stem for f in FACTS}
    fields = {"iso3", "population", "internet_users_pct", "updated", "national_cirts", "cirts", "cirt_assessments",
              "cirt_assessment_locations", "responsible_agencies", "instruments", "conventions", "programmes"} | {
        f"statuses.{c}" for c in __import__("cyberkg.sources.scheme", fromlist=["INDICATORS"]).INDICATORS}
    for stem, gaps in GAPS.items():
        assert stem in stems, stem
        for field, gap in gaps.items():
            assert field in fields and {"expected", "actual"} <= set(gap), (stem, field)


@pytest.fixture(params=FACTS, ids=[f.stem for f in FACTS])
def case(request):
    return _load(request.param)


def test_country_resolved_from_title(case):
    stem, exp, p = case
    check(stem, "iso3", p.country.alpha3, exp["iso3"])


def test_background_statistics_with_source_and_period(case):
    stem, exp, p = case
    check(stem, "population", p.population.value if p.population else None, exp["population"])
    got_net = p.internet.value if p.internet else None
    check(stem, "internet_users_pct", None if got_net is None else float(got_net),
          None if exp["internet_users_pct"] is None else float(Decimal(str(exp["internet_users_pct"]))))
    if exp["population"] is not None and p.population and p.population.value == exp["population"]:
        assert p.population.source == exp["population_source"]
        assert p.population.period == exp["population_date"]
    if exp["internet_users_pct"] is not None and p.internet and p.internet.value is not None:
        assert p.internet.source == exp["internet_source"]
        assert p.internet.period == exp["internet_date"]


def test_last_updated_date(case):
    stem, exp, p = case
    check(stem, "updated", p.updated.isoformat() if p.updated else None, exp["updated"])


def test_section_statuses(case):
    stem, exp, p = case
    for code, want in exp["statuses"].items():
        check(stem, f"statuses.{code}", p.statements[code].status, want)


def _names(names) -> list[list[str]]:
    """A team printed as 'Name (ACR)' is identified by the name or the acronym: compare key sets."""
    out = []
    for n in names:
        m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*", n)
        out.append(sorted({_key(n)} | ({_key(m.group(1)), _key(m.group(2))} if m else set())))
    return sorted(out)


def _matched(got: list[str], want: list[str]) -> dict[str, str]:
    """{got name: the expected name it identifies (or itself)}, pairing each got name with its own
    match (not by sorted position, which paired 'OCERT' with 'OIC CERT')."""
    left = list(want)
    out = {}
    for g in got:
        gk = set(_names([g])[0])
        hit = next((w for w in left if gk & set(_names([w])[0])), None)
        if hit is not None:
            left.remove(hit)
        out[g] = hit if hit is not None else g
    return out


def _match(got: list[str], want: list[str]) -> list[str]:
    """got, with each name replaced by the expected name it identifies (so that equal sets compare equal)."""
    left = list(want)
    out = []
    for g in got:
        gk = set(_names([g])[0])
        hit = next((w for w in left if gk & set(_names([w])[0])), None)
        if hit is not None:
            left.remove(hit)
        out.append(hit if hit is not None else g)
    return sorted(out)


def test_national_cirts(case):
    stem, exp, p = case
    got = [c.name for c in p.cirts if c.national]
    check(stem, "national_cirts", _match(got, exp["national_cirts"]), sorted(exp["national_cirts"]))


def test_cirts_with_role_and_state(case):
    """Every team named, with the role the profile gives it and its state (exists, under formation ...)."""
    stem, exp, p = case
    want_names = [c["name"] for c in exp["cirts"]]
    by_name = _matched([c.name for c in p.cirts], want_names)
    got = sorted([by_name.get(c.name, c.name), c.role, c.state] for c in p.cirts)
    want = sorted([c["name"], c["role"], c["state"]] for c in exp["cirts"])
    check(stem, "cirts", got, want)


def _at_precision(got, wanted):
    if got and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:/.*)?", got):
        return next((w for w in wanted if w and re.fullmatch(r"\d{4}(?:-\d{2})?", w) and got.startswith(w + "-")), got)
    return got


def test_cirt_assessments(case):
    stem, exp, p = case
    # The readers wrote YYYY, YYYY-MM or YYYY/YYYY (READER_BRIEF.md); a day range the parser reads is
    # compared at the reader's precision ("2012-04-23/2012-04-27" is "2012-04" when they wrote that).
    wdates = [a["date"] for a in exp["cirt_assessments"]]
    got = sorted([_at_precision((a.start + "/" + a.end) if a.end else a.start, wdates), a.assessor] for a in p.assessments)
    want = sorted([a["date"], a["assessor"]] for a in exp["cirt_assessments"])
    check(stem, "cirt_assessments", got, want)
    got_loc = sorted(norm_key(a.location or "") for a in p.assessments)
    want_loc = sorted(norm_key(a["location"] or "") for a in exp["cirt_assessments"])
    check(stem, "cirt_assessment_locations", got_loc, want_loc)


def test_responsible_agencies(case):
    stem, exp, p = case
    # As the readers write an agency: "Name (ACR), Parent (ACR)", acronyms and parent where printed.
    got = sorted({_key(a.name + (f" ({a.acronym})" if a.acronym else "") + (", " + a.parent if a.parent else "")
                       + (f" ({a.parent_acronym})" if a.parent and a.parent_acronym else "")) for a in p.agencies})
    check(stem, "responsible_agencies", got, sorted({_key(n) for n in exp["responsible_agencies"]}))


def test_legal_instruments_with_category_and_provisions(case):
    stem, exp, p = case
    got = sorted([i.section, _key(i.title), norm_key(i.provisions or "")] for i in p.instruments)
    want = sorted([i["section"], _key(i["title"]), norm_key(i["provisions"] or "")] for i in exp["instruments"])
    check(stem, "instruments", got, want)


def test_convention_actions(case):
    stem, exp, p = case
    check(stem, "conventions", {c.convention: c.action for c in p.conventions}, exp["conventions"])


def test_international_programmes(case):
    stem, exp, p = case
    from cyberkg.sources.profile import programme_key
    check(stem, "programmes", sorted({pr.key for pr in p.programmes}), sorted({programme_key(n) for n in exp["programmes"]}))
