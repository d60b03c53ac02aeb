"""`cyberkg serve` end to end: the real server in a subprocess on 127.0.0.1, over the bundled data.

Two servers share one store built from data/: `main` with the defaults, and `strict` with a 1 s
deadline, small caps and --cors, for the limit cases.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from cyberkg.store import build as B

from ..conftest import DATA, ROOT
from ..timing import bound, calm

BTN = "https://w3id.org/cyberkg/id/country/BTN"
BTN_DOC = "https://w3id.org/cyberkg/id/doc/profile-bhutan-f253079f"
CKG = "https://w3id.org/cyberkg/ontology#"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 2125^3 rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    """The process exists and is no zombie; one reaped between listing and reading is gone (a race of
    the test's look at /proc, not of the server)."""
    try:
        return "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, ProcessLookupError):
        return False


class Server:
    def __init__(self, store: Path, log: Path, *args: str):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._logf = open(log, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cyberkg.cli", "serve", "--store", str(store), "--port", str(self.port), *args],
            stdout=self._logf, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 60
        while True:  # bounded readiness loop
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}:\n{log.read_text()}")
            try:
                status, _, _ = self.get("/sparql?query=ASK%7B%7D", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server not ready in 60 s:\n{log.read_text()}")
            time.sleep(0.1)

    def request(self, method: str, path: str, data: bytes | None = None, headers: dict | None = None,
                timeout: float = 20):
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def get(self, path: str, accept: str | None = None, **kw):
        return self.request("GET", path, headers={"Accept": accept} if accept else {}, **kw)

    def query(self, q: str, accept: str | None = None, extra: str = "", **kw):
        return self.get("/sparql?query=" + urllib.parse.quote(q) + extra, accept, **kw)

    def children(self) -> set[int]:
        out = set()
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                out |= {int(p) for p in (task / "children").read_text().split()}
            except (FileNotFoundError, ProcessLookupError):
                pass  # a thread that ended while the list was read has no children
        return {p for p in out if _alive(p)}

    def describe_children(self) -> str:
        """The server's children, one a line: pid, age and command line (for assertion messages)."""
        up = float(Path("/proc/uptime").read_text().split()[0])
        lines = []
        for p in sorted(self.children()):
            try:
                start = int(Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()[19])
                cmd = Path(f"/proc/{p}/cmdline").read_text().replace("\0", " ").strip()
            except (OSError, IndexError, ValueError):
                continue
            lines.append(f"{p}: {up - start / os.sysconf('SC_CLK_TCK'):.1f} s old: {cmd}")
        return "\n".join(lines)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._logf.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("serve") / "store"
    B.build([DATA], p)
    return p


@pytest.fixture(scope="module")
def main(store, tmp_path_factory):
    s = Server(store, tmp_path_factory.mktemp("log") / "main.log")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def strict(store, tmp_path_factory):
    s = Server(store, tmp_path_factory.mktemp("log") / "strict.log", "--timeout", "1", "--max-rows", "50",
               "--max-request-bytes", "4096", "--workers", "2", "--cors", "--cache-mb", "0")
    yield s
    s.stop()


def _json(body: bytes):
    return json.loads(body.decode("utf-8"))


COUNTRIES = f"SELECT ?c WHERE {{ ?c a <{CKG}Country> ; <{CKG}iso3166Alpha3> ?iso }} ORDER BY ?c"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


# ------------------------------------------------------------------ the three ways to send a query

def test_get_post_form_and_post_direct_agree(main):
    s1, h1, b1 = main.query(COUNTRIES)
    s2, h2, b2 = main.request("POST", "/sparql", urllib.parse.urlencode({"query": COUNTRIES}).encode(), FORM)
    s3, h3, b3 = main.request("POST", "/sparql", COUNTRIES.encode(), {"Content-Type": "application/sparql-query"})
    assert s1 == s2 == s3 == 200
    assert h1["Content-Type"] == "application/sparql-results+json"
    rows = [b["c"]["value"] for b in _json(b1)["results"]["bindings"]]
    assert BTN in rows
    assert _json(b2) == _json(b3) == _json(b1)


def test_default_graph_is_union_of_named_graphs(main, store):
    """The RDF merge of the named graphs, as a set: each triple once (issue 15, item 4)."""
    _, _, b = main.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    n_union = int(_json(b)["results"]["bindings"][0]["n"]["value"])
    _, _, b = main.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    n_quads = int(_json(b)["results"]["bindings"][0]["n"]["value"])
    distinct = len({q.triple for q in B.open_store(store)})
    assert n_union == distinct < n_quads and n_union > 2000


def test_dataset_from_protocol_and_from_clause(main):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    _, _, b = main.query(count, extra="&default-graph-uri=" + urllib.parse.quote(BTN_DOC))
    n_graph = int(_json(b)["results"]["bindings"][0]["n"]["value"])
    assert 100 < n_graph < 1000
    s, _, b = main.query(f"SELECT (COUNT(*) AS ?n) FROM <{BTN_DOC}> WHERE {{ ?s ?p ?o }}")
    assert s == 200 and int(_json(b)["results"]["bindings"][0]["n"]["value"]) == n_graph
    # named-graph-uri only: those named graphs, and (as with FROM NAMED alone) an empty default graph
    q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    _, _, b = main.query(q, extra="&named-graph-uri=" + urllib.parse.quote(BTN_DOC))
    assert [r["g"]["value"] for r in _json(b)["results"]["bindings"]] == [BTN_DOC]
    _, _, b = main.query(count, extra="&named-graph-uri=" + urllib.parse.quote(BTN_DOC))
    assert _json(b)["results"]["bindings"][0]["n"]["value"] == "0"
    # the protocol dataset wins over FROM
    _, _, b = main.query(f"SELECT (COUNT(*) AS ?n) FROM <{BTN_DOC}> WHERE {{ ?s ?p ?o }}",
                         extra="&default-graph-uri=" + urllib.parse.quote("https://w3id.org/cyberkg/ontology"))
    assert int(_json(b)["results"]["bindings"][0]["n"]["value"]) != n_graph


# ------------------------------------------------------------------ content negotiation

@pytest.mark.parametrize("accept, ctype", [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
    ("text/*;q=0.9, application/sparql-results+json;q=0.2", "text/csv; charset=utf-8"),
])
def test_select_negotiation(main, accept, ctype):
    s, h, b = main.query(COUNTRIES, accept)
    assert s == 200 and h["Content-Type"] == ctype
    assert BTN.encode() in b
    assert "Accept" in h.get("Vary", "")


@pytest.mark.parametrize("accept, ctype, rdflib_fmt", [
    (None, "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "application/n-triples; charset=utf-8", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-quads", "application/n-quads; charset=utf-8", "nquads"),
    ("application/trig", "application/trig; charset=utf-8", "trig"),
    ("application/rdf+xml;q=0.4, text/turtle;q=0.6", "text/turtle; charset=utf-8", "turtle"),
])
def test_construct_negotiation(main, accept, ctype, rdflib_fmt):
    from rdflib import Dataset, Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    s, h, b = main.query(f"CONSTRUCT {{ <{BTN}> ?p ?o }} WHERE {{ <{BTN}> ?p ?o }}", accept)
    assert s == 200 and h["Content-Type"] == ctype
    g = Dataset() if rdflib_fmt in ("nquads", "trig") else Graph()
    g.parse(data=b, format=rdflib_fmt)
    assert (URIRef(BTN), RDFS.label, Literal("Bhutan")) in (g.default_graph if isinstance(g, Dataset) else g)


def test_ask_and_describe(main):
    s, _, b = main.query(f"ASK {{ <{BTN}> ?p ?o }}")
    assert s == 200 and _json(b)["boolean"] is True
    s, h, b = main.query(f"ASK {{ <{BTN}> ?p ?o }}", "application/sparql-results+xml")
    assert s == 200 and b"<boolean>true</boolean>" in b
    s, h, b = main.query(f"DESCRIBE <{BTN}>", "application/n-triples")
    assert s == 200 and f"<{BTN}> <http://www.w3.org/2000/01/rdf-schema#label> \"Bhutan\"".encode() in b


def test_406_when_nothing_acceptable(main):
    assert main.query(COUNTRIES, "text/turtle")[0] == 406
    assert main.query(f"CONSTRUCT WHERE {{ <{BTN}> ?p ?o }}", "application/sparql-results+json")[0] == 406
    assert main.query(COUNTRIES, "image/png, text/csv;q=0")[0] == 406


# ------------------------------------------------------------------ errors

def test_400_malformed_missing_repeated(main):
    s, _, b = main.query("SELECT WHERE nonsense")
    assert s == 400 and b"syntax" in b.lower()
    assert main.request("POST", "/sparql", b"default-graph-uri=x", FORM)[0] == 400  # no query
    assert main.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400              # repeated
    assert main.request("POST", "/sparql?query=ASK%7B%7D", b"query=ASK%7B%7D", FORM)[0] == 400
    assert main.request("POST", "/sparql?query=ASK%7B%7D", b"ASK {}", {"Content-Type": "application/sparql-query"})[0] == 400


def test_403_for_every_kind_of_update(main):
    assert main.get("/sparql?update=" + urllib.parse.quote("CLEAR ALL"))[0] == 403
    assert main.request("POST", "/sparql", b"update=CLEAR+ALL", FORM)[0] == 403
    assert main.request("POST", "/sparql", b"INSERT DATA { <a:b> <a:c> <a:d> }",
                        {"Content-Type": "application/sparql-update"})[0] == 403
    assert main.query("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }")[0] == 403
    assert main.request("POST", "/sparql", b"PREFIX a: <http://a/> DELETE WHERE { ?s ?p ?o }",
                        {"Content-Type": "application/sparql-query"})[0] == 403
    assert main.query(f"ASK {{ <{BTN}> ?p ?o }}")[2].strip().endswith(b"true}")  # still all there


def test_415_unsupported_body(main):
    assert main.request("POST", "/sparql", b"ASK {}", {"Content-Type": "text/plain"})[0] == 415
    assert main.request("POST", "/sparql", b'{"query": "ASK {}"}', {"Content-Type": "application/json"})[0] == 415


def test_413_request_size_and_rows(strict):
    big = "ASK { }" + " " * 5000
    assert strict.request("POST", "/sparql", big.encode(), {"Content-Type": "application/sparql-query"})[0] == 413
    assert strict.request("POST", "/sparql", urllib.parse.urlencode({"query": big}).encode(), FORM)[0] == 413
    assert strict.query(big)[0] == 413
    s, _, b = strict.query("SELECT * WHERE { ?s ?p ?o }")
    assert s == 413 and b"--max-rows" in b
    assert strict.query("SELECT * WHERE { ?s ?p ?o } LIMIT 50")[0] == 200
    assert strict.query("CONSTRUCT WHERE { ?s ?p ?o }")[0] == 413
    assert strict.get("/queries/indicator-matrix?format=csv")[0] == 413  # 84 rows > 50


# ------------------------------------------------------------------ safety

FEDERATION_REFUSED = b"is refused: federated queries are disabled"


def assert_not_fetched(q, st, body):
    """A dataset naming a graph that is not in the store: either refused with the reason that remote
    graphs are never fetched, or (dataset semantics where such a graph is an empty graph) answered
    from nothing.  Either way no connection is made (checked by the caller)."""
    if st == 400:
        assert b"not fetched" in body, (q, body)
    else:
        assert st == 200, (q, st, body)
        assert b'"bindings":[]' in body.replace(b" ", b"") or b'"boolean":false' in body.replace(b" ", b""), (q, body)


@pytest.mark.parametrize("q", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:1/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "PREFIX x: <http://127.0.0.1:1/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
])
def test_service_refused_saying_why(main, q):
    s, _, b = main.query(q)
    assert s == 400 and FEDERATION_REFUSED in b and b"SERVICE" in b, b
    assert (b"a variable endpoint" in b) == ("?e" in q), b


@pytest.mark.parametrize("q", [
    "SELECT * FROM <http://127.0.0.1:1/remote.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://127.0.0.1:1/remote.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX r: <http://127.0.0.1:1/> SELECT * FROM r:remote.ttl WHERE { ?s ?p ?o }",
])
def test_from_a_graph_not_in_the_store_is_an_empty_graph_never_fetched(main, q):
    """Dataset semantics of a quad store: the IRI names a graph of this store, empty when absent;
    nothing is fetched (port 1 would refuse; isolation forbids it anyway), nothing refused."""
    s, _, b = main.query(q, accept="application/sparql-results+json")
    assert s == 200, b
    assert_not_fetched(q, s, b)


def test_remote_graph_in_protocol_dataset_is_never_fetched(main):
    for param, q in (("default-graph-uri", "ASK { ?s ?p ?o }"), ("named-graph-uri", "ASK { GRAPH ?g { ?s ?p ?o } }")):
        s, _, b = main.query(q, extra=f"&{param}=" + urllib.parse.quote("http://127.0.0.1:1/g"),
                             accept="application/sparql-results+json")
        assert s == 200, b
        assert_not_fetched(param, s, b)
    assert main.query("ASK {}", extra="&default-graph-uri=not%20an%20iri")[0] == 400


def test_service_word_in_data_is_not_refused(main):
    s, _, b = main.query("SELECT ?x WHERE { BIND(\"SERVICE <http://127.0.0.1:1/> {}\" AS ?x) } # SERVICE")
    assert s == 200 and b"SERVICE" in b


def test_worker_isolation_blocks_even_loopback(main):
    """What a worker does first: enter an empty network namespace; then not even our server is reachable."""
    assert "worker network isolation:" in main.log.read_text()
    code = ("import socket, sys\nfrom cyberkg.web.executor import _isolate_network\nhow = _isolate_network()\n"
            "print(how)\nif how.startswith('none'): sys.exit(0)\n"
            f"socket.create_connection(('127.0.0.1', {main.port}), timeout=2)\nprint('CONNECTED')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    if r.stdout.startswith("none"):
        pytest.skip(f"this kernel does not let the worker unshare its network: {r.stdout.strip()}")
    assert "CONNECTED" not in r.stdout and r.returncode != 0, r.stdout + r.stderr


def test_allow_federation_only_to_listed_endpoints(main, store, tmp_path):
    fed = Server(store, tmp_path / "fed.log", "--allow-federation", main.base + "/sparql")
    try:
        s, _, b = fed.query(f"SELECT ?l WHERE {{ SERVICE <{main.base}/sparql> {{ <{BTN}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}")
        assert s == 200 and b"Bhutan" in b
        s, _, b = fed.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
        assert s == 400 and b"except to --allow-federation endpoints" in b and b"<http://127.0.0.1:1/sparql>" in b, b
        s, _, b = fed.query("SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }")
        assert s == 400 and b"SERVICE a variable endpoint" in b and FEDERATION_REFUSED in b, b
    finally:
        fed.stop()


def test_deadline_stops_the_work_and_others_are_served(strict):
    before = strict.children()
    assert len(before) == 2
    fresh = iter(range(10**6))  # distinct queries: no response cache in the baseline
    baseline = calm(lambda: strict.query(f"ASK {{ <{BTN}> ?p ?o FILTER({next(fresh)} < -1) }}"))
    out = {}

    def expensive():
        t0 = time.monotonic()
        out["status"], _, out["body"] = strict.query(EXPENSIVE, timeout=30)
        out["elapsed"] = time.monotonic() - t0

    t = threading.Thread(target=expensive)
    t.start()
    time.sleep(0.3)
    simple = []

    def cheap(i):
        t0 = time.monotonic()
        s, _, b = strict.query(f"ASK {{ <{BTN}> ?p ?o FILTER({i} > 0) }}")
        simple.append((s, b, time.monotonic() - t0))

    cheap_threads = [threading.Thread(target=cheap, args=(i,)) for i in range(1, 7)]
    for c in cheap_threads:
        c.start()
    for c in cheap_threads:
        c.join(30)
    t.join(30)
    assert len(simple) == 6
    for s, b, elapsed in simple:  # none waits behind the expensive query
        assert s == 200 and b"true" in b
        assert elapsed < bound(baseline, 0.9), (elapsed, baseline)
    assert out["status"] == 503, out
    assert b"deadline" in out["body"]
    assert out["elapsed"] <= 1 + bound(baseline, 1.0), (out["elapsed"], baseline)  # --timeout 1, + 1 s
    # the busy worker was killed and replaced: the work really stopped
    end = time.monotonic() + 20
    while time.monotonic() < end:
        now = strict.children()
        if len(now) == 2 and now != before:
            break
        time.sleep(0.1)
    now = strict.children()
    assert len(now) == 2 and len(before - now) == 1, (before, now)
    assert strict.query(f"ASK {{ <{BTN}> ?p ?o }}")[0] == 200


def test_rebuild_while_serving(tmp_path):
    """Builds delete the versions they replace; the server pinned its own (and follows the new
    ones, test_serve_reload.py), so even a worker replaced after a timeout still opens it, and the
    pins are removed when the server stops."""
    store = tmp_path / "store"
    B.build([DATA], store)
    srv = Server(store, tmp_path / "rebuild.log", "--timeout", "1", "--workers", "2", "--cache-mb", "0")
    try:
        first = store.resolve()
        for _ in range(2):  # a build keeps the version it replaces; the next one removes it
            subprocess.run([sys.executable, "-m", "cyberkg.cli", "build", str(DATA), "--store", str(store)],
                           check=True, capture_output=True, timeout=300)
        assert not first.exists() and store.resolve() != first
        assert srv.query(EXPENSIVE, timeout=30)[0] == 503          # kills a worker
        for _ in range(6):                                          # every worker answers
            assert srv.query(f"ASK {{ <{BTN}> ?p ?o }}")[0] == 200
        end = time.monotonic() + 30  # a retired version's workers exit once their queries are answered
        while time.monotonic() < end and len(srv.children()) != 2:
            time.sleep(0.1)
        assert "could not replace" not in srv.log.read_text()
        assert len(srv.children()) == 2, srv.describe_children()
    finally:
        srv.stop()
    assert not list(tmp_path.glob(".store.serve-*"))


def test_cors_only_when_asked(main, strict):
    h = {"Origin": "http://example.org"}
    assert "Access-Control-Allow-Origin" not in main.request("GET", "/sparql?query=ASK%7B%7D", headers=h)[1]
    assert strict.request("GET", "/sparql?query=ASK%7B%7D", headers=h)[1]["Access-Control-Allow-Origin"] == "*"


# ------------------------------------------------------------------ service description

def test_service_description(main, store):
    from rdflib import Graph, Namespace, URIRef

    SDNS = Namespace("http://www.w3.org/ns/sparql-service-description#")
    s, h, b = main.get("/sparql")
    assert s == 200 and h["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=b, format="turtle")
    ep = URIRef(main.base + "/sparql")
    assert (ep, SDNS.endpoint, ep) in g
    assert (ep, SDNS.supportedLanguage, SDNS.SPARQL11Query) in g
    assert (ep, SDNS.feature, SDNS.UnionDefaultGraph) in g
    graphs = {g.value for g in B.open_store(store).named_graphs()}
    assert {str(o) for o in g.objects(None, SDNS.name)} == graphs and BTN_DOC in graphs
    assert (ep, SDNS.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV")) in g
    s, h, b = main.get("/sparql", "application/ld+json")
    assert s == 200 and h["Content-Type"] == "application/ld+json"
    assert len(Graph().parse(data=b, format="json-ld")) == len(g)
    assert main.get("/sparql", "image/png")[0] == 406


# ------------------------------------------------------------------ canned queries

def test_queries_list(main):
    from cyberkg.store.queries import catalogue

    s, h, b = main.get("/queries")
    assert s == 200 and h["Content-Type"].startswith("application/json")
    items = _json(b)
    assert {i["name"] for i in items} == set(catalogue())
    cp = next(i for i in items if i["name"] == "country-profile")
    assert "iso3" in cp["params"] and cp["url"].endswith("/queries/country-profile")
    s, h, b = main.get("/queries", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert s == 200 and h["Content-Type"].startswith("text/html") and b"country-profile" in b


def _in_process(store, name, params=None):
    """The canned query run in-process over the same store (the CLI's code path), as CSV rows."""
    from cyberkg.store.queries import catalogue, rows, run

    q = catalogue()[name]
    header, data = rows(run(B.open_store(store), q.text, params or {}, q.params))
    return [header] + data


@pytest.mark.parametrize("name", ["countries", "indicator-matrix", "legal-instruments"])
def test_canned_csv_matches_in_process_run(main, store, name):
    want = _in_process(store, name)
    for path, accept in ((f"/queries/{name}", "text/csv"), (f"/queries/{name}?format=csv", None)):
        s, h, b = main.get(path, accept)
        assert s == 200 and h["Content-Type"] == "text/csv; charset=utf-8"
        got = list(csv.reader(io.StringIO(b.decode("utf-8"))))
        assert got[0] == want[0]
        assert sorted(got[1:]) == sorted(want[1:])
        assert len(got) > 1


def test_canned_with_parameter_in_every_format(main, store):
    want = _in_process(store, "country-profile", {"iso3": "BTN"})
    s, _, b = main.get("/queries/country-profile?iso3=BTN", "application/sparql-results+json")
    assert s == 200
    data = _json(b)
    assert len(data["results"]["bindings"]) == len(want) - 1
    for accept, marker in (("application/sparql-results+xml", b"<sparql"), ("text/tab-separated-values", b"?iso3"),
                           ("text/csv", b"iso3,"), ("text/html", b"<table")):
        s, _, b = main.get("/queries/country-profile?iso3=BTN", accept)
        assert s == 200 and marker in b, accept
    s, _, b = main.get("/queries/country-profile?iso3=ZZZ&format=json")  # never a silent "no rows"
    assert s == 400 and b"ZZZ" in b and b"BTN" in b


def test_canned_errors(main):
    assert main.get("/queries/nope")[0] == 404
    assert main.get("/queries/country-profile")[0] == 400                      # missing param
    assert main.get("/queries/countries?iso3=BTN")[0] == 400                   # unknown param
    assert main.get("/queries/country-profile?iso3=BTN&iso3=KHM")[0] == 400    # repeated
    assert main.get("/queries/countries?format=ttl")[0] == 406
    for bad in ("..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%2Fcountries", "countries%2F..%2F..%2Fx", "a%00b"):
        s, _, b = main.get("/queries/" + bad)
        assert s in (400, 404), bad
        assert b"root:" not in b
    # a parameter value that is SPARQL syntax is data, not code
    # (checked by its declared kind, it is not a known ISO code: 400, never run)
    s, _, b = main.get("/queries/country-profile?" + urllib.parse.urlencode({"iso3": 'BTN" } UNION { ?a ?b ?c'}),
                       "application/sparql-results+json")
    assert s == 400 and b"no country" in b


# ------------------------------------------------------------------ entity pages

def test_entity_html(main):
    s, h, b = main.get("/id/country/BTN", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert s == 200 and h["Content-Type"].startswith("text/html")
    page = b.decode("utf-8")
    assert "<h1>Bhutan</h1>" in page
    assert 'href="http://www.wikidata.org/entity/Q917"' in page
    assert 'href="/id/doc/profile-bhutan-f253079f"' in page          # provenance: the document graph
    assert "ITU Cyberwellness Profile: BHUTAN" in page
    assert 'href="/id/statement/profile-bhutan-f253079f/' in page    # related entities link locally


@pytest.mark.parametrize("accept, fmt", [(None, "turtle"), ("text/turtle", "turtle"),
                                         ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_entity_rdf(main, accept, fmt):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    s, h, b = main.get("/id/country/BTN", accept)
    assert s == 200
    g = Graph().parse(data=b, format=fmt)
    assert (URIRef(BTN), RDFS.label, Literal("Bhutan")) in g
    assert (URIRef(BTN), SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q917")) in g


def test_entity_quads_carry_the_source_graph(main):
    s, _, b = main.get("/id/country/BTN?format=nq")
    assert s == 200
    assert f"<{BTN}> <http://www.w3.org/2000/01/rdf-schema#label> \"Bhutan\" <{BTN_DOC}> .".encode() in b


def test_entity_unknown_404(main):
    assert main.get("/id/country/XXX")[0] == 404
    assert main.get("/id/country/XXX", "text/html")[0] == 404
    assert main.get("/id/")[0] == 404


# ------------------------------------------------------------------ real clients

def test_sparqlwrapper(main):
    from SPARQLWrapper import JSON, POST, POSTDIRECTLY, XML, SPARQLWrapper

    sw = SPARQLWrapper(main.base + "/sparql")
    sw.setQuery(COUNTRIES)
    sw.setReturnFormat(JSON)
    res = sw.query().convert()
    assert BTN in [b["c"]["value"] for b in res["results"]["bindings"]]
    sw.setMethod(POST)
    assert sw.query().convert() == res
    sw.setRequestMethod(POSTDIRECTLY)
    assert sw.query().convert() == res
    sw = SPARQLWrapper(main.base + "/sparql")
    sw.setQuery(f"ASK {{ <{BTN}> ?p ?o }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery(f"CONSTRUCT {{ <{BTN}> ?p ?o }} WHERE {{ <{BTN}> ?p ?o }}")
    sw.setReturnFormat(XML)
    g = sw.query().convert()  # RDF/XML -> rdflib Graph
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    assert (URIRef(BTN), RDFS.label, Literal("Bhutan")) in g
    sw = SPARQLWrapper(main.base + "/sparql")
    sw.setQuery("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }")
    sw.setMethod(POST)
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
    from urllib.error import HTTPError

    with pytest.raises((SPARQLWrapperException, HTTPError)):
        sw.query()


def test_rdflib_sparqlstore(main):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    st = SPARQLStore(main.base + "/sparql")
    g = Graph(store=st)
    rows = list(g.query(f"SELECT ?label WHERE {{ <{BTN}> <{RDFS.label}> ?label }}"))
    assert {r[0] for r in rows} == {Literal("Bhutan")}
    assert (URIRef(BTN), RDFS.label, Literal("Bhutan")) in g
    assert bool(g.query(f"ASK {{ <{BTN}> ?p ?o }}").askAnswer) is True
    assert (URIRef(BTN), RDFS.label, Literal("Bhutan")) in set(g.triples((URIRef(BTN), None, None)))
    st.close()


def test_index_page(main):
    s, h, b = main.get("/")
    assert s == 200 and b"/sparql" in b and b"/queries" in b
