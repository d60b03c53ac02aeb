"""Build benchmark: prints, in one run,
  - seconds to build the 158 available profiles (bundled data + ../shared corpus), SHACL gate included;
  - the time ratio of a 10x corpus (the same files replicated under other names) against 1x;
  - cold start of `cyberkg query countries` (a fresh process, store already built);
  - seconds to build the profiles and the 55 national strategies together (../shared/corpus/national-strategies,
    ~4 MB of text; median of 3 builds, with the CPU seconds they used, parsing workers included), and the
    ratio of 3x the strategies (each copy made a different text by one added line, so that no copy is merged
    with another) against 1x;
  - the load average and the cores, since the build parses in one process per core: on a machine busy with
    other work its wall time says more about the others than about the build.
Targets: <= 4 s, <= 11x, <= 0.3 s; profiles + strategies <= 6 s, strategies 3x/1x <= 3.3.
Run: .venv/bin/python bench/build_bench.py
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CYBERKG_CORPUS", ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles"))
STRATEGIES = Path(os.environ.get("CYBERKG_STRATEGIES", ROOT.parent / "shared" / "corpus" / "national-strategies"))
CLI = [sys.executable, "-m", "cyberkg.cli"]


def timed_build(sources: list[Path], store: Path) -> float:
    t = time.perf_counter()
    subprocess.run(CLI + ["build", *map(str, sources), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by the finished child processes and theirs."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}; set CYBERKG_CORPUS")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one = tmp / "x1"
        one.mkdir()
        for f in list(CORPUS.iterdir()) + [p for p in (ROOT / "data").glob("profile-*.txt")]:
            shutil.copy(f, one / f.name)
        ten = tmp / "x10"
        ten.mkdir()
        for i in range(10):
            for f in one.iterdir():
                shutil.copy(f, ten / f"copy{i}-{f.name}")
        n1 = len(list(one.iterdir()))
        t1 = timed_build([one], tmp / "s1")
        t10 = timed_build([ten], tmp / "s10")
        env = dict(os.environ, CYBERKG_STORE=str(tmp / "s1"))
        colds = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([str(Path(sys.executable).with_name("cyberkg")), "query", "countries", "--format", "csv"],
                           check=True, stdout=subprocess.DEVNULL, env=env)
            colds.append(time.perf_counter() - t)
        both = strategies_x1 = strategies_x3 = None
        if STRATEGIES.is_dir():
            st1 = tmp / "st1"
            st3 = tmp / "st3"
            st1.mkdir()
            st3.mkdir()
            for f in STRATEGIES.glob("*.txt"):
                shutil.copy(f, st1 / f.name)
                for i in range(3):
                    (st3 / f"copy{i}-{f.name}").write_bytes(f.read_bytes() + f"\ncopy {i}\n".encode())
            cpu = children_cpu()
            boths = [timed_build([one, st1], tmp / f"s-both{i}") for i in range(3)]
            both_cpu = (children_cpu() - cpu) / 3
            both = sorted(boths)[1]
            strategies_x1 = timed_build([st1], tmp / "s-st1")
            strategies_x3 = timed_build([st3], tmp / "s-st3")
    cold = sorted(colds)[len(colds) // 2]
    print(f"machine: {len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.2f} at the end "
          f"(others' work makes every wall time below longer)")
    print(f"build {n1} profiles: {t1:.2f} s (target <= 4 s)")
    print(f"build {10 * n1} profiles: {t10:.2f} s; ratio 10x/1x = {t10 / t1:.2f} (target <= 11)")
    print(f"cold start `cyberkg query countries` (median of 5): {cold:.3f} s (target <= 0.3 s)")
    if both is None:
        print(f"strategies not found at {STRATEGIES}; set CYBERKG_STRATEGIES")
    else:
        print(f"build {n1} profiles + the strategies: {both:.2f} s (target <= 6 s; median of "
              f"{', '.join(f'{b:.2f}' for b in boths)}; {both_cpu:.2f} CPU s a build)")
        print(f"build strategies 1x: {strategies_x1:.2f} s, 3x: {strategies_x3:.2f} s; ratio 3x/1x = "
              f"{strategies_x3 / strategies_x1:.2f} (target <= 3.3)")


if __name__ == "__main__":
    main()
