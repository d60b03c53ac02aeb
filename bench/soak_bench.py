"""Soak benchmark: `cyberkg serve` under steady load for a long time, on 127.0.0.1 only.

    .venv/bin/python bench/soak_bench.py [--duration 600] [--connections 64] [--window 60]

Builds the corpus (../shared/corpus, with data/) when present, else the bundled data/, into a
temporary store and serves it with `cyberkg serve` (default configuration unless --cache-mb or
--workers are given).  The load is endpoint_bench's: the canned-query mix as GET /sparql from a
fixed number of keep-alive connections, every 200 answer checked against the row count of the
same query run in-process.  It runs for --duration seconds in windows of --window seconds and
prints, per window, requests, throughput, p50/p99 latency, errors and the resident memory of the
server and its query workers; at the end the errors (target 0), p99 of the first and last
windows, and memory at start and end (target: flat, end <= start x 1.10 + 16 MB).
Exit status 0 when both targets are met.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import endpoint_bench as EB  # noqa: E402  (the load generator and query mix are shared, not copied)

ROOT = EB.ROOT
CORPUS = Path(os.environ.get("CYBERKG_CORPUS", ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles"))


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the query workers), in MB."""
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.NoSuchProcess:
        return float("nan")
    total = 0
    for q in procs:
        try:
            total += q.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--window", type=float, default=60, help="seconds per reported window")
    ap.add_argument("--cache-mb", type=int, default=None, help="cyberkg serve --cache-mb (default: its own)")
    ap.add_argument("--workers", type=int, default=None, help="cyberkg serve --workers (default: its own)")
    ap.add_argument("--data-only", action="store_true", help="serve data/ even when the corpus is present")
    args = ap.parse_args()

    from cyberkg.store.build import build

    sources = [ROOT / "data"] if args.data_only or not CORPUS.is_dir() else [CORPUS, ROOT / "data"]
    tmp = Path(tempfile.mkdtemp(prefix="cyberkg-soak-"))
    proc = None
    try:
        store = tmp / "store"
        report = build(sources, store)
        mix = EB.query_mix()
        expected = EB.expected_rows(store, mix)
        port = EB.free_port()
        cmd = [sys.executable, "-m", "cyberkg.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
               "--port", str(port)]
        if args.cache_mb is not None:
            cmd += ["--cache-mb", str(args.cache_mb)]
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        EB.wait_ready(port, "/sparql", proc)
        asyncio.run(EB.load(port, "/sparql", mix, expected, 4, 4 * len(mix), 60))  # warm-up
        rss0 = rss_mb(proc.pid)
        print(f"{len(report.documents)} documents, {report.quads} quads; {len(mix)} queries in the mix; "
              f"{args.connections} connections for {args.duration:g} s; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}; server RSS at start {rss0:.1f} MB", flush=True)
        windows, raws = [], []
        t_end = time.monotonic() + args.duration
        while (left := t_end - time.monotonic()) > 1:
            # `total` is not the bound here: the window's time cap is.
            raw = asyncio.run(EB.load(port, "/sparql", mix, expected, args.connections, 10**9, min(args.window, left)))
            raws.append(raw)
            r = EB.merge([raw])
            r["rss"] = rss_mb(proc.pid)
            windows.append(r)
            if proc.poll() is not None:
                print(f"server exited with {proc.returncode}", flush=True)
                return 1
            print(f"window {len(windows):3d}: {r['requests']:6d} req  {r['rps']:7.1f} req/s  p50 {r['p50_ms']:7.2f} ms  "
                  f"p99 {r['p99_ms']:7.2f} ms  errors {r['errors']} {r['error_kinds'] or ''}  RSS {r['rss']:.1f} MB",
                  flush=True)
        total = EB.merge(raws) if raws else None
        errors = sum(w["errors"] for w in windows)
        rss1 = rss_mb(proc.pid)
        flat = rss1 <= rss0 * 1.10 + 16
        print()
        print(f"total: {total['requests'] if total else 0} requests, errors {errors} (target 0)")
        if windows:
            print(f"p99: first window {windows[0]['p99_ms']:.2f} ms, last window {windows[-1]['p99_ms']:.2f} ms "
                  f"(ratio {windows[-1]['p99_ms'] / windows[0]['p99_ms']:.2f}); over all {total['p99_ms']:.2f} ms")
        print(f"RSS (server + workers): start {rss0:.1f} MB, end {rss1:.1f} MB, end/start {rss1 / rss0:.2f} "
              f"(target: flat, end <= start x 1.10 + 16 MB) {'ok' if flat else '<- grew'}")
        ok = errors == 0 and flat
        print("targets met" if ok else "targets NOT met")
        return 0 if ok else 1
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
