"""Draw a seeded sample of the `addresses` passages (the topic rules' output) over the corpus of
national strategies, for two readers to judge (bench/topic_precision.py scores their judgements).

The passages are those the build puts in the graph: every English strategy of the corpus read by
sources/strategy.py, copies of one document merged (the first by file name keeps the facts), each
passage with its document, line (as in the graph: ckg:sourceLine), topic, text and section heading.
The sample takes K passages per topic at random (seed N; a topic with fewer has all of them) and
shuffles them, so that the readers cannot tell the topic order; ids are p01, p02, ...

    .venv/bin/python bench/topic_sample.py --seed N --per-topic K -o FILE
    .venv/bin/python bench/topic_sample.py --seed N --fraction 0.5 --exclude OLD... -o FILE   # half of the unseen
    .venv/bin/python bench/topic_sample.py --counts            # passages and documents per topic
    .venv/bin/python bench/topic_sample.py --all FILE          # every passage (JSON), for reading

Not a test: a measurement.  The corpus is read from $CYBERKG_STRATEGIES or
../shared/corpus/national-strategies (third-party text: never committed).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "etl"))

from cyberkg.sources import strategy as S  # noqa: E402
from cyberkg.sources.rules.strategy_topics import TOPIC_LABELS  # noqa: E402
from cyberkg.sources.text import SourceError, read_source  # noqa: E402

CORPUS = Path(os.environ.get("CYBERKG_STRATEGIES", ROOT.parent / "shared" / "corpus" / "national-strategies"))


def _read(path: Path) -> S.Strategy | None:
    try:
        src = read_source(path)
        if not S.looks_like_strategy(src.text):
            return None
        return S.parse_text(src)
    except SourceError:
        return None


def passages(corpus: Path = CORPUS, jobs: int = 2) -> list[dict]:
    """Every topic passage of the corpus, in document and line order."""
    paths = sorted(p for p in corpus.glob("*.txt"))
    with ProcessPoolExecutor(max_workers=jobs) as ex:
        read = [s for s in ex.map(_read, paths) if s is not None]
    out = []
    for s in S.merge_copies(read):
        for t in s.topics:
            out.append({"doc": s.path.name, "line": t.line, "topic": f"{t.indicator} {TOPIC_LABELS[t.indicator]}",
                        "passage": t.text, "section": t.section, "rule": t.rule})
    return out


def sample(rows: list[dict], seed: int, per_topic: int, fraction: float | None = None) -> list[dict]:
    """per_topic passages of each topic at random (all when fewer), or with fraction, that share of
    each topic's passages (rounded up): a split of the pool into a part to learn from and a part
    held out for the next round."""
    rng = random.Random(seed)
    picked = []
    for topic in TOPIC_LABELS:
        pool = [r for r in rows if r["topic"].split()[0] == topic]
        k = min(per_topic, len(pool)) if fraction is None else min(len(pool), math.ceil(fraction * len(pool)))
        picked += rng.sample(pool, k)
    rng.shuffle(picked)
    width = max(2, len(str(len(picked))))
    # The rule stays out of the sample: the readers judge the passage, not the rule.
    return [{"id": f"p{i:0{width}d}", "doc": r["doc"], "line": r["line"], "topic": r["topic"],
             "passage": r["passage"], "section": r["section"]} for i, r in enumerate(picked, start=1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-topic", type=int, default=10)
    ap.add_argument("--fraction", type=float, help="draw this share of each topic's (unseen) passages instead of --per-topic")
    ap.add_argument("-o", "--output", type=Path)
    ap.add_argument("--counts", action="store_true", help="print passages and documents per topic")
    ap.add_argument("--all", type=Path, help="write every passage (with its rule) to this JSON file")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--exclude", type=Path, nargs="*", default=[],
                    help="earlier samples: their passages are not drawn again (a new round measures unseen ones)")
    a = ap.parse_args(argv)
    rows = passages(a.corpus, a.jobs)
    seen = {(r["doc"], r["topic"], r["passage"]) for f in a.exclude for r in json.loads(f.read_text(encoding="utf-8"))}
    if a.all:
        a.all.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if a.counts:
        print(f"{'topic':40} {'passages':>8} {'documents':>9}")
        for code, label in TOPIC_LABELS.items():
            mine = [r for r in rows if r["topic"].split()[0] == code]
            print(f"{code + ' ' + label:40} {len(mine):8d} {len({r['doc'] for r in mine}):9d}")
        print(f"{'all':40} {len(rows):8d} {len({r['doc'] for r in rows}):9d}")
    if a.output:
        got = sample([r for r in rows if (r["doc"], r["topic"], r["passage"]) not in seen], a.seed, a.per_topic, a.fraction)
        a.output.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(got)} passages -> {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
