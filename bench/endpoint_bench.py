"""Endpoint benchmark: `cyberkg serve` against `oxigraph serve-read-only` and the engine floor.

    .venv/bin/pip install -e ".[bench]"      # oxigraph (the same version as pyoxigraph)
    apt-get install -y wrk                   # the load generator (Debian)
    .venv/bin/python bench/endpoint_bench.py [--store DIR] [--duration 5] [--rounds 3] [--connections 8,64]

Store: the 158-profile corpus (../shared/corpus/itu-cyberwellness-profiles or $CYBERKG_CORPUS)
with data/, built into a temporary store (data/ alone when the corpus is absent), or --store DIR.
Served two ways, each on 127.0.0.1 only:
  - `cyberkg serve --store DIR` in its default configuration (response cache on);
  - `oxigraph serve-read-only` over the merged copy of the same version (store/dataset.py: the
    named graphs plus their merge as the default graph), so that both answer the same rows.
The mix: the canned queries countries, indicator-matrix and legal-instruments (--queries; `all`
for every canned query, parameters inline as VALUES), GET /sparql?query=... with Accept: SPARQL
JSON, from `wrk` over keep-alive connections, each server in turn in interleaved rounds (so that
background load on a shared machine falls on both alike):
  - uncached: every request's text distinct (a comment with a counter appended), so no response
    cache can answer (many researchers' own queries);
  - cached: the same texts over and over (the response cache answers; Oxigraph has none).
The engine floor: the same queries (distinct text) on an in-memory pyoxigraph store with the
merged default graph, serialised to JSON, in a loop in one process per core, no HTTP; measured
alone at the start and again in every uncached round (after the servers' runs), so that the
ratio compares rates taken under the same background load.
Every query is first checked on both servers against the floor's row count.

Prints per mode, server and connection count: requests/s, p50/p99 (the median over rounds of
each round's percentile from wrk), errors (connect, read, write, timeouts, non-200), and the CPU
seconds the server (with its query workers) and wrk used, out of the cores x wall seconds; then
the ratios and whether the targets are met: >= 2x Oxigraph's throughput, p99 <= Oxigraph's,
0 errors, uncached throughput >= 0.7x the floor.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "etl"))
DEFAULT_QUERIES = "countries,indicator-matrix,legal-instruments"
ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_mix(names: str) -> list[tuple[str, str]]:
    from cyberkg.store.queries import catalogue, inline_example

    cat = catalogue()
    chosen = list(cat) if names == "all" else names.split(",")
    return [(n, inline_example(cat[n])) for n in chosen]


# ------------------------------------------------------------------ the engine floor

def _floor_proc(store_dir: str, mix, cmds, out) -> None:
    import pyoxigraph as ox

    sys.path.insert(0, str(ROOT / "etl"))
    from cyberkg.store.dataset import merged

    st = merged(ox.Store.read_only(store_dir))
    out.put(("ready", os.getpid()))
    n, pid = 0, os.getpid()
    while True:
        seconds = cmds.get()
        if seconds is None:
            return
        done, end = 0, time.perf_counter() + seconds
        while time.perf_counter() < end:
            _, text = mix[n % len(mix)]
            st.query(f"{text}\n#{pid}-{n}").serialize(format=ox.QueryResultsFormat.JSON)
            n += 1
            done += 1
        out.put(("done", done))


class EngineFloor:
    """One process per core, each with the in-memory merged store, looping the mix on command:
    run in the same interleaved rounds as the servers, so that it meets the same contention."""

    def __init__(self, store_dir: str, mix):
        ctx = mp.get_context("spawn")
        self.n = os.cpu_count() or 1
        self.cmds = [ctx.Queue() for _ in range(self.n)]
        self.out = ctx.Queue()
        self.procs = [ctx.Process(target=_floor_proc, args=(store_dir, mix, q, self.out), daemon=True)
                      for q in self.cmds]
        for p in self.procs:
            p.start()
        for _ in self.procs:
            self.out.get(timeout=600)

    def run(self, seconds: float) -> dict:
        for q in self.cmds:
            q.put(seconds)
        total = sum(self.out.get(timeout=seconds + 600)[1] for _ in self.procs)
        return {"requests": total, "seconds": seconds}

    def close(self) -> None:
        for q in self.cmds:
            q.put(None)
        for p in self.procs:
            p.join(10)


def expected_rows(store_dir: str, mix) -> dict[str, int]:
    import pyoxigraph as ox

    from cyberkg.store.dataset import merged

    st = merged(ox.Store.read_only(store_dir))
    return {name: len(list(st.query(text))) for name, text in mix}


# ------------------------------------------------------------------ servers and wrk

def wait_ready(port: int, path: str, proc, timeout: float = 300) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?query={quote('ASK {}')}", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} not ready after {timeout} s")


def rows_from(port: int, path: str, text: str) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}?query={quote(text)}", headers={"Accept": ACCEPT})
    with urllib.request.urlopen(req, timeout=120) as r:
        return len(json.loads(r.read())["results"]["bindings"])


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (the query workers), live ones only."""
    tick = os.sysconf("SC_CLK_TCK")
    pids, total = {pid}, 0.0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            pids |= {int(p) for p in (task / "children").read_text().split()}
    except OSError:
        pass
    for p in pids:
        try:
            f = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(f[11]) + int(f[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


LUA = r"""
local queries = {%(queries)s}
local distinct = %(distinct)s
local counter = 0
local tid = 0
local nthreads = 0
local salt = ""
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
end
function init(args)
  salt = args[1] or ""
end
function request()
  counter = counter + 1
  local q = queries[(counter %% #queries) + 1]
  if distinct then q = q .. "%%0A%%23" .. salt .. "-" .. tid .. "-" .. counter end
  return wrk.format("GET", "%(path)s?query=" .. q, {["Accept"] = "%(accept)s"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p99_us": %%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def wrk_script(tmp: Path, path: str, mix, distinct: bool) -> Path:
    qs = ", ".join('"' + quote(text, safe="") + '"' for _, text in mix)
    f = tmp / f"wrk-{path.strip('/')}-{'distinct' if distinct else 'same'}.lua"
    f.write_text(LUA % {"queries": qs, "distinct": "true" if distinct else "false", "path": path, "accept": ACCEPT})
    return f


_RUNS = iter(range(1 << 30))  # each run's salt: distinct text is never repeated across runs


def run_wrk(port: int, path: str, script: Path, connections: int, seconds: float, threads: int, server_pid: int) -> dict:
    before_srv = cpu_seconds(server_pid)
    before_wrk = os.times()
    t0 = time.perf_counter()
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "60s",
                          "-s", str(script), f"http://127.0.0.1:{port}{path}", "--", f"{os.getpid()}x{next(_RUNS)}"],
                         capture_output=True, text=True, timeout=seconds + 120)
    wall = time.perf_counter() - t0
    after_wrk = os.times()
    m = re.search(r"^RESULT (\{.*\})$", out.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    r = json.loads(m.group(1))
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    r["server_cpu"] = cpu_seconds(server_pid) - before_srv
    r["wrk_cpu"] = (after_wrk.children_user + after_wrk.children_system) - (before_wrk.children_user + before_wrk.children_system)
    r["wall"] = wall
    return r


def combine(parts: list[dict]) -> dict:
    secs = sum(p["duration_us"] for p in parts) / 1e6
    n = sum(p["requests"] for p in parts)
    return {"requests": n, "seconds": secs, "rps": n / secs if secs else 0.0,
            "p50_ms": statistics.median(p["p50_us"] for p in parts) / 1000,
            "p99_ms": statistics.median(p["p99_us"] for p in parts) / 1000,
            "p99_max_ms": max(p["p99_us"] for p in parts) / 1000,
            "errors": sum(p["errors"] for p in parts),
            "error_kinds": {k: sum(p[k] for p in parts) for k in ("connect", "read", "write", "status", "timeout")
                            if sum(p[k] for p in parts)},
            "server_cpu": sum(p["server_cpu"] for p in parts), "wrk_cpu": sum(p["wrk_cpu"] for p in parts),
            "wall": sum(p["wall"] for p in parts)}


def default_sources() -> list[Path]:
    corpus = Path(os.environ.get("CYBERKG_CORPUS") or ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles")
    return ([corpus] if corpus.is_dir() else []) + [ROOT / "data"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="serve this store (default: build the corpus and data/)")
    ap.add_argument("--queries", default=DEFAULT_QUERIES, help="canned query names, comma-separated, or 'all'")
    ap.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per mode and connection count")
    ap.add_argument("--connections", default="8,64")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--floor-seconds", type=float, default=10.0)
    ap.add_argument("--serve-args", default="", help="extra arguments for cyberkg serve, e.g. '--from-disk'")
    args = ap.parse_args()
    conns = [int(c) for c in args.connections.split(",")]
    if not shutil.which("wrk"):
        print("error: wrk not found (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 2

    import pyoxigraph

    from cyberkg.store.build import build
    from cyberkg.store.dataset import write_merged

    oxibin = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    tmp = Path(tempfile.mkdtemp(prefix="cyberkg-bench-"))
    procs: list[subprocess.Popen] = []
    floor_pool = None
    try:
        if args.store:
            store = args.store
        else:
            store = tmp / "store"
            srcs = default_sources()
            build(srcs, store)
        version = os.path.realpath(store)
        merged_copy = tmp / "oxigraph-merged"
        write_merged(version, str(merged_copy))
        mix = query_mix(args.queries)
        expected = expected_rows(version, mix)
        ver = subprocess.run([oxibin, "--version"], capture_output=True, text=True).stdout.strip()
        wrkver = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip()
        import pyoxigraph as ox

        n_quads = len(ox.Store.read_only(version))
        print(f"store {version}: {n_quads} quads; pyoxigraph {pyoxigraph.__version__}; {ver}; {wrkver}; "
              f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start", flush=True)
        print(f"mix: {', '.join(f'{n} ({expected[n]} rows)' for n, _ in mix)}", flush=True)

        servers = []
        p = free_port()
        servers.append(("cyberkg", p, "/sparql", [sys.executable, "-m", "cyberkg.cli", "serve", "--store", str(store),
                                                  "--port", str(p)] + args.serve_args.split()))
        p = free_port()
        servers.append(("oxigraph", p, "/query", [oxibin, "serve-read-only", "--location", str(merged_copy),
                                                  "--bind", f"127.0.0.1:{p}"]))
        pids = {}
        for name, port, path, cmd in servers:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            procs.append(proc)
            wait_ready(port, path, proc)
            pids[name] = proc.pid
        for name, port, path, cmd in servers:
            for qname, text in mix:
                got = rows_from(port, path, text + "\n#check")
                if got != expected[qname]:
                    raise RuntimeError(f"{name}: {qname} gave {got} rows, the engine {expected[qname]}")
        print("every query checked on both servers: the engine's row counts", flush=True)

        floor_pool = EngineFloor(version, mix)
        floor_all = floor_pool.run(args.floor_seconds)
        print(f"engine floor, alone: {floor_all['requests'] / floor_all['seconds']:.1f} queries/s "
              f"({floor_pool.n} processes, in-memory store, distinct text, JSON serialised, {args.floor_seconds:g} s; "
              "servers idle); it is measured again in every uncached round, beside the servers", flush=True)

        scripts = {(path, d): wrk_script(tmp, path, mix, d) for _, _, path, _ in servers for d in (True, False)}
        for name, port, path, _ in servers:  # warm-up
            run_wrk(port, path, scripts[(path, False)], 8, 2, args.threads, pids[name])
        results, floors = {}, {}
        for c in conns:
            for mode, distinct in (("uncached", True), ("cached", False)):
                parts: dict[str, list] = {name: [] for name, *_ in servers}
                floor_parts = []
                for _ in range(args.rounds):
                    for name, port, path, _ in servers:
                        parts[name].append(run_wrk(port, path, scripts[(path, distinct)], c, args.duration,
                                                   args.threads, pids[name]))
                    if distinct:
                        floor_parts.append(floor_pool.run(args.duration))
                if distinct:
                    floors[c] = sum(p["requests"] for p in floor_parts) / sum(p["seconds"] for p in floor_parts)
                    print(f"engine floor in the c={c} rounds: {floors[c]:.1f} queries/s", flush=True)
                for name in parts:
                    r = results[(mode, name, c)] = combine(parts[name])
                    cap = r["wall"] * (os.cpu_count() or 1)
                    print(f"{mode:8s} {name:8s} c={c:3d}  {r['requests']:6d} req in {r['seconds']:5.1f} s  "
                          f"{r['rps']:8.1f} req/s  p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms "
                          f"(worst round {r['p99_max_ms']:.2f})  errors {r['errors']} {r['error_kinds'] or ''}  "
                          f"CPU: server {r['server_cpu']:.1f} s, wrk {r['wrk_cpu']:.1f} s of {cap:.1f} core-s "
                          f"(rest: other work on the machine)", flush=True)
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        print()
        ok = True
        for c in conns:
            for mode in ("uncached", "cached"):
                ours, oxi = results[(mode, "cyberkg", c)], results[(mode, "oxigraph", c)]
                tr = ours["rps"] / oxi["rps"] if oxi["rps"] else float("inf")
                pr = ours["p99_ms"] / oxi["p99_ms"] if oxi["p99_ms"] else float("inf")
                line = (f"{mode:8s} c={c:3d}: throughput {tr:5.2f}x Oxigraph's (target >= 2), "
                        f"p99 {pr:5.2f}x Oxigraph's (target <= 1), errors {ours['errors']} (Oxigraph {oxi['errors']})")
                good = tr >= 2 and pr <= 1 and not ours["errors"]
                if mode == "uncached":
                    floor = floors[c]
                    fr = ours["rps"] / floor if floor else 0.0
                    line += f", {fr:4.2f}x the engine floor (target >= 0.7; Oxigraph {oxi['rps'] / floor:4.2f}x)"
                    good &= fr >= 0.7
                print(line + ("" if good else "  <- target missed"))
                ok &= good
        print("targets met" if ok else "targets NOT all met")
        return 0 if ok else 1
    finally:
        if floor_pool is not None:
            floor_pool.close()
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
