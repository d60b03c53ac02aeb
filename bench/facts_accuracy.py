"""Accuracy of the profile reader against the hand-checked facts (tests/expected/facts/*.json).

Prints, per field, how many of the profiles (or sections, for statuses) the parser gets right, on
all corpus profiles with facts and on the two halves used for hold-out discipline (tune: even
positions in the sorted list of stems, hold-out: odd positions).  Not a test: a measurement.

    .venv/bin/python bench/facts_accuracy.py [--list]
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "etl"))

from cyberkg.sources.profile import parse_file, programme_key  # noqa: E402
from cyberkg.sources.text import norm_key  # noqa: E402

FACTS = ROOT / "tests" / "expected" / "facts"
import os  # noqa: E402
CORPUS = Path(os.environ.get("CYBERKG_CORPUS", ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles"))


def key(s: str) -> str:
    return norm_key(s.removeprefix("The ").removeprefix("the "))


def name_keys(s: str) -> set[str]:
    """A team's name and, when printed with one, the acronym in parentheses: either identifies it."""
    out = {key(s)}
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*", s)
    if m:
        out |= {key(m.group(1)), key(m.group(2))}
    return out


def same_names(got: list[str], want: list[str]) -> bool:
    if len(got) != len(want):
        return False
    left = [name_keys(g) for g in got]
    for w in want:
        wk = name_keys(w)
        hit = next((i for i, g in enumerate(left) if g & wk), None)
        if hit is None:
            return False
        left.pop(hit)
    return True


def at_precision(got: str | None, wanted: list[str]) -> str | None:
    """A day range the parser reads ("2012-04-23/2012-04-27") at the precision the readers wrote
    (their brief: YYYY, YYYY-MM or YYYY/YYYY): "2012-04" when that is the reader's date."""
    if got and re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:/.*)?", got):
        return next((w for w in wanted if w and re.fullmatch(r"\d{4}(?:-\d{2})?", w) and got.startswith(w + "-")), got)
    return got


def agency_form(a) -> str:
    """An agency as the readers write it: 'Name (ACR), Parent' (acronym and parent when printed)."""
    return a.name + (f" ({a.acronym})" if a.acronym else "") + (", " + a.parent if a.parent else "") + (f" ({a.parent_acronym})" if a.parent and a.parent_acronym else "")


def fields(exp: dict, p) -> dict[str, bool]:
    out = {}
    out["population"] = (p.population.value if p.population else None) == exp["population"]
    gn = p.internet.value if p.internet else None
    en = exp["internet_users_pct"]
    out["internet_users_pct"] = (None if gn is None else Decimal(gn)) == (None if en is None else Decimal(str(en)))
    out["updated"] = (p.updated.isoformat() if p.updated else None) == exp["updated"]
    out["national_cirts"] = same_names([c.name for c in p.cirts if c.name and c.role in ("national", "governmental") and c.state == "exists"],
                                       exp["national_cirts"])
    if "cirts" in exp:
        got = sorted((c.role, c.state) for c in p.cirts if c.name)
        want = sorted((c["role"], c["state"]) for c in exp["cirts"])
        out["cirts"] = got == want and same_names([c.name for c in p.cirts if c.name], [c["name"] for c in exp["cirts"]])
    wdates = [a["date"] for a in exp["cirt_assessments"]]
    got = sorted((at_precision((a.start + "/" + a.end) if a.end else a.start, wdates), a.assessor) for a in p.assessments)
    out["cirt_assessments"] = got == sorted((a["date"], a["assessor"]) for a in exp["cirt_assessments"])
    out["responsible_agencies"] = {key(agency_form(a)) for a in p.agencies} == {key(n) for n in exp["responsible_agencies"]}
    out["instruments"] = sorted((i.section, key(i.title), norm_key(i.provisions or "")) for i in p.instruments) == \
        sorted((i["section"], key(i["title"]), norm_key(i["provisions"] or "")) for i in exp["instruments"])
    conv = {c.convention: c.action for c in p.conventions}
    out["CRC"] = conv["CRC"] == exp["conventions"]["CRC"]
    out["OPSC"] = conv["OPSC"] == exp["conventions"]["OPSC"]
    out["programmes"] = {pr.key for pr in p.programmes} == {programme_key(n) for n in exp["programmes"]}
    return out


def _reference_qids() -> dict[str, str]:
    ref = ROOT.parent / "shared" / "reference" / "wikidata-countries.tsv"
    out = {}
    for line in ref.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 3:
            out[cols[1]] = cols[2]
    return out


# The issue's own measure (issue 12): the hand-read fields, one verdict per profile and field.
ISSUE_FIELDS = ("population", "internet_users_pct", "updated", "cirt_assessments", "national_cirts",
                "cybercrime law (1.1.1)", "responsible_agencies", "CRC/OPSC", "ITU-IMPACT", "ISO", "Wikidata")


def issue_fields(exp: dict, p, res: dict[str, bool], qids: dict[str, str]) -> dict[str, bool]:
    """population, internet %, update date, CIRT assessments, national CIRTs, cybercrime law (the
    1.1.1 instruments found, title and provisions), agencies, CRC/OPSC (both actions), ITU-IMPACT
    (membership stated or not), ISO (alpha-3 from the title), Wikidata (the item of the reference
    table ../shared/reference/wikidata-countries.tsv for the expected ISO code)."""
    out = {k: res[k] for k in ("population", "internet_users_pct", "updated", "cirt_assessments", "national_cirts",
                               "responsible_agencies")}
    out["cybercrime law (1.1.1)"] = sorted((key(i.title), norm_key(i.provisions or "")) for i in p.instruments if i.section == "1.1.1") == \
        sorted((key(i["title"]), norm_key(i["provisions"] or "")) for i in exp["instruments"] if i["section"] == "1.1.1")
    out["CRC/OPSC"] = res["CRC"] and res["OPSC"]
    out["ITU-IMPACT"] = ("itu-impact" in {pr.key for pr in p.programmes}) == ("itu-impact" in {programme_key(n) for n in exp["programmes"]})
    out["ISO"] = p.country.alpha3 == exp["iso3"]
    out["Wikidata"] = p.country.qid == qids.get(exp["iso3"])
    return {k: out[k] for k in ISSUE_FIELDS}


def main() -> None:
    files = sorted(f for f in FACTS.glob("*.json") if f.name != "known-gaps.json")
    corpus = [f for f in files if json.loads(f.read_text())["source"] == "corpus"]
    halves = {"all": corpus, "tune": corpus[0::2], "hold-out": corpus[1::2]}
    rows: dict[str, dict[str, list[int]]] = {h: {} for h in halves}
    partial = {h: [0, 0] for h in halves}
    wrong: list[str] = []
    qids = _reference_qids()
    issue = {h: {} for h in halves}
    for f in corpus:
        exp = json.loads(f.read_text())
        p = parse_file(CORPUS / exp["file"])
        res = fields(exp, p)
        iss = issue_fields(exp, p, res, qids)
        for h, members in halves.items():
            if f in members:
                for k, ok in iss.items():
                    r = issue[h].setdefault(k, [0, 0]); r[0] += ok; r[1] += 1
        for k, ok in iss.items():
            if not ok and k not in res:
                wrong.append(f"{f.stem}: {k}")
        sts = {c: p.statements[c].status for c in exp["statuses"]}
        for h, members in halves.items():
            if f not in members:
                continue
            for k, ok in res.items():
                r = rows[h].setdefault(k, [0, 0]); r[0] += ok; r[1] += 1
            r = rows[h].setdefault("statuses (sections)", [0, 0])
            for c, want in exp["statuses"].items():
                r[0] += sts[c] == want; r[1] += 1
                if want == "partial":
                    partial[h][0] += sts[c] == "partial"; partial[h][1] += 1
        if h == "hold-out" or True:
            for k, ok in res.items():
                if not ok:
                    wrong.append(f"{f.stem}: {k}")
            for c, want in exp["statuses"].items():
                if sts[c] != want:
                    wrong.append(f"{f.stem}: status {c} got {sts[c]} ({p.statements[c].rule}) want {want}")
    print(f"{'field':24}" + "".join(f"{h:>18}" for h in halves))
    for k in rows["all"]:
        print(f"{k:24}" + "".join(f"{rows[h][k][0]:>8}/{rows[h][k][1]:<4}{100*rows[h][k][0]/rows[h][k][1]:5.1f}%" for h in halves))
    tot = {h: [sum(v[0] for k, v in rows[h].items() if k != 'statuses (sections)'), sum(v[1] for k, v in rows[h].items() if k != 'statuses (sections)')] for h in halves}
    print(f"{'fields (excl. statuses)':24}" + "".join(f"{tot[h][0]:>8}/{tot[h][1]:<4}{100*tot[h][0]/tot[h][1]:5.1f}%" for h in halves))
    print(f"{'partial recall':24}" + "".join(f"{partial[h][0]:>8}/{partial[h][1]:<4}{100*partial[h][0]/max(1,partial[h][1]):5.1f}%" for h in halves))
    print(f"\nissue 12's measure: hand-read fields right (target >= 98 %; national CIRTs >= 95 %)")
    print(f"{'field':24}" + "".join(f"{h:>18}" for h in halves))
    for k in ISSUE_FIELDS:
        print(f"{k:24}" + "".join(f"{issue[h][k][0]:>8}/{issue[h][k][1]:<4}{100*issue[h][k][0]/issue[h][k][1]:5.1f}%" for h in halves))
    itot = {h: [sum(v[0] for v in issue[h].values()), sum(v[1] for v in issue[h].values())] for h in halves}
    print(f"{'hand-read fields':24}" + "".join(f"{itot[h][0]:>8}/{itot[h][1]:<4}{100*itot[h][0]/itot[h][1]:5.1f}%" for h in halves))
    if "--list" in sys.argv:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
