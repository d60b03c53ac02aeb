"""Mutation-testing benchmark (not part of CI): how many small planted bugs do the tests catch?

Uses cosmic-ray (PyPI, `pip install -e ".[bench]"`) to generate and apply mutants (operators,
comparisons, constants, boolean logic, `break`/`continue`, exception types, ...) to the modules of
sources/, graph/, store/ and web/protocol.py, and runs for each mutant only the fast tests that
exercise that module (the table MODULES below), stopping at the first failure.  A mutant is
"killed" when the tests fail or time out, "survived" when they pass.

The full set is thousands of mutants at several seconds each, so the run is a sample: mutation
*positions* (one source spot, however many operators apply there) are shuffled with a fixed seed,
one operator is drawn per position, and the modules are visited round-robin until the time budget
is spent.  Same seed and budget, same mutants in the same order (the number reached depends on the
machine's speed).

Everything happens in a copy of the work tree under a temporary folder, with ../shared (the
corpus) linked beside it so that the corpus tests run (cosmic-ray edits files in
place), imported through PYTHONPATH ahead of the editable install; the work tree is never touched.

    .venv/bin/python bench/mutation.py                       # ~25 min budget, all modules
    .venv/bin/python bench/mutation.py --budget 5 --modules web/protocol.py sources/countries.py
    .venv/bin/python bench/mutation.py --report var/mutation.md   # survivors with their diffs

Prints the kill ratio per module (killed / tested; timeouts count as killed) and the total.
Survivors of the last recorded run, with the reason each is left, are in bench/mutation-survivors.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = "etl/cyberkg/"

SOURCES_TESTS = ["tests/sources/test_text_units.py", "tests/sources/test_parser_units.py", "tests/sources/test_facts.py", "tests/sources/test_policy.py"]
GRAPH_TESTS = ["tests/store/test_queries.py", "tests/graph/test_resolution.py", "tests/sources/test_policy.py"]
SHACL_FAST = ["tests/store/test_shacl_components.py", "tests/store/test_shacl_engine.py",
              "-k", "not mutated and not bundled and not engines_agree and not ill_typed"]
# module (under etl/cyberkg/) -> the fast tests that exercise it (pytest arguments).  Left out as
# too slow for a per-mutant run (minutes): test_shapes, test_policy_shapes, test_bad_input, test_cli,
# test_build_faults, pyshacl over whole profiles.  The ratios are therefore lower bounds.
MODULES: dict[str, list[str]] = {
    "sources/countries.py": ["tests/sources/test_countries.py", "tests/sources/test_parser_units.py"],
    "sources/text.py": SOURCES_TESTS,
    "sources/sections.py": SOURCES_TESTS,
    "sources/scheme.py": SOURCES_TESTS,
    "sources/profile.py": SOURCES_TESTS,
    "sources/policy.py": ["tests/sources/test_policy.py", "tests/store/test_queries.py"],
    "graph/vocab.py": ["tests/graph/test_units.py"] + GRAPH_TESTS,
    "graph/profile.py": ["tests/graph/test_units.py"] + GRAPH_TESTS,
    "graph/policy.py": ["tests/graph/test_policy_graph.py"] + GRAPH_TESTS,
    "graph/resolve.py": ["tests/graph/test_units.py", "tests/graph/test_resolution.py", "tests/store/test_queries.py"],
    "store/build.py": ["tests/store/test_swap.py", "tests/store/test_build_units.py", "tests/store/test_queries.py"],
    "store/shacl.py": SHACL_FAST,
    "store/queries.py": ["tests/store/test_queries.py"],
    "web/protocol.py": ["tests/web/test_protocol.py", "tests/web/test_serve_protocol.py"],
}


def _annotations(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Source ranges of type annotations: never evaluated (`from __future__ import annotations`), so
    a mutant there (`str | None` -> `str / None`) is equivalent by construction and not sampled."""
    import ast

    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        anns = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            anns = [a.annotation for a in node.args.args + node.args.kwonlyargs + node.args.posonlyargs] + [node.returns]
            anns += [a.annotation for a in (node.args.vararg, node.args.kwarg) if a]
        elif isinstance(node, ast.AnnAssign):
            anns = [node.annotation]
        out += [((a.lineno, a.col_offset), (a.end_lineno, a.end_col_offset)) for a in anns if a is not None]
    return out


def positions(module: str):
    """cosmic-ray's mutations of one module grouped by source position: {(line, col): [MutationSpec]}."""
    from cosmic_ray.commands.init import _all_work_items

    path = Path(PKG + module)
    skip = _annotations(path)
    spots = defaultdict(list)
    for item in _all_work_items([path], {}):
        m = item.mutations[0]
        if any(a <= tuple(m.start_pos) < b for a, b in skip):
            continue
        spots[tuple(m.start_pos)].append(m)
    return spots


def copy_tree(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    for f in files:
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--budget", type=float, default=25.0, help="minutes of mutant runs (default 25)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--modules", nargs="*", default=list(MODULES), help="modules under etl/cyberkg/")
    ap.add_argument("--per-module", type=int, default=60, help="at most this many mutants per module")
    ap.add_argument("--report", type=Path, help="write survivors with their diffs here (markdown)")
    ap.add_argument("--json", type=Path, help="write every result here")
    args = ap.parse_args()

    from cosmic_ray.mutating import mutate_and_test
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    args.report = args.report.resolve() if args.report else None  # before chdir into the copy
    args.json = args.json.resolve() if args.json else None
    work = Path(tempfile.mkdtemp(prefix="cyberkg-mutation-"))
    tmp = work / "tree"
    tmp.mkdir()
    copy_tree(tmp)
    # The tests find the corpus and the reference tables at ../shared beside the tree: without it
    # every corpus test of the copy is skipped, and mutants only they kill are reported as survivors.
    if (ROOT.parent / "shared").is_dir():
        (work / "shared").symlink_to(ROOT.parent / "shared")
    os.chdir(tmp)
    os.environ["PYTHONPATH"] = str(tmp / "etl") + os.pathsep + os.environ.get("PYTHONPATH", "")
    os.environ.pop("CI", None)
    rng = random.Random(args.seed)

    queues, commands, timeouts = {}, {}, {}
    for module in args.modules:
        tests = [t for t in MODULES[module] if not t.endswith(".py") or (tmp / t).exists()]
        cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               "--no-header", "-W", "ignore", *tests]
        t0 = time.monotonic()
        base = subprocess.run(cmd, capture_output=True, text=True)
        took = time.monotonic() - t0
        if base.returncode != 0:
            print(f"{module}: the selected tests fail before any mutation; skipped\n{base.stdout[-2000:]}", flush=True)
            continue
        spots = positions(module)
        keys = sorted(spots)
        rng.shuffle(keys)
        queues[module] = [rng.choice(spots[k]) for k in keys][: args.per_module]
        commands[module] = " ".join(cmd)
        timeouts[module] = max(30.0, 3 * took + 10)
        print(f"{module}: {len(spots)} positions, {sum(map(len, spots.values()))} mutants; "
              f"tests {took:.1f} s ({' '.join(tests)})", flush=True)

    results = defaultdict(list)
    deadline = time.monotonic() + args.budget * 60
    while queues and time.monotonic() < deadline:
        for module in list(queues):
            if not queues[module]:
                del queues[module]
                continue
            if time.monotonic() >= deadline:
                break
            m = queues[module].pop(0)
            r = mutate_and_test([m], commands[module], timeouts[module])
            if r.worker_outcome == WorkerOutcome.NO_TEST:
                continue
            outcome = {TestOutcome.KILLED: "killed", TestOutcome.SURVIVED: "survived"}.get(r.test_outcome, "incompetent")
            if r.worker_outcome == WorkerOutcome.EXCEPTION:
                outcome = "incompetent"
            line = m.start_pos[0]
            results[module].append({"line": line, "operator": m.operator_name, "occurrence": m.occurrence,
                                    "outcome": outcome, "diff": r.diff or ""})
            print(f"  {module}:{line} {m.operator_name.split('/')[-1]} {outcome}", flush=True)

    print("\nmodule                     tested  killed  survived  kill ratio")
    total_t = total_k = 0
    for module in args.modules:
        rs = [r for r in results.get(module, []) if r["outcome"] != "incompetent"]
        if not rs:
            continue
        k = sum(r["outcome"] == "killed" for r in rs)
        total_t, total_k = total_t + len(rs), total_k + k
        print(f"{module:26} {len(rs):6} {k:7} {len(rs) - k:9}  {k / len(rs):9.0%}")
    if total_t:
        print(f"{'total':26} {total_t:6} {total_k:7} {total_t - total_k:9}  {total_k / total_t:9.0%}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        out = [f"# Surviving mutants (seed {args.seed}, budget {args.budget} min)\n"]
        for module, rs in results.items():
            for r in rs:
                if r["outcome"] == "survived":
                    out.append(f"## {module}:{r['line']} {r['operator']}\n\n```diff\n{r['diff'].strip()}\n```\n")
        args.report.write_text("\n".join(out))
    shutil.rmtree(work, ignore_errors=True)  # the shared link itself, not what it points to
    return 0


if __name__ == "__main__":
    sys.exit(main())
