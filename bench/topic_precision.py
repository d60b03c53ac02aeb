"""Precision of the topic passages on a sample judged by two readers.

    .venv/bin/python bench/topic_precision.py J1 J2 SAMPLE

SAMPLE is a file written by bench/topic_sample.py (a list of {id, doc, line, topic, passage, ...});
J1 and J2 are the readers' judgements, each a list of {id, about: true|false, why}.  A passage
counts as about its topic when both readers say so.  Prints, per topic and overall: passages,
true (both), precision, and the readers' agreement (share of passages they judge alike, and
Cohen's kappa).  Exits 1 when a reader's file misses an id of the sample.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _load(path: str) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def kappa(a: list[bool], b: list[bool]) -> float | None:
    n = len(a)
    if not n:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe == 1 else (po - pe) / (1 - pe)


def table(j1: list[dict], j2: list[dict], sample: list[dict]) -> list[tuple[str, int, int, float, float, float | None]]:
    v1 = {x["id"]: bool(x["about"]) for x in j1}
    v2 = {x["id"]: bool(x["about"]) for x in j2}
    missing = [p["id"] for p in sample if p["id"] not in v1 or p["id"] not in v2]
    if missing:
        raise SystemExit(f"judgements missing for {', '.join(missing)}")
    topics = list(dict.fromkeys(p["topic"] for p in sorted(sample, key=lambda p: p["topic"])))
    rows = []
    for topic in topics + ["all"]:
        ps = [p for p in sample if topic == "all" or p["topic"] == topic]
        a = [v1[p["id"]] for p in ps]
        b = [v2[p["id"]] for p in ps]
        both = sum(x and y for x, y in zip(a, b))
        agree = sum(x == y for x, y in zip(a, b)) / len(ps)
        rows.append((topic, len(ps), both, both / len(ps), agree, kappa(a, b)))
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    j1, j2, sample = (_load(p) for p in argv)
    print(f"{'topic':42} {'n':>3} {'true':>4} {'precision':>9} {'agree':>6} {'kappa':>6}")
    for topic, n, both, prec, agree, k in table(j1, j2, sample):
        ks = "   n/a" if k is None else f"{k:6.2f}"
        print(f"{topic:42} {n:3d} {both:4d} {prec:9.0%} {agree:6.0%} {ks}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
