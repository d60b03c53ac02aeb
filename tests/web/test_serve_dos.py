"""`cyberkg serve` on the open internet (issue 13): no request can freeze it, exhaust its memory
or starve other clients.  Each test runs a real server on 127.0.0.1 over the bundled data, with
the load bounded in count and time, and checks that others are still answered."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberkg.store import build as B
from cyberkg.web import protocol as P

from ..conftest import DATA, ROOT
from .test_serve import BTN, EXPENSIVE, Server, _free_port
from .test_serve_hostile import post, raw

CHEAP = f"ASK {{ <{BTN}> ?p ?o }}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    p = tmp_path_factory.mktemp("dos") / "store"
    B.build([DATA], p)
    return p


@pytest.fixture(scope="module")
def srv(store, tmp_path_factory):
    s = Server(store, tmp_path_factory.mktemp("log") / "dos.log", "--timeout", "10", "--workers", "2",
               "--cache-mb", "1", "--max-response-mb", "2", "--send-timeout", "2", "--worker-memory-mb", "400")
    yield s
    s.stop()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cheap_latencies(srv, stop: threading.Event, out: list, limit: int = 500) -> None:
    while not stop.is_set() and len(out) < limit:
        t0 = time.monotonic()
        st_, _, _ = srv.query(CHEAP + f" # {len(out)} {t0}", timeout=30)
        out.append((st_, time.monotonic() - t0))
        time.sleep(0.02)


def calm_baseline(srv, n: int = 12) -> float:
    """The slowest of n cheap queries with nothing else running: this machine's calm latency now,
    measured in the test itself, so that the bounds below are relative to the load the machine is
    under (2 shared cores, other test workers) rather than absolute sub-second claims."""
    lat: list = []
    cheap_latencies(srv, threading.Event(), lat, n)
    assert all(s == 200 for s, _ in lat), lat
    return max(dt for _, dt in lat)


def slack(calm: float) -> float:
    """How long a concurrent client may wait under an attack: 1.5 s more than 8x the calm latency
    (the issue's "< 1 s" is measured by bench/dos_latency_bench.py, where the machine is not shared
    with other test workers).  A frozen event loop or a starved pool holds clients for the whole
    attack (the issue measured 50 s) or the query deadline (10 s here): far beyond this."""
    return 8 * calm + 1.5


def while_loaded(srv, attack, seconds_cap: float = 30):
    """Run `attack()` in a thread while a second client sends cheap queries; their latencies."""
    stop, lat = threading.Event(), []
    t = threading.Thread(target=cheap_latencies, args=(srv, stop, lat))
    result = {}
    a = threading.Thread(target=lambda: result.setdefault("r", attack()))
    t.start()
    time.sleep(0.2)
    a.start()
    a.join(seconds_cap)
    stop.set()
    t.join(60)
    assert not a.is_alive(), "the attack did not finish in its time bound"
    return result.get("r"), lat


# ------------------------------------------------------------------ 1: linear-time analysis

FRAGMENTS = ["a.", "a:", "_:a.", "?a", "$a.", "'''", "''", '"', '"""', "<", "<a", "#", "%41", "a.:", "@en-",
             "1.", ".", "\\'''", "'a", "a.a:", "ex:a.b.", "\\u0041.", "{", "(", "!", "a|", "\\", ":", "-", "@"]


def _cost(text: str) -> float:
    best = 9.0
    for _ in range(3):
        t0 = time.perf_counter()
        P._analyse(text)
        best = min(best, time.perf_counter() - t0)
    return best


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3), st.sampled_from(["", " ", "\n"]))
def test_query_analysis_is_linear_in_adversarial_repetitions(parts, sep):
    """Long repetitions of each token class and separator: 8x the text costs about 8x the time
    (a quadratic pass would cost 64x: the issue's lexer took 50 s at 64 kB).  Sizes 8 kB and 64 kB."""
    unit = sep.join(parts) + sep
    small, large = unit * (8_000 // len(unit)), unit * (64_000 // len(unit))
    t_small, t_large = _cost(small), _cost(large)
    # + 0.5 s: a preemption on a loaded machine; a quadratic pass costs 64x, seconds here
    assert t_large < 24 * t_small + 0.5, (unit, t_small, t_large)


def test_a_quadratic_shape_sent_as_a_request_does_not_delay_other_clients(srv):
    """The issue's 'a.' x 32000 as GET, and 1 MiB of it as form POSTs: 400 (a syntax error) and a
    concurrent client answered throughout, each within `slack` of the calm latency measured just
    before (< 1 s on a calm machine: bench/dos_latency_bench.py)."""
    def attack():
        out = []
        out.append(srv.query("a." * 32000, timeout=60)[0])
        body = b"query=" + b"a." * ((1 << 20) // 2 - 8)
        for _ in range(3):
            out.append(srv.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"},
                                   timeout=60)[0])
        return out
    calm = calm_baseline(srv)
    statuses, lat = while_loaded(srv, attack)
    assert statuses and all(s == 400 for s in statuses), statuses
    assert lat and all(s == 200 for s, _ in lat), lat
    assert max(dt for _, dt in lat) < slack(calm), (calm, max(lat, key=lambda x: x[1]))


# ------------------------------------------------------------------ 2: caches bounded in bytes

def test_caches_are_bounded_in_bytes_keys_included(srv):
    """70 distinct 512 kB queries (36 MB of text) go through the response, analysis and form
    caches (--cache-mb 1): the server's memory grows by far less than the text sent."""
    pad = "#" + "x" * (512 << 10) + "\n"
    srv.query(CHEAP)
    before = rss_kb(srv.proc.pid)
    for i in range(70):
        q = f"ASK {{ <{BTN}> ?p ?o FILTER({i} >= 0) }} {pad}"
        st_, _, _ = srv.request("POST", "/sparql", ("query=" + urllib.parse.quote(q)).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
        assert st_ == 200
    grew_mb = (rss_kb(srv.proc.pid) - before) / 1024
    assert grew_mb < 30, grew_mb   # unbounded keys would hold 36 MB per cache, in three caches


# ------------------------------------------------------------------ 3: a worker dying idle is replaced

def test_workers_killed_while_idle_are_noticed_logged_and_replaced(srv):
    srv.query(CHEAP)
    old = srv.children()
    assert len(old) == 2
    for pid in old:
        os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + 20
    while time.monotonic() < end and not (len(srv.children() - old) == 2):
        time.sleep(0.1)
    new = srv.children()
    assert len(new - old) == 2 and not (new & old), (old, new)
    t0 = time.monotonic()
    st_, _, _ = srv.query(CHEAP + " # after kill")
    assert st_ == 200 and time.monotonic() - t0 < 5
    assert srv.log.read_text().count("while idle; replacing it") >= 2


# ------------------------------------------------------------------ 4: worker memory cap

DOUBLING = ("SELECT ?x WHERE { BIND(\"0123456789abcdef\" AS ?s0) "
            + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(40))
            + " BIND(STRLEN(?s40) AS ?x) }")


def test_a_query_past_the_worker_memory_cap_gets_503_and_its_worker_is_replaced(srv):
    before = srv.children()
    t0 = time.monotonic()
    st_, headers, body = srv.query(DOUBLING, timeout=30)
    assert st_ == 503 and b"--worker-memory-mb" in body, (st_, body[:300])
    assert headers["Content-Type"].startswith("text/plain")
    assert time.monotonic() - t0 < 10  # well before the 10 s deadline: the cap, not the deadline
    end = time.monotonic() + 20
    while time.monotonic() < end and (len(srv.children()) < 2 or srv.children() == before):
        time.sleep(0.1)
    assert len(srv.children()) == 2 and srv.children() != before
    assert srv.query(CHEAP)[0] == 200


# ------------------------------------------------------------------ 5: answer byte cap, clients that never read

BIG = "SELECT ?x WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), STR(?p), STR(?o)) AS ?x) }"  # ~1 MB as JSON


def test_an_answer_over_the_byte_cap_is_413_before_any_result_bytes(srv):
    q = "SELECT ?a ?b WHERE { ?a ?p ?o . ?b ?q ?r } LIMIT 40000"
    st_, headers, body = srv.query(q, timeout=30)
    assert st_ == 413 and b"--max-response-mb" in body and len(body) < 500
    for q in ("CONSTRUCT { ?s <http://a/p> ?x } WHERE { ?s ?p ?o . ?a ?b ?c "
              "BIND(CONCAT(STR(?p), STR(?o), STR(?a), STR(?b)) AS ?x) } LIMIT 40000",):
        st_, _, body = srv.query(q, timeout=30)
        assert st_ == 413 and b"--max-response-mb" in body


# ~20 MB as TSV: far more than the loopback socket buffers hold (the server's send buffer grows
# to tcp_wmem's maximum, 4 MB by default; the client's receive buffer is set to 4 kB), so the
# transport must pause and a client that reads nothing is seen stopping.
HUGE = ("SELECT ?x WHERE { ?s ?p ?o . ?a ?b ?c BIND(CONCAT(STR(?s), STR(?p), STR(?o)) AS ?x) } "
        "LIMIT 120000")


def _send_buffer_max() -> int:
    """The most the kernel buffers for one sending socket (tcp_wmem's maximum); the client's
    receive buffer is fixed at 4 kB (SO_RCVBUF, which also stops its autotuning)."""
    try:
        return int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
    except (OSError, ValueError, IndexError):
        return 4 << 20


def test_clients_that_never_read_are_dropped_and_their_answers_freed(store, tmp_path):
    """Three clients ask for a ~20 MB answer (a server allowing 24 MB answers) and read nothing:
    each is dropped after --send-timeout (2 s) with most of its answer unsent (what it can still
    read is what the socket buffers held), the drop is logged, others are answered meanwhile, and
    the server's memory returns to where it was.  The answer is computed once and then served
    from the response cache (--cache-mb 200), so the three are sent at once and the test is about
    sending, not about three runaway computations on a loaded machine."""
    big = Server(store, tmp_path / "big.log", "--timeout", "30", "--workers", "2", "--cache-mb", "200",
                 "--max-response-mb", "24", "--max-rows", "200000", "--send-timeout", "2")
    try:
        st_, _, whole = big.query(HUGE, accept="text/tab-separated-values", timeout=60)
        assert st_ == 200, whole[:300]
        assert len(whole) > max(16 << 20, 4 * _send_buffer_max()), len(whole)
        before = rss_kb(big.proc.pid)
        socks = []
        for i in range(3):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", big.port))
            s.sendall(b"GET /sparql?query=" + urllib.parse.quote(HUGE).encode()
                      + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/tab-separated-values\r\n\r\n")
            socks.append(s)
        end = time.monotonic() + 30  # bounded: 2 s each to be dropped, and a margin
        while time.monotonic() < end and big.log.read_text().count("client dropped") < 3:
            assert big.query(CHEAP, timeout=30)[0] == 200  # others are answered meanwhile
            time.sleep(0.2)
        assert big.log.read_text().count("client dropped") == 3, big.log.read_text()[-2000:]
        for s in socks:
            got = 0
            s.settimeout(5)
            try:
                while True:
                    c = s.recv(1 << 20)
                    if not c:
                        break
                    got += len(c)
            except (ConnectionResetError, socket.timeout):
                pass
            s.close()
            assert got < len(whole) // 2, (got, len(whole))  # dropped, not served to the end
        time.sleep(0.5)
        assert (rss_kb(big.proc.pid) - before) / 1024 < 30  # three 20 MB answers held would be 60+
        assert big.query(CHEAP)[0] == 200
    finally:
        big.stop()


# ------------------------------------------------------------------ 6: form bodies

def test_form_bodies_with_many_parameters_are_refused_without_blocking_others(srv):
    body = b"&".join(b"p%d=%%41" % i for i in range(130_000))[: 1 << 20]

    def attack():
        return [srv.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"},
                            timeout=60)[:3:2] for _ in range(4)]
    calm = calm_baseline(srv)
    results, lat = while_loaded(srv, attack)
    assert all(s == 400 and b"parameters" in b for s, b in results), results
    assert lat and all(s == 200 for s, _ in lat) and max(dt for _, dt in lat) < slack(calm), (calm, lat)
    huge = b"query=" + urllib.parse.quote("ASK {} #" + "\u00e9" * 150_000).encode()  # 1 MB of escapes

    def attack2():
        return [srv.request("POST", "/sparql", huge, {"Content-Type": "application/x-www-form-urlencoded"},
                            timeout=60)[0] for _ in range(3)]
    statuses, lat = while_loaded(srv, attack2)
    assert statuses == [200] * 3
    assert lat and max(dt for _, dt in lat) < slack(calm), (calm, lat)


# ------------------------------------------------------------------ 7: gone clients, short-query capacity

def test_a_query_whose_client_disconnects_is_stopped(srv):
    before = srv.children()
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /sparql?query=" + urllib.parse.quote(EXPENSIVE).encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    time.sleep(0.5)
    s.close()
    end = time.monotonic() + 5  # the deadline is 10 s: a change before it is the cancellation
    while time.monotonic() < end and srv.children() >= before:
        time.sleep(0.1)
    assert not before <= srv.children(), "the disconnected client's query still holds its worker"
    assert "client disconnected" in srv.log.read_text()


def test_runaway_queries_from_one_client_leave_a_worker_for_short_queries(srv):
    """Two runaway queries at once on two workers: one is stopped when it would hold the last
    worker (503 long before the 10 s deadline), and cheap queries of another client are answered
    throughout, each within `slack` of the calm latency (a starved pool would hold them for the
    10 s deadline)."""
    calm = calm_baseline(srv)
    res = []

    def attack():
        ts = [threading.Thread(target=lambda: res.append(srv.query(EXPENSIVE + f" # {i}", timeout=30)[::2]))
              for i in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join(30)
    while_loaded(srv, attack)
    _, lat = None, None
    statuses = sorted(s for s, _ in res)
    assert statuses == [503, 503], res
    assert any(b"short queries" in b for _, b in res), res
    # measured again with a runaway running: cheap queries of another client are answered while
    # it runs, i.e. before its deadline ends it (a starved pool would answer them only then); the
    # runaway burns a core, so the calm latency is no measure here: the order is.
    stop, lat, ends = threading.Event(), [], []

    def runaway():
        srv.query(EXPENSIVE + " # again", timeout=30)
        ends.append(time.monotonic())
    th = [threading.Thread(target=runaway) for _ in range(2)]
    for t in th:
        t.start()
    time.sleep(1.5)  # past LONG_AFTER: one runaway holds a worker, the other was stopped
    t_start = time.monotonic()
    cl = threading.Thread(target=cheap_latencies, args=(srv, stop, lat))
    cl.start()
    time.sleep(3)
    stop.set()
    cl.join(30)
    answered = time.monotonic()
    for t in th:
        t.join(30)
    assert lat and all(s == 200 for s, _ in lat), (calm, lat)
    assert len(ends) == 2 and answered < max(ends), "the cheap queries waited for the runaway to end"
    assert t_start + sum(dt for _, dt in lat) < max(ends)
    assert max(dt for _, dt in lat) < 5, lat  # half the 10 s deadline a starved client would wait


# ------------------------------------------------------------------ 8: file descriptors, connection cap

def _nofile(soft: int, hard: int):
    def pre():
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return pre


def _server_with_limits(store, log: Path, soft: int, hard: int, *args):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cyberkg.cli", "serve", "--store", str(store), "--port", str(port),
                             "--workers", "2", *args], stdout=open(log, "wb"), stderr=subprocess.STDOUT, cwd=ROOT,
                            preexec_fn=_nofile(soft, hard))
    s = Server.__new__(Server)
    s.port, s.base, s.log, s.proc, s._logf = port, f"http://127.0.0.1:{port}", log, proc, open(os.devnull, "wb")
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if s.get("/sparql?query=ASK%7B%7D", timeout=2)[0] == 200:
                return s
        except OSError:
            time.sleep(0.1)
    s.stop()
    raise RuntimeError(log.read_text())


def _flood(port: int, n: int) -> list[socket.socket]:
    out = []
    for _ in range(n):
        try:
            out.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            break
    return out


def test_idle_connection_floods_never_exhaust_descriptors_and_the_server_recovers(store, tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 3000:
        pytest.skip("needs a hard file limit of 3000")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)) if hard != resource.RLIM_INFINITY else 8192, hard))
    # (a) started under `ulimit -n 1024`, the server raises its soft limit: 1,200 idle
    # keep-alive connections, and others are still answered
    s = _server_with_limits(store, tmp_path / "a.log", 1024, hard)
    try:
        flood = _flood(s.port, 1200)
        for c in flood:
            c.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert len(flood) == 1200
        assert s.query(CHEAP)[0] == 200
        for c in flood:
            c.close()
    finally:
        s.stop()
    # (b) a hard limit of 1024 it cannot raise: connections past the cap get 503 at once, the
    # idle ones are closed after --idle-timeout, and service recovers when the flood ends
    s = _server_with_limits(store, tmp_path / "b.log", 1024, 1024, "--idle-timeout", "1")
    try:
        flood = _flood(s.port, 1100)
        refused = 0
        for c in flood[-100:]:
            c.settimeout(5)
            try:
                refused += c.recv(100).startswith(b"HTTP/1.1 503")
            except OSError:
                pass
        assert refused >= 50, refused
        for c in flood:
            c.close()
        time.sleep(0.5)
        assert s.query(CHEAP)[0] == 200
        c = socket.create_connection(("127.0.0.1", s.port), timeout=5)
        c.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        t0 = time.monotonic()
        got = b""
        while (ch := c.recv(65536)):
            got += ch
        assert got.startswith(b"HTTP/1.1 200") and 0.5 < time.monotonic() - t0 < 4  # closed when idle
        assert s.proc.poll() is None
    finally:
        s.stop()


# ------------------------------------------------------------------ 9: no 500 for bad input

NESTED = [
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "SELECT * WHERE { BIND(" + "(" * 10_000 + "1" + ")" * 10_000 + " AS ?x) }",
    "SELECT * WHERE { BIND(" + "CONCAT(" * 5_000 + "'a'" + ")" * 5_000 + " AS ?x) }",
    "SELECT * WHERE { ?s <http://a/p> " + "(" * 5_000 + ")" * 5_000 + " }",
    "SELECT * WHERE { ?s <http://a/p> " + "[" * 5_000 + "]" * 5_000 + " }",
    "SELECT * WHERE { ?s " + "/".join(["<http://a/p>"] * 5_000) + " ?o }",
    "SELECT * WHERE { BIND(" + "+".join(["1"] * 50_000) + " AS ?x) }",
    "SELECT * WHERE { FILTER(" + "!" * 50_000 + "true) }",
    "SELECT * WHERE { " + " UNION ".join(["{}"] * 20_000) + " }",
    "SELECT * WHERE { FILTER(" + "||".join(["true"] * 50_000) + ") }",
]


def test_no_request_gets_a_500_for_bad_input(srv):
    for q in NESTED:
        st_, _, body = srv.request("POST", "/sparql", q.encode(), {"Content-Type": "application/sparql-query"}, timeout=30)
        assert st_ == 400, (q[:60], st_, body[:200])
    for path in ["/queries/provenance?entity=http://a%20b", "/queries/provenance?entity=http://a%3Cb",
                 "/queries/country-profile?iso3=%22%3E", "/id/a{b", "/id/a%20b", "/id/a%3Cb>", "/id/%7B",
                 "/id/a\\b", "/queries/provenance?entity=%00", "/graph/%00", "/queries/%00"]:
        st_, _, body = srv.get(path.replace("\\", "%5C"))
        assert st_ in (200, 400, 404), (path, st_, body[:200])  # never a 500
    assert "Traceback" not in srv.log.read_text()
    assert srv.query(CHEAP)[0] == 200


# ------------------------------------------------------------------ 10: aborted bodies, one line each, rate-limited

def test_posts_aborted_mid_body_log_one_rate_limited_line_and_no_traceback(srv):
    size0 = srv.log.stat().st_size
    t0 = time.monotonic()
    for i in range(300):
        with socket.create_connection(("127.0.0.1", srv.port)) as s:
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                      b"Content-Length: 100000\r\n\r\nASK {")
    elapsed = time.monotonic() - t0
    time.sleep(0.5)
    assert srv.query(CHEAP)[0] == 200
    text = srv.log.read_bytes()[size0:].decode("utf-8", "replace")
    assert "Traceback" not in text
    lines = text.splitlines()
    assert lines and any("disconnected" in ln for ln in lines), text[-2000:]
    assert len(lines) <= 20 + 5 * (elapsed + 1) + 5, len(lines)   # burst 20, then 5 a second


# ------------------------------------------------------------------ 11: Host header

@pytest.mark.parametrize("host", [b"evil.example", b"evil.example:%d", b"127.0.0.1.evil.example", b"localhost.evil",
                                  b"localhost@evil.example", b"", b"[::2]"])
def test_foreign_host_headers_are_400(srv, host):
    host = host.replace(b"%d", str(srv.port).encode())
    for path in (b"/sparql", b"/sparql?query=ASK%7B%7D", b"/queries", b"/", b"/id/country/BTN", b"/queries/"):
        st_, body = raw(srv, b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        assert st_ == 400 and b"evil" not in body.split(b"\r\n\r\n", 1)[0], (path, body[:300])
    st_, body = raw(srv, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: " + (host or b"x") + b"\r\nConnection: close\r\n\r\n")
    assert st_ == 400


def test_allowed_hosts_are_served_and_urls_come_from_configuration(srv):
    for host in (b"localhost:%d" % srv.port, b"LOCALHOST", b"127.0.0.1:%d" % srv.port, b"localhost."):
        st_, body = raw(srv, b"GET /queries HTTP/1.1\r\nHost: " + host + b"\r\nAccept: application/json\r\n"
                        b"Connection: close\r\n\r\n")
        assert st_ == 200 and f"http://127.0.0.1:{srv.port}/queries/countries".encode() in body
        st_, body = raw(srv, b"GET /sparql HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        assert st_ == 200 and f"<http://127.0.0.1:{srv.port}/sparql>".encode() in body
        assert b"localhost" not in body.lower()
    st_, body = raw(srv, b"GET /queries/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert b"localhost" not in body.split(b"\r\n\r\n", 1)[0].lower()
