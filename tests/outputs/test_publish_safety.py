"""`cyberkg publish` with hostile or careless inputs, and terminal safety of what the CLI prints.

A small Graph Store on 127.0.0.1 (raw sockets, so that it can misbehave): credentials in the URL
are used but never stored nor printed and the state file is 0600; Digest and Basic are answered by
challenge; an endless error body is read only a few KB; `--timeout` bounds a whole request
against a server that trickles its answer; terminal escape sequences from a server's error body,
a file name or query results never reach a terminal (the CLI run on a pseudo-terminal)."""

from __future__ import annotations

import hashlib
import os
import pty
import re
import select
import socket
import socketserver
import subprocess
import threading
import time
from pathlib import Path

import pytest

from ..conftest import DATA
from ..test_cli import CLI, run

USER, SECRET = "alice", "s3cret-Pass"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = tmp_path_factory.mktemp("pub") / "store"
    assert run("build", DATA, "--store", s).returncode == 0
    return s


class GraphStore:
    """mode: 'ok' (201), 'basic' / 'digest' (401 challenge, then check the credentials),
    'flood' (500 with an endless body), 'trickle' (one byte of the answer every 0.3 s),
    'escape' (400 whose body holds terminal escape sequences)."""

    def __init__(self, mode: str):
        self.mode, self.requests, self.sent = mode, [], 0
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                while True:
                    head = b""
                    while b"\r\n\r\n" not in head:
                        chunk = self.request.recv(65536)
                        if not chunk:
                            return
                        head += chunk
                    head, _, body = head.partition(b"\r\n\r\n")
                    lines = head.decode("latin-1").split("\r\n")
                    headers = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
                    n = int(headers.get("content-length", 0))
                    while len(body) < n:
                        body += self.request.recv(65536)
                    outer.requests.append((lines[0], headers))
                    if not outer.answer(self.request, lines[0], headers):
                        return

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/store"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, sock, request_line, headers) -> bool:
        auth = headers.get("authorization", "")
        if self.mode in ("basic", "digest") and not self._authorised(request_line, auth):
            challenge = 'Basic realm="gs"' if self.mode == "basic" else \
                'Digest realm="gs", nonce="n0nce", opaque="op", qop="auth", algorithm="MD5"'
            sock.sendall(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: " + challenge.encode() +
                         b"\r\nContent-Length: 0\r\n\r\n")
            return True
        if self.mode == "flood":
            sock.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 800000000\r\n\r\n")
            try:
                while self.sent < 800_000_000:
                    sock.sendall(b"x" * 65536)
                    self.sent += 65536
            except OSError:
                pass
            return False
        if self.mode == "trickle":
            try:
                for b in b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n":
                    sock.sendall(bytes([b]))
                    time.sleep(0.3)
            except OSError:
                pass
            return False
        if self.mode == "escape":
            body = b"bad graph \x1b]0;pwned\x07\x1b[2J\x1b[31m red"
            sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            return True
        sock.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")
        return True

    def _authorised(self, request_line: str, auth: str) -> bool:
        if self.mode == "basic":
            import base64

            return auth == "Basic " + base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
        if not auth.startswith("Digest "):
            return False
        f = dict(re.findall(r'(\w+)="?([^",]*)"?', auth[7:]))
        md5 = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731 (RFC 7616's MD5, as servers use it)
        method, uri = request_line.split(" ")[:2]
        ha1, ha2 = md5(f"{USER}:gs:{SECRET}"), md5(f"{method}:{f.get('uri')}")
        expected = md5(f"{ha1}:{f.get('nonce')}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
        return f.get("username") == USER and f.get("uri") == uri and f.get("response") == expected

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def graph_store(request):
    servers = []

    def make(mode):
        servers.append(GraphStore(mode))
        return servers[-1]
    yield make
    for s in servers:
        s.close()


def with_credentials(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{SECRET}@")


@pytest.mark.parametrize("mode", ["digest", "basic"])
def test_credentials_in_the_url_are_used_by_challenge_never_stored_or_printed(store, tmp_path, graph_store, mode):
    gs = graph_store(mode)
    state = tmp_path / "state.json"
    r = run("publish", "--graph-store", with_credentials(gs.url), "--state", state, "--store", store)
    assert r.returncode == 0, r.stderr
    assert "7 graphs pushed" in r.stderr and SECRET not in r.stderr + r.stdout
    assert SECRET not in state.read_text() and USER not in state.read_text()
    assert (state.stat().st_mode & 0o777) == 0o600
    # by challenge: the first request carries no credentials, later ones answer the scheme at once
    assert "authorization" not in gs.requests[0][1]
    scheme = "Digest " if mode == "digest" else "Basic "
    assert all(h.get("authorization", "").startswith(scheme) for _, h in gs.requests[2:])
    assert len(gs.requests) == 7 + 1  # one 401, then one request per graph
    # an old state file holding credentials in its keys loses them on the next save
    state.write_text('{"%s": {}}' % with_credentials(gs.url))
    os.chmod(state, 0o644)
    r = run("publish", "--graph-store", gs.url, "--state", state, "--store", store,
            env={"CYBERKG_PUBLISH_AUTH": f"{USER}:{SECRET}"})
    assert r.returncode == 0, r.stderr
    assert SECRET not in state.read_text() and (state.stat().st_mode & 0o777) == 0o600


def test_an_endless_error_body_is_read_only_a_few_kb(store, tmp_path, graph_store):
    gs = graph_store("flood")
    t0 = time.monotonic()
    r = run("publish", "--graph-store", gs.url, "--state", tmp_path / "s.json", "--store", store)
    assert r.returncode == 2 and "HTTP 500" in r.stderr and "Traceback" not in r.stderr
    assert time.monotonic() - t0 < 15
    assert len(r.stderr) < 2000
    time.sleep(0.5)
    assert gs.sent < 64 << 20  # the client closed long before 800 MB


def test_timeout_bounds_the_whole_request_against_a_trickling_server(store, tmp_path, graph_store):
    gs = graph_store("trickle")  # the answer's 40 bytes take 12 s; each byte arrives well within 2 s
    t0 = time.monotonic()
    r = run("publish", "--graph-store", gs.url, "--state", tmp_path / "s.json", "--store", store, "--timeout", "2")
    took = time.monotonic() - t0
    assert r.returncode == 2 and "no complete answer within 2 s" in r.stderr, r.stderr
    assert took < 2 + 4  # the request's 2 s plus the CLI's start


def _on_a_terminal(args, env=None) -> bytes:
    """Run the CLI with stdout and stderr on a pseudo-terminal; everything it printed."""
    master, slave = pty.openpty()
    e = dict(os.environ, NO_COLOR="1", TERM="xterm", COLUMNS="200")
    e.update(env or {})
    p = subprocess.Popen(CLI + [os.fsencode(a) if isinstance(a, bytes) else str(a) for a in args],
                         stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=e)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=60)
    os.close(master)
    return out


HOSTILE = (b"\x1b]0;", b"\x1b[2J", b"\x07", b"\x1b[31m", "\u202e".encode())


def test_terminal_escapes_never_reach_a_terminal(store, tmp_path, graph_store):
    # a publish error body
    gs = graph_store("escape")
    out = _on_a_terminal(["publish", "--graph-store", gs.url, "--state", tmp_path / "s.json", "--store", store])
    assert b"HTTP 400" in out and b"\\x1b]0;pwned\\x07" in out
    assert not any(h in out for h in HOSTILE), out
    # query results in a table
    out = _on_a_terminal(["query", "--sparql", 'SELECT ?x WHERE { BIND("a\\u001B]0;pwned\\u0007\\u001B[2J\\u202Eb" AS ?x) }',
                          "--store", store])
    assert b"pwned" in out and not any(h in out for h in HOSTILE), out
    for fmt in ("csv", "tsv", "json"):  # data formats too, when they go to a terminal
        out = _on_a_terminal(["query", "--sparql", 'SELECT ?x WHERE { BIND("a\u001B]0;pwned\u0007\u001B[2J\u202Eb" AS ?x) }',
                              "--format", fmt, "--store", store])
        assert b"pwned" in out and not any(h in out for h in HOSTILE), (fmt, out)
    # a file name in an error line (build), and in a finding's document name
    d = tmp_path / "src"
    d.mkdir()
    (d / "evil\x1b]0;pwned\x07.txt").write_bytes((DATA / "profile-bhutan.txt").read_bytes())
    out = _on_a_terminal(["build", d, "--store", tmp_path / "st"])
    assert b"error:" in out and b"evil\\x1b]0;pwned\\x07.txt" in out
    assert not any(h in out for h in HOSTILE), out
