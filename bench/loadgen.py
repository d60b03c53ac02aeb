"""A minimal asyncio HTTP/1.1 load generator over keep-alive connections (used by soak_bench.py,
which needs per-window results from Python; endpoint_bench.py drives wrk instead).

`load(port, path, mix, expected, connections, total, time_cap)` sends the canned-query mix
round-robin as GET /sparql?query=..., checks each JSON answer's row count against `expected`, and
returns counts, errors and latencies; `merge` combines several such results.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from urllib.parse import quote

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


