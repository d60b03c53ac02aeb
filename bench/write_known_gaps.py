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


def main() -> None:
    old = json.loads((ROOT / "tests/expected/facts/known-gaps.json").read_text())
    gaps: dict = {}

    def record(stem, field, got, want):
        got, want = T._plain(got), T._plain(want)
        if got != want:
            why = old.get(stem, {}).get(field, {}).get("why") or WHY.get(field.split(".")[0], "extraction differs")
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
