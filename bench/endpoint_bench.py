"""Endpoint benchmark: `cyberkg serve` against `oxigraph serve-read-only` and rdflib-endpoint.

    .venv/bin/pip install -e ".[bench]"      # oxigraph (same version as pyoxigraph), rdflib-endpoint
    .venv/bin/python bench/endpoint_bench.py [--requests 3000] [--rdflib-requests 300] [--rounds 5]

Builds the bundled data/ into a temporary store, then serves the same data three ways, each on
127.0.0.1 only:
  - cyberkg serve over the store;
  - oxigraph serve-read-only (--union-default-graph) over a COPY of the same store directory;
  - rdflib-endpoint over an N-Quads dump of it (rdflib Dataset, default_union=True).
The load is the canned-query mix (queries/*.rq; parameters given inline as VALUES so that all
three servers run the same text) sent as GET /sparql?query=... with Accept: SPARQL JSON, from a
fixed number of keep-alive connections (8, then 64) until a fixed number of requests is done.
Every 200 answer is checked against the row count of the same query run in-process.
Prints throughput, p50/p99 latency and errors per server and concurrency, and the ratios.
Targets: >= 0.8x Oxigraph's throughput, >= 20x rdflib-endpoint's, p99 <= 2x Oxigraph's, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "etl"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_mix():
    """The canned queries with their example parameters inline (as VALUES), the same text for all."""
    from cyberkg.store.queries import catalogue, inline_example

    return [(q.name, inline_example(q)) for q in catalogue().values()]


def expected_rows(store_path: Path, mix) -> dict[str, int]:
    from cyberkg.store.build import open_store

    st = open_store(store_path)
    return {name: len(list(st.query(text, use_default_graph_as_union=True))) for name, text in mix}


# ------------------------------------------------------------------ a minimal HTTP/1.1 client

async def _read_response(reader) -> tuple[int, bytes]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        k, _, v = line.decode("latin-1").partition(":")
        k, v = k.strip().lower(), v.strip().lower()
        if k == "content-length":
            length = int(v)
        elif k == "transfer-encoding" and "chunked" in v:
            chunked = True
        elif k == "connection" and v == "close":
            close = True
    if chunked:
        parts = []
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                break
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        body = b"".join(parts)
    elif length is not None:
        body = await reader.readexactly(length)
    else:
        body = await reader.read()
        close = True
    if close:
        raise _Closed(status, body)
    return status, body


class _Closed(Exception):
    def __init__(self, status, body):
        self.status, self.body = status, body


async def load(port: int, path: str, mix, expected, connections: int, total: int, time_cap: float,
               request_timeout: float = 60):
    """`total` requests over `connections` keep-alive connections; returns stats."""
    reqs = [(name, (f"GET {path}?query={quote(text)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                    "Accept: application/sparql-results+json\r\n\r\n").encode()) for name, text in mix]
    counter = iter(range(total))
    lat: list[float] = []
    errors: dict[str, int] = {}
    t_stop = time.perf_counter() + time_cap

    def err(kind):
        errors[kind] = errors.get(kind, 0) + 1

    async def conn_loop():
        reader = writer = None
        for i in counter:
            if time.perf_counter() > t_stop:
                break
            name, req = reqs[i % len(reqs)]
            t0 = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
                writer.write(req)
                try:
                    status, body = await asyncio.wait_for(_read_response(reader), request_timeout)
                except _Closed as c:
                    status, body = c.status, c.body
                    writer.close()
                    reader = writer = None
            except (Exception, asyncio.TimeoutError) as exc:
                err("timeout" if isinstance(exc, asyncio.TimeoutError) else type(exc).__name__)
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            lat.append(time.perf_counter() - t0)
            if status != 200:
                err(f"HTTP {status}")
            else:
                try:
                    n = len(json.loads(body)["results"]["bindings"])
                except (ValueError, KeyError):
                    n = -1
                if n != expected[name]:
                    err(f"{name}: {n} rows, expected {expected[name]}")
        if writer is not None:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(conn_loop() for _ in range(connections)))
    wall = time.perf_counter() - t0
    return {"lat": lat, "seconds": wall, "error_kinds": errors}


def merge(parts: list[dict]) -> dict:
    lat = sorted(x for p in parts for x in p["lat"])
    n = len(lat)
    wall = sum(p["seconds"] for p in parts)
    kinds: dict[str, int] = {}
    for p in parts:
        for k, v in p["error_kinds"].items():
            kinds[k] = kinds.get(k, 0) + v
    return {
        "requests": n, "seconds": wall, "rps": n / wall if wall else 0.0,
        "p50_ms": 1000 * statistics.median(lat) if lat else float("nan"),
        "p99_ms": 1000 * lat[min(n - 1, int(0.99 * n))] if lat else float("nan"),
        "errors": sum(kinds.values()), "error_kinds": kinds,
    }


def wait_ready(port: int, path: str, proc, timeout: float = 60) -> None:
    import urllib.request

    t_end = time.time() + timeout
    while time.time() < t_end:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            q = quote("ASK { ?s ?p ?o }")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?query={q}", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} not ready after {timeout} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=3000, help="requests per run for cyberkg and Oxigraph")
    ap.add_argument("--rdflib-requests", type=int, default=200, help="requests per run for rdflib-endpoint")
    ap.add_argument("--time-cap", type=float, default=120, help="seconds at most per server and concurrency")
    ap.add_argument("--connections", default="8,64")
    ap.add_argument("--workers", type=int, default=None, help="cyberkg serve --workers")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds per concurrency")
    ap.add_argument("--skip-rdflib", action="store_true")
    args = ap.parse_args()
    conns = [int(c) for c in args.connections.split(",")]

    from cyberkg.store.build import build, open_store

    oxibin = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    import pyoxigraph

    tmp = Path(tempfile.mkdtemp(prefix="cyberkg-bench-"))
    procs = []
    try:
        store = tmp / "store"
        build([ROOT / "data"], store)
        copy = tmp / "oxigraph-copy"
        shutil.copytree(store.resolve(), copy)
        nq = tmp / "dump.nq"
        from pyoxigraph import RdfFormat

        open_store(store).dump(str(nq), format=RdfFormat.N_QUADS)
        mix = query_mix()
        expected = expected_rows(store, mix)
        ver = subprocess.run([oxibin, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"pyoxigraph {pyoxigraph.__version__}; {ver}; {os.cpu_count()} CPUs; {len(mix)} queries in the mix; "
              f"load average {os.getloadavg()[0]:.1f} at start", file=sys.stderr)
        if ver.split()[-1] != pyoxigraph.__version__:
            print(f"warning: the oxigraph CLI ({ver}) is not pyoxigraph's version: "
                  f"pip install oxigraph=={pyoxigraph.__version__}", file=sys.stderr)

        servers = []
        for label, extra in (("cyberkg", []), ("cyberkg-nocache", ["--cache-mb", "0"])):
            p = free_port()
            cmd = [sys.executable, "-m", "cyberkg.cli", "serve", "--store", str(store), "--port", str(p)] + extra
            if args.workers:
                cmd += ["--workers", str(args.workers)]
            servers.append((label, p, "/sparql", cmd, args.requests))
        p = free_port()
        servers.append(("oxigraph", p, "/query", [oxibin, "serve-read-only", "--location", str(copy), "--bind",
                                                  f"127.0.0.1:{p}", "--union-default-graph"], args.requests))
        if not args.skip_rdflib:
            p = free_port()
            rdfe = shutil.which("rdflib-endpoint") or str(Path(sys.executable).parent / "rdflib-endpoint")
            servers.append(("rdflib-endpoint", p, "/", [rdfe, "serve", str(nq), "--host", "127.0.0.1", "--port", str(p)],
                            args.rdflib_requests))
        for name, port, path, cmd, total in servers:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(proc)
            wait_ready(port, path, proc)
        # Each query once on each server: the mix is the queries that every server answers right.
        excluded = {}
        for name, port, path, cmd, total in servers:
            for qname, text in mix:
                r = asyncio.run(load(port, path, [(qname, text)], expected, 1, 1, 120, request_timeout=60))
                if r["error_kinds"]:
                    excluded.setdefault(qname, []).append(f"{name}: {', '.join(r['error_kinds'])}")
        for qname, why in excluded.items():
            print(f"excluded from the mix: {qname} ({'; '.join(why)})", file=sys.stderr)
        mix = [(n, t) for n, t in mix if n not in excluded]
        print(f"mix: {', '.join(n for n, _ in mix)}", file=sys.stderr)
        for name, port, path, cmd, total in servers:
            asyncio.run(load(port, path, mix, expected, 4, 4 * len(mix), 60))  # warm-up
        # The machine may be shared: run the servers in interleaved rounds so that background load
        # falls on all of them alike, and add the rounds up.
        results: dict[tuple[str, int], dict] = {}
        for c in conns:
            parts: dict[str, list[dict]] = {name: [] for name, *_ in servers}
            for _ in range(args.rounds):
                for name, port, path, cmd, total in servers:
                    parts[name].append(asyncio.run(load(port, path, mix, expected, c, max(c, total // args.rounds),
                                                        args.time_cap / args.rounds)))
            for name in parts:
                r = merge(parts[name])
                results[(name, c)] = r
                print(f"{name:16s} c={c:3d}  {r['requests']:5d} req in {r['seconds']:6.2f} s  "
                      f"{r['rps']:8.1f} req/s  p50 {r['p50_ms']:8.2f} ms  p99 {r['p99_ms']:8.2f} ms  "
                      f"errors {r['errors']} {r['error_kinds'] or ''}", flush=True)
        print()
        ok = True
        for c in conns:
            oxi = results[("oxigraph", c)]
            for label in ("cyberkg", "cyberkg-nocache"):
                ours = results[(label, c)]
                tr, pr = ours["rps"] / oxi["rps"], ours["p99_ms"] / oxi["p99_ms"]
                line = (f"{label:16s} c={c:3d}: throughput {tr:5.2f}x Oxigraph's (target >= 0.8), "
                        f"p99 {pr:5.2f}x Oxigraph's (target <= 2)")
                good = tr >= 0.8 and pr <= 2 and not ours["errors"]
                if ("rdflib-endpoint", c) in results:
                    rr = ours["rps"] / results[("rdflib-endpoint", c)]["rps"]
                    line += f", {rr:6.1f}x rdflib-endpoint's (target >= 20)"
                    good &= rr >= 20
                print(line + f", errors {ours['errors']}" + ("" if good else "  <- target missed"))
                if label == "cyberkg":
                    ok &= good
            if ("rdflib-endpoint", c) in results:
                print(f"{'oxigraph':16s} c={c:3d}: {oxi['rps'] / results[('rdflib-endpoint', c)]['rps']:6.1f}x "
                      "rdflib-endpoint's throughput")
        print("targets met (default configuration)" if ok else "targets NOT met (default configuration)")
        return 0 if ok else 1
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
