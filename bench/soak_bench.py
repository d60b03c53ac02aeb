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

--hostile adds the attacks of issue 13 among the normal queries (threads on raw sockets, each kind
in turn, a few a second): quadratic-lexer text, distinct 512 kB queries (cache keys), memory-doubling queries, large answers to clients that never read,
260k-parameter forms, runaway queries whose clients disconnect, an idle-connection flood, deeply
nested queries, POSTs aborted mid-body, foreign Host headers.  A calm run of --calm seconds
comes first; the targets are then: normal queries p99 within 2x of the calm p99, 0 errors for
them, server RSS flat; the RSS of the server and of every worker is printed at start and end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import threading
import urllib.parse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import endpoint_bench as EB  # noqa: E402  (the query mix and server helpers are shared, not copied)
import loadgen as LG  # noqa: E402  (the Python load generator: per-window results)

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


def rss_each(pid: int) -> dict[int, float]:
    """Resident memory in MB of the server and of each of its workers, by pid."""
    import psutil

    try:
        p = psutil.Process(pid)
        procs = [p] + p.children(recursive=True)
    except psutil.NoSuchProcess:
        return {}
    out = {}
    for q in procs:
        try:
            out[q.pid] = q.memory_info().rss / 1e6
        except psutil.NoSuchProcess:
            pass
    return out


def _send(port: int, data: bytes, read: bool = True, timeout: float = 40) -> int:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(data)
            if not read:
                return 0
            got = s.recv(64)
            while s.recv(65536):
                pass
            return int(got.split()[1]) if got.startswith(b"HTTP/1.1 ") else 0
    except OSError:
        return -1


def _get(q: str, host: bytes = b"127.0.0.1") -> bytes:
    return (b"GET /sparql?query=" + urllib.parse.quote(q).encode() + b" HTTP/1.1\r\nHost: " + host
            + b"\r\nConnection: close\r\n\r\n")


def _post(body: bytes, ctype: bytes, length: int | None = None) -> bytes:
    return (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + ctype
            + b"\r\nContent-Length: " + str(len(body) if length is None else length).encode() + b"\r\n\r\n" + body)


def hostile(port: int, server_pid: int, stop: threading.Event, counts: dict) -> None:
    """One attacker: every kind of issue 13 in turn, until `stop`."""
    rnd = random.Random(threading.get_ident())
    doubling = ("SELECT ?x WHERE { BIND(\"0123456789abcdef\" AS ?s0) "
                + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(40)) + " BIND(STRLEN(?s40) AS ?x) }")
    big = "SELECT ?x WHERE { ?s ?p ?o . ?a ?b ?c BIND(CONCAT(STR(?s), STR(?a)) AS ?x) } LIMIT 200000"
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    def never_read():
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.connect(("127.0.0.1", port))
        s.sendall(_get(big + f" # {rnd.random()}"))
        stop.wait(5)
        s.close()

    def runaway_then_leave():
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(_get(runaway + f" # {rnd.random()}"))
        stop.wait(1.5)
        s.close()

    def idle_flood():
        socks = []
        for _ in range(200):
            try:
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                break
        stop.wait(3)
        for x in socks:
            x.close()

    kinds = {
        "lexer": lambda: _send(port, _post(b"query=" + b"a." * 500_000, b"application/x-www-form-urlencoded")),
        "cache-keys": lambda: _send(port, _post(("ASK {} #" + "x" * (512 << 10) + str(rnd.random())).encode(),
                                                b"application/sparql-query")),
        "memory": lambda: _send(port, _get(doubling + f" # {rnd.random()}")),
        "never-read": never_read,
        "form-params": lambda: _send(port, _post(b"&".join(b"p%d=%%41" % i for i in range(130_000))[:1 << 20],
                                                 b"application/x-www-form-urlencoded")),
        "runaway-disconnect": runaway_then_leave,
        "idle-flood": idle_flood,
        "nested": lambda: _send(port, _post(("SELECT * WHERE " + "{" * 10000 + "}" * 10000).encode(),
                                            b"application/sparql-query")),
        "aborted-post": lambda: _send(port, _post(b"ASK {", b"application/sparql-query", 100000), read=False),
        "foreign-host": lambda: _send(port, _get("ASK {}", b"evil.example")),
    }
    names = sorted(kinds)
    i = rnd.randrange(len(names))
    while not stop.is_set():
        name = names[i % len(names)]
        i += 1
        try:
            kinds[name]()
        except OSError:
            pass
        counts[name] = counts.get(name, 0) + 1
        stop.wait(0.3)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=600, help="seconds of load (default 600)")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--window", type=float, default=60, help="seconds per reported window")
    ap.add_argument("--cache-mb", type=int, default=None, help="cyberkg serve --cache-mb (default: its own)")
    ap.add_argument("--workers", type=int, default=None, help="cyberkg serve --workers (default: its own)")
    ap.add_argument("--data-only", action="store_true", help="serve data/ even when the corpus is present")
    ap.add_argument("--hostile", type=int, default=0, metavar="N",
                    help="N attacker threads running the issue-13 attacks among the normal load (e.g. 2)")
    ap.add_argument("--calm", type=float, default=60, help="with --hostile: seconds of calm load first (baseline p99)")
    args = ap.parse_args()

    from cyberkg.store.build import build

    sources = [ROOT / "data"] if args.data_only or not CORPUS.is_dir() else [CORPUS, ROOT / "data"]
    tmp = Path(tempfile.mkdtemp(prefix="cyberkg-soak-"))
    proc = None
    try:
        store = tmp / "store"
        report = build(sources, store)
        mix = EB.query_mix("all")
        expected = EB.expected_rows(str(store.resolve()), mix)
        port = EB.free_port()
        cmd = [sys.executable, "-m", "cyberkg.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
               "--port", str(port)]
        if args.cache_mb is not None:
            cmd += ["--cache-mb", str(args.cache_mb)]
        if args.workers is not None:
            cmd += ["--workers", str(args.workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        EB.wait_ready(port, "/sparql", proc)
        asyncio.run(LG.load(port, "/sparql", mix, expected, 4, 4 * len(mix), 60))  # warm-up
        calm = None
        if args.hostile:
            calm = LG.merge([asyncio.run(LG.load(port, "/sparql", mix, expected, args.connections, 10**9, args.calm))])
            print(f"calm: {calm['requests']} req, p50 {calm['p50_ms']:.2f} ms, p99 {calm['p99_ms']:.2f} ms, "
                  f"errors {calm['errors']}", flush=True)
        rss0 = rss_mb(proc.pid)
        each0 = rss_each(proc.pid)
        stop, counts, attackers = threading.Event(), {}, []
        for _ in range(args.hostile):
            t = threading.Thread(target=hostile, args=(port, proc.pid, stop, counts), daemon=True)
            t.start()
            attackers.append(t)
        print(f"{len(report.documents)} documents, {report.quads} quads; {len(mix)} queries in the mix; "
              f"{args.connections} connections for {args.duration:g} s; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}; server RSS at start {rss0:.1f} MB", flush=True)
        windows, raws = [], []
        t_end = time.monotonic() + args.duration
        while (left := t_end - time.monotonic()) > 1:
            # `total` is not the bound here: the window's time cap is.
            raw = asyncio.run(LG.load(port, "/sparql", mix, expected, args.connections, 10**9, min(args.window, left)))
            raws.append(raw)
            r = LG.merge([raw])
            r["rss"] = rss_mb(proc.pid)
            windows.append(r)
            if proc.poll() is not None:
                print(f"server exited with {proc.returncode}", flush=True)
                return 1
            print(f"window {len(windows):3d}: {r['requests']:6d} req  {r['rps']:7.1f} req/s  p50 {r['p50_ms']:7.2f} ms  "
                  f"p99 {r['p99_ms']:7.2f} ms  errors {r['errors']} {r['error_kinds'] or ''}  RSS {r['rss']:.1f} MB",
                  flush=True)
        stop.set()
        for t in attackers:
            t.join(30)
        total = LG.merge(raws) if raws else None
        errors = sum(w["errors"] for w in windows)
        time.sleep(args.hostile and 8)  # let dropped clients and stopped queries settle
        rss1 = rss_mb(proc.pid)
        each1 = rss_each(proc.pid)
        print("RSS by process at start: " + ", ".join(f"{'server' if p == proc.pid else 'worker'} {p}: {m:.1f} MB"
                                                     for p, m in each0.items()))
        print("RSS by process at end:   " + ", ".join(f"{'server' if p == proc.pid else 'worker'} {p}: {m:.1f} MB"
                                                     for p, m in each1.items()))
        flat = rss1 <= rss0 * 1.10 + 16
        print()
        print(f"total: {total['requests'] if total else 0} requests, errors {errors} (target 0)")
        if windows:
            print(f"p99: first window {windows[0]['p99_ms']:.2f} ms, last window {windows[-1]['p99_ms']:.2f} ms "
                  f"(ratio {windows[-1]['p99_ms'] / windows[0]['p99_ms']:.2f}); over all {total['p99_ms']:.2f} ms")
        print(f"RSS (server + workers): start {rss0:.1f} MB, end {rss1:.1f} MB, end/start {rss1 / rss0:.2f} "
              f"(target: flat, end <= start x 1.10 + 16 MB) {'ok' if flat else '<- grew'}")
        ok = errors == 0 and flat
        if calm is not None and total:
            attacks = dict(counts)
            print(f"hostile mix: {sum(attacks.values())} attacks {attacks}")
            ratio = total["p99_ms"] / calm["p99_ms"]
            print(f"normal queries p99 under attack {total['p99_ms']:.2f} ms vs calm {calm['p99_ms']:.2f} ms: "
                  f"x{ratio:.2f} (target <= 2)")
            ok = ok and ratio <= 2
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
