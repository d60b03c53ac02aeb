"""`cyberkg publish` against a real `oxigraph serve` (PyPI package oxigraph) on 127.0.0.1.

After publishing the bundled store, every canned query gives the same rows on the server as on
the local store.  Idempotence (twice: same content), resume (a proxy that fails after k PUTs,
then a rerun pushes only the rest), and errors (nothing listening; a 4xx naming the graph).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberkg.store import build as B
from cyberkg.cli import main
from cyberkg.outputs.publish import PublishError, publish
from cyberkg.store.queries import catalogue, inline_example, rows, run

from ..conftest import DATA

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
pytestmark = pytest.mark.skipif(not OXIGRAPH.exists(), reason=f"{OXIGRAPH} not installed (pip install -e '.[test]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Oxigraph:
    """`oxigraph serve` on a fresh directory; the default graph stays the server's own (a client
    asks for the union with the union-default-graph query parameter)."""

    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp / "oxigraph.log", "wb")
        self.proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp / "data"),
                                      "--bind", f"127.0.0.1:{self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:  # bounded readiness loop
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited {self.proc.returncode}: {(tmp / 'oxigraph.log').read_text()}")
            try:
                with urllib.request.urlopen(self.base + "/query?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("oxigraph not ready in 30 s")
                time.sleep(0.1)

    def select(self, query: str):
        # POST (the long queries exceed the server's 8 kB header limit as a GET URL)
        req = urllib.request.Request(self.base + "/query?union-default-graph", data=query.encode("utf-8"),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/sparql-query"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                data = json.load(r)
        except urllib.error.HTTPError as e:
            raise AssertionError(f"oxigraph answered {e.code}: {e.read().decode()[:500]}\n{query}") from None
        header = data["head"]["vars"]
        return header, [[b[h]["value"] if h in b else "" for h in header] for b in data["results"]["bindings"]]

    def quads(self) -> int:
        _, r = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(r[0][0])

    def stop(self):
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture
def oxigraph(tmp_path):
    server = Oxigraph(tmp_path)
    yield server
    server.stop()


def test_published_store_answers_every_canned_query_like_the_local_store(oxigraph, bundled_store, tmp_path):
    report = publish(bundled_store, oxigraph.base + "/store", state_path=tmp_path / "state.json")
    assert len(report.pushed) == len(list(bundled_store.named_graphs())) == 7
    assert oxigraph.quads() == len(bundled_store)
    nonempty = 0
    for name, q in sorted(catalogue().items()):
        local_header, local = rows(run(bundled_store, q.text, q.example, q.params))
        remote_header, remote = oxigraph.select(inline_example(q))  # parameters as VALUES
        assert remote_header == local_header, name
        assert sorted(remote) == sorted(local), name
        nonempty += bool(local)
    # Not vacuous: only source-anomalies is empty on data/, and the strategy-* queries (data/ has no strategy).
    assert nonempty >= len([n for n in catalogue() if not n.startswith("strateg")]) - 1


def test_publishing_twice_is_idempotent(oxigraph, bundled_store, tmp_path):
    publish(bundled_store, oxigraph.base + "/store", state_path=tmp_path / "state.json")
    n = oxigraph.quads()
    again = publish(bundled_store, oxigraph.base + "/store", state_path=tmp_path / "state.json")
    assert again.pushed == [] and len(again.skipped) == 7  # unchanged graphs are not sent again
    forced = publish(bundled_store, oxigraph.base + "/store", state_path=tmp_path / "state.json", force=True)
    assert len(forced.pushed) == 7
    assert oxigraph.quads() == n == len(bundled_store)  # PUT replaces: nothing doubled


class FailingProxy:
    """Forwards to the Graph Store, but answers 503 to every PUT after the first `allow`."""

    def __init__(self, target: str, allow: int):
        self.allow, self.puts = allow, []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "PUT":
                    if len(proxy.puts) >= proxy.allow:
                        self.send_response(503)
                        self.send_header("Content-Length", "12")
                        self.end_headers()
                        self.wfile.write(b"maintenance\n")
                        return
                    proxy.puts.append(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0])
                req = urllib.request.Request(target + self.path, data=body or None, method=self.command,
                                             headers={"Content-Type": self.headers.get("Content-Type", "")})
                try:
                    with urllib.request.urlopen(req, timeout=30) as r:
                        status, data = r.status, r.read()
                except urllib.error.HTTPError as e:
                    status, data = e.code, e.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_PUT = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/store"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_an_interrupted_publish_resumes_with_the_remaining_graphs(oxigraph, bundled_store, tmp_path):
    proxy = FailingProxy(oxigraph.base, allow=3)
    try:
        with pytest.raises(PublishError, match=r"PUT graph https://w3id.org/cyberkg/.* HTTP 503"):
            publish(bundled_store, proxy.url, state_path=tmp_path / "state.json")
        first = list(proxy.puts)
        assert len(first) == 3
        proxy.allow = 100
        report = publish(bundled_store, proxy.url, state_path=tmp_path / "state.json")
        assert report.skipped == first  # the graphs already there are not sent again
        assert len(report.pushed) == 4 and not set(report.pushed) & set(first)
        assert proxy.puts == first + report.pushed
    finally:
        proxy.close()
    assert oxigraph.quads() == len(bundled_store)


def test_graphs_no_longer_in_the_store_are_removed_from_the_server(oxigraph, bundled_store, tmp_path):
    state = tmp_path / "state.json"
    publish(bundled_store, oxigraph.base + "/store", state_path=state)
    stale = "https://w3id.org/cyberkg/id/doc/profile-old-00000000"
    req = urllib.request.Request(oxigraph.base + "/store?graph=" + urllib.parse.quote(stale), method="PUT",
                                 data=b"<urn:a> <urn:b> <urn:c> .\n", headers={"Content-Type": "application/n-triples"})
    urllib.request.urlopen(req, timeout=10).close()
    data = json.loads(state.read_text())
    data[oxigraph.base + "/store"][stale] = "0" * 64  # as if an earlier build had published it
    state.write_text(json.dumps(data))
    report = publish(bundled_store, oxigraph.base + "/store", state_path=state)
    assert report.deleted == [stale] and report.pushed == []
    assert oxigraph.quads() == len(bundled_store)


def test_nothing_listening_is_a_clear_error_with_exit_code_2(tmp_path):
    store = tmp_path / "store"
    B.build([DATA], store)
    url = f"http://127.0.0.1:{_free_port()}/store"
    r = CliRunner().invoke(main, ["publish", "--graph-store", url, "--store", str(store)])
    assert r.exit_code == 2
    assert url in r.output and "cannot connect" in r.output
    state = json.loads((tmp_path / "store.publish.json").read_text()) if (tmp_path / "store.publish.json").exists() else {}
    assert not state.get(url)  # nothing recorded as pushed


def test_a_refused_graph_is_named_in_the_error(oxigraph, bundled_store, tmp_path):
    # Oxigraph refuses a PUT to its query endpoint (405): the error names method, graph and status.
    with pytest.raises(PublishError, match=r"PUT graph https://w3id.org/cyberkg/\S+ to .*/query: HTTP 4\d\d"):
        publish(bundled_store, oxigraph.base + "/query", state_path=tmp_path / "state.json")


def test_cli_publishes_with_progress_and_summary(oxigraph, tmp_path):
    store = tmp_path / "store"
    B.build([DATA], store)
    r = CliRunner().invoke(main, ["publish", "--graph-store", oxigraph.base + "/store", "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "[7/7] " in r.output and "7 graphs pushed" in r.output
    assert json.loads((tmp_path / "store.publish.json").read_text())[oxigraph.base + "/store"]
