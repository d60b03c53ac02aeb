"""Build benchmark: prints, in one run,
  - seconds to build the 158 available profiles (bundled data + ../shared corpus), SHACL gate included;
  - the time ratio of a 10x corpus (the same files replicated under other names) against 1x;
  - cold start of `cyberkg query countries` (a fresh process, store already built).
Targets: <= 4 s, <= 11x, <= 0.3 s.  Run: .venv/bin/python bench/build_bench.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CYBERKG_CORPUS", ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles"))
CLI = [sys.executable, "-m", "cyberkg.cli"]


def timed_build(sources: list[Path], store: Path) -> float:
    t = time.perf_counter()
    subprocess.run(CLI + ["build", *map(str, sources), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


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
    cold = sorted(colds)[len(colds) // 2]
    print(f"build {n1} profiles: {t1:.2f} s (target <= 4 s)")
    print(f"build {10 * n1} profiles: {t10:.2f} s; ratio 10x/1x = {t10 / t1:.2f} (target <= 11)")
    print(f"cold start `cyberkg query countries` (median of 5): {cold:.3f} s (target <= 0.3 s)")


if __name__ == "__main__":
    main()
