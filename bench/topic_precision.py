"""Precision of the topic passages on a sample judged by two readers.

    .venv/bin/python bench/topic_precision.py J1 J2 SAMPLE

SAMPLE is a file written by bench/topic_sample.py (a list of {id, doc, line, topic, passage, ...});
J1 and J2 are the readers' judgements, each a list of {id, about: true|false, why}.  A passage
counts as about its topic when both readers say so.  Prints, per topic and overall: passages,
true (both), precision, and the readers' agreement (share of passages they judge alike, and
Cohen's kappa).  Exits 1 when a reader's file misses an id of the sample.

    .venv/bin/python bench/topic_precision.py J1 J2 SAMPLE --population ALL --earlier DIR...

With the rules' whole output (ALL, from `bench/topic_sample.py --all`) and the folders of earlier
rounds (each with its topic-sample.json and two *-judgements.json), also prints the precision of
the whole output per topic, stratified: passages judged in an earlier round count with their
verdict (true when both readers said so), the rest at the rate of this round's sample (its
passages still in ALL), which must have been drawn from them (`topic_sample.py --exclude`).
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


def _verdicts(folder: Path) -> dict[tuple[str, str, str], bool]:
    """(doc, topic, passage) -> both readers true, for one earlier round's folder."""
    sample = _load(str(folder / "topic-sample.json"))
    judges = sorted(folder.glob("*-judgements.json"))
    if len(judges) != 2:
        raise SystemExit(f"{folder}: expected two *-judgements.json, found {len(judges)}")
    v = [{x["id"]: bool(x["about"]) for x in _load(str(j))} for j in judges]
    return {(p["doc"], p["topic"], p["passage"]): v[0][p["id"]] and v[1][p["id"]] for p in sample}


def stratified(rows, population: list[dict], earlier: list[Path]) -> list[tuple[str, int, int, int, float]]:
    """(topic, passages now, judged before, true among them, estimated precision) per topic and overall."""
    known: dict[tuple[str, str, str], bool] = {}
    for folder in earlier:
        known.update(_verdicts(folder))
    rate = {topic: prec for topic, _n, _b, prec, _a, _k in rows}
    out, tot_n, tot_true = [], 0, 0.0
    # A topic that this round's sample has none of was judged whole in earlier rounds (nothing
    # unseen was left to draw); a topic with unseen passages but no rate cannot be estimated.
    for topic in sorted({p["topic"] for p in population}):
        mine = [(p["doc"], p["topic"], p["passage"]) for p in population if p["topic"] == topic]
        judged = [known[k] for k in mine if k in known]
        if len(judged) < len(mine) and topic not in rate:
            raise SystemExit(f"{topic}: {len(mine) - len(judged)} unjudged passages and none in this round's sample")
        est = sum(judged) + (len(mine) - len(judged)) * rate.get(topic, 0.0)
        out.append((topic, len(mine), len(judged), sum(judged), est / len(mine) if mine else 0.0))
        tot_n, tot_true = tot_n + len(mine), tot_true + est
    out.append(("all", tot_n, sum(r[2] for r in out), sum(r[3] for r in out), tot_true / tot_n if tot_n else 0.0))
    return out


def main(argv: list[str]) -> int:
    population = earlier = None
    if "--population" in argv:
        i = argv.index("--population")
        population = _load(argv[i + 1])
        rest = argv[i + 2:]
        if rest[:1] != ["--earlier"]:
            print(__doc__, file=sys.stderr)
            return 2
        earlier = [Path(x) for x in rest[1:]]
        argv = argv[:i]
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    j1, j2, sample = (_load(p) for p in argv)
    print(f"{'topic':42} {'n':>3} {'true':>4} {'precision':>9} {'agree':>6} {'kappa':>6}")
    for topic, n, both, prec, agree, k in table(j1, j2, sample):
        ks = "   n/a" if k is None else f"{k:6.2f}"
        print(f"{topic:42} {n:3d} {both:4d} {prec:9.0%} {agree:6.0%} {ks}")
    if population is not None:
        print(f"\n{'whole output, stratified':42} {'now':>4} {'judged':>6} {'true':>4} {'precision':>9}")
        # The rate is that of this round's sample passages still in the output (a rule changed after
        # the round may have removed some of them; those are no longer shown).
        shown = {(p["doc"], p["topic"], p["passage"]) for p in population}
        still = [p for p in sample if (p["doc"], p["topic"], p["passage"]) in shown]
        for topic, n, judged, true, est in stratified(table(j1, j2, still), population, earlier):
            print(f"{topic:42} {n:4d} {judged:6d} {true:4d} {est:9.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
