"""`cyberkg publish` against a real Virtuoso (Debian's `virtuoso-opensource`), started here on
127.0.0.1 with its own temporary database, its own dba password and a publishing user of its own.

Publishing goes through Virtuoso's authenticated Graph Store, `/sparql-graph-crud-auth`, which
challenges with HTTP Digest only (a Basic attempt is refused, so success proves Digest).  Then
every canned query run on Virtuoso's own SPARQL endpoint (`/sparql`, whose default graph is the
union of all graphs) gives the same rows as on the local store, compared by lexical form; a
second publish changes nothing.  Known difference (README, Publishing): Virtuoso 7.2.5 cannot run
`provenance`, whose MIN() over concatenated passages exceeds its temporary-row limit (error SR319
"Max row length is exceeded", after 20-40 s of work); that query is not sent here.  No literal-form
differences were found on the bundled data.

Without Virtuoso the test skips, except in CI (CI=true), where .ci/run installs it and a skip
would hide a regression: there it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import httpx
import pytest

from cyberkg.store import build as B
from cyberkg.store.queries import catalogue, inline_example, rows, run as run_query

from ..conftest import DATA
from ..test_cli import run

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")
# The one canned query Virtuoso 7.2 cannot evaluate, and the error it gives (documented in README).
VIRTUOSO_CANNOT = {"provenance": "SR319"}


def _unavailable(why: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {why} (.ci/run installs Debian's virtuoso-opensource as root)")
    pytest.skip(why + " (Debian package virtuoso-opensource; .ci/run installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {vsp}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


class Virtuoso:
    def __init__(self, tmp: Path):
        self.sql, self.http = _free_port(), _free_port()
        db, vsp = tmp / "db", tmp / "vsp"
        db.mkdir()
        vsp.mkdir()
        ini = tmp / "virtuoso.ini"
        ini.write_text(INI.format(db=db, vsp=vsp, sql=self.sql, http=self.http))
        self.base = f"http://127.0.0.1:{self.http}"
        self.log = tmp / "virtuoso.out"
        self.proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=tmp,
                                     stdout=open(self.log, "wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base + "/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except (OSError, urllib.error.HTTPError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"Virtuoso not ready in 60 s: {self.log.read_text()[-2000:]}")
                time.sleep(0.2)
        # Its own credentials: a random dba password, and a publishing user with SPARQL_UPDATE.
        self.dba = "dba-" + secrets.token_hex(8)
        self.user, self.password = "cyberkg", "pw-" + secrets.token_hex(8)
        self.isql("dba", f"USER_PASSWORD_SET('dba', '{self.dba}');")
        self.isql(self.dba, f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); "
                            f"GRANT SPARQL_UPDATE TO \"{self.user}\"; "
                            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{self.user}', 3);")

    def isql(self, password: str, sql: str) -> str:
        r = subprocess.run([ISQL, f"127.0.0.1:{self.sql}", "dba", password, f"exec={sql}"],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "*** Error" not in r.stdout + r.stderr, r.stdout + r.stderr
        return r.stdout

    def select(self, query: str):
        """(header, rows of lexical forms) or (None, error text)."""
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(self.base + "/sparql", data=data,
                                     headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                d = json.load(r)
        except urllib.error.HTTPError as e:
            return None, e.read().decode("utf-8", "replace")[:1000]
        h = d["head"]["vars"]
        return h, [[b[x]["value"] if x in b else "" for x in h] for b in d["results"]["bindings"]]

    def our_quads(self) -> int:
        _, r = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                           "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/cyberkg/')) }")
        return int(r[0][0])

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if not VIRTUOSO or not ISQL:
        _unavailable("virtuoso-t / isql-vt not installed")
    try:
        server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    except (RuntimeError, OSError) as exc:
        _unavailable(f"Virtuoso cannot be started here: {exc}")
    yield server
    server.stop()


def test_publish_to_virtuoso_with_digest_then_every_canned_query_answers_like_the_local_store(virtuoso, tmp_path):
    store = tmp_path / "store"
    assert run("build", DATA, "--store", store).returncode == 0
    url = virtuoso.base + "/sparql-graph-crud-auth"
    # Virtuoso's authenticated Graph Store asks for Digest and refuses Basic credentials
    r = httpx.put(url, params={"graph": "urn:x-test"}, content=b"")
    assert r.status_code == 401 and r.headers["www-authenticate"].lower().startswith("digest ")
    assert httpx.put(url, params={"graph": "urn:x-test"}, content=b"",
                     auth=(virtuoso.user, virtuoso.password)).status_code == 401  # Basic

    state = tmp_path / "state.json"
    env = {"CYBERKG_PUBLISH_AUTH": f"{virtuoso.user}:{virtuoso.password}"}
    r = run("publish", "--graph-store", url, "--state", state, "--store", store, env=env)
    assert r.returncode == 0, r.stderr
    assert "7 graphs pushed, 0 unchanged" in r.stderr
    local = B.open_store(store)
    assert virtuoso.our_quads() == len(local)
    assert virtuoso.password not in state.read_text() and (state.stat().st_mode & 0o777) == 0o600

    nonempty = 0
    for name, q in sorted(catalogue().items()):
        local_header, local_rows = rows(run_query(local, q.text, q.example, q.params))
        if name in VIRTUOSO_CANNOT:  # not sent: Virtuoso works 20-40 s before giving up (see above)
            continue
        header, remote = virtuoso.select(inline_example(q))
        assert header is not None, f"{name}: {remote}"
        assert header == local_header, name
        assert sorted(remote) == sorted(local_rows), name
        nonempty += bool(local_rows)
    # empty on data/: source-anomalies, and the strategy-* queries (data/ has no strategy);
    # provenance is not sent (see above)
    empty_here = 1 + sum(n.startswith("strateg") for n in catalogue())
    assert nonempty >= len(catalogue()) - empty_here - 1

    # a second publish changes nothing; --force re-sends every graph and still changes nothing
    r = run("publish", "--graph-store", url, "--state", state, "--store", store, env=env)
    assert r.returncode == 0 and "0 graphs pushed, 7 unchanged, 0 removed" in r.stderr, r.stderr
    r = run("publish", "--graph-store", url, "--state", state, "--store", store, "--force", env=env)
    assert r.returncode == 0 and "7 graphs pushed" in r.stderr, r.stderr
    assert virtuoso.our_quads() == len(local)
    # wrong credentials: one error naming the graph and the 401, the password never printed
    bad = {"CYBERKG_PUBLISH_AUTH": f"{virtuoso.user}:wrong-{virtuoso.password}"}
    r = run("publish", "--graph-store", url, "--state", tmp_path / "s2.json", "--store", store, env=bad)
    assert r.returncode == 2 and "HTTP 401" in r.stderr and "Traceback" not in r.stderr
    assert virtuoso.password not in r.stderr
