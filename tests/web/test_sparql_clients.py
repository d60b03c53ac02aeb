"""Clients and people (issue 15, section 2), against one real `cyberkg serve --cors` on 127.0.0.1:
format=/output= on /sparql, HEAD, predeclared prefixes, readable syntax errors, canned-query
parameters checked by kind, the HTML page at /sparql, CORS preflights from a page on another
origin (headless Chromium); and the CLI's side of the same (busy port, usage, ASK as JSON).

Named to be collected after tests/web/test_serve_executor.py: the session's Playwright (sync API)
keeps an event loop on the main thread once started, and asyncio.run() cannot run beside it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.parse

import pytest

from ..conftest import DATA, ROOT
from .test_serve import BTN, Server

CKG_COUNTRIES = "SELECT ?c WHERE { ?c a ckg:Country ; rdfs:label ?l }"
PROV_IRI = "https://w3id.org/cyberkg/id/instrument/BTN/penal-code-of-bhutan-2004"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from cyberkg.store import build as B

    p = tmp_path_factory.mktemp("clients") / "store"
    B.build([DATA], p)
    return p


@pytest.fixture(scope="module")
def srv(store, tmp_path_factory):
    s = Server(store, tmp_path_factory.mktemp("log") / "clients.log", "--cors", "--workers", "2")
    yield s
    s.stop()


# ------------------------------------------------------------------ format= / output=

@pytest.mark.parametrize("extra, ctype", [
    ("&format=csv", "text/csv"), ("&output=tsv", "text/tab-separated-values"), ("&format=xml", "application/sparql-results+xml"),
    ("&output=json", "application/sparql-results+json"), ("&format=text/csv", "text/csv"),
    ("&format=json&output=json", "application/sparql-results+json"),  # SPARQLWrapper sends both
])
def test_format_and_output_select_the_result_format_over_accept(srv, extra, ctype):
    st, h, _ = srv.query(CKG_COUNTRIES, accept="application/sparql-results+json" if "json" not in extra else "text/csv",
                         extra=extra)
    assert st == 200 and h["Content-Type"].split(";")[0] == ctype


def test_unknown_format_is_406_listing_the_values(srv):
    st, _, b = srv.query(CKG_COUNTRIES, extra="&format=yaml")
    assert st == 406 and all(v in b for v in (b"json", b"xml", b"csv", b"tsv")), b
    st, h, _ = srv.query("CONSTRUCT { ?c a ckg:Country } WHERE { ?c a ckg:Country }", extra="&format=xml")
    assert st == 200 and h["Content-Type"].startswith("application/rdf+xml")  # SPARQLWrapper's default


# ------------------------------------------------------------------ HEAD

@pytest.mark.parametrize("path", [
    "/id/country/BTN", "/sparql?query=" + urllib.parse.quote(CKG_COUNTRIES), "/matrix", "/queries/countries",
    "/queries/country-profile?iso3=BTN&format=csv", "/sparql", "/queries",
])
def test_head_gives_gets_headers_with_the_same_content_length(srv, path):
    gs, gh, gb = srv.request("GET", path)
    hs, hh, hb = srv.request("HEAD", path)
    assert gs == hs == 200 and hb == b""
    assert hh["Content-Type"] == gh["Content-Type"] and int(hh["Content-Length"]) == len(gb) > 0, path


# ------------------------------------------------------------------ predeclared prefixes, syntax errors

def test_predeclared_prefixes_work_and_are_in_the_service_description(srv):
    st, _, b = srv.query(CKG_COUNTRIES)
    assert st == 200 and BTN in b.decode()
    st, _, b = srv.query("SELECT ?l WHERE { id:country\\/BTN rdfs:label ?l }")  # PN_LOCAL_ESC
    assert st == 200 and json.loads(b)["results"]["bindings"], b
    from pyoxigraph import RdfFormat, Store

    st, _, b = srv.get("/sparql", "text/turtle")
    sd = Store()
    sd.load(b, format=RdfFormat.TURTLE)
    rows = {(r["p"].value, r["ns"].value) for r in sd.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?p ?ns WHERE { ?svc sh:declare [ sh:prefix ?p ; sh:namespace ?ns ] }")}
    names = {p for p, _ in rows}
    assert {"ckg", "id", "skos", "org", "eli", "prov", "dct", "schema", "qb", "rdfs", "rdf", "xsd", "owl", "wd", "wdt"} <= names
    assert ("ckg", "https://w3id.org/cyberkg/ontology#") in rows


def test_syntax_errors_are_readable(srv):
    st, _, b = srv.query("SELECT * WHERE {\n  ?s foo:bar ?o\n}")
    text = b.decode()
    assert st == 400 and "line 2, column" in text and "\n  " in text and "^" in text, text
    assert "prefix foo: is not declared; declared: ckg:" in text and "u{" not in text, text
    st, _, b = srv.query("SELECT * WHERE { ?s ?p ?o FILTER(?o = ) }")
    text = b.decode()
    assert st == 400 and "line 1, column" in text and "^" in text and "u{" not in text and len(text) < 1500, text
    st, _, b = srv.query("ASK {")  # the engine lists character ranges here: never shown
    assert st == 400 and "u{" not in b.decode() and "..=" not in b.decode(), b


# ------------------------------------------------------------------ canned-query parameters

def test_canned_parameters_are_checked_by_kind(srv):
    _, _, upper = srv.get("/queries/country-profile?iso3=BTN&format=csv")
    st, _, lower = srv.get("/queries/country-profile?iso3=btn&format=csv")
    assert st == 200 and lower == upper and lower.count(b"\n") > 5
    st, _, b = srv.get("/queries/country-profile?iso3=XYZ")
    assert st == 400 and b"XYZ" in b and b"country-profile" in b and b"BTN" in b and b"'countries'" in b, b
    st, _, b = srv.get("/queries/country-profile")
    assert st == 400 and b"missing" in b and b"iso3" in b
    st, _, b = srv.get("/queries/country-profile?iso3=")
    assert st == 400 and b"missing" in b
    _, _, full = srv.get("/queries/provenance?format=csv&entity=" + urllib.parse.quote(PROV_IRI))
    assert full.count(b"\n") > 2
    for v in ("<" + PROV_IRI + ">", "id:instrument/BTN/penal-code-of-bhutan-2004"):
        st, _, b = srv.get("/queries/provenance?format=csv&entity=" + urllib.parse.quote(v))
        assert st == 200 and b == full, (v, b[:200])
    for v, word in (("BTN", b"not an IRI"), ("id:no/such/thing", b"not in this store"), ("http://a b", b"not an IRI")):
        st, _, b = srv.get("/queries/provenance?entity=" + urllib.parse.quote(v))
        assert st == 400 and word in b, (v, b)


# ------------------------------------------------------------------ /sparql for people

def test_a_browser_opening_sparql_gets_a_page_and_rdf_clients_the_description(srv):
    st, h, b = srv.get("/sparql", BROWSER)
    assert st == 200 and h["Content-Type"].startswith("text/html") and "attachment" not in h.get("Content-Disposition", "")
    html = b.decode()
    assert "SPARQL" in html and "/queries/countries" in html and "format=" in html and "ckg:" in html
    for accept in ("text/turtle", None, "*/*"):
        st, h, b = srv.get("/sparql", accept)
        assert st == 200 and h["Content-Type"].startswith("text/turtle") and b"sd:Service" in b, accept
    st, h, _ = srv.get("/sparql", "application/rdf+xml")
    assert h["Content-Type"].startswith("application/rdf+xml")


# ------------------------------------------------------------------ CORS from a page on another origin

def test_cors_preflight_allows_the_headers_clients_send(srv):
    st, h, _ = srv.request("OPTIONS", "/sparql", headers={
        "Origin": "http://other.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-requested-with, content-type, accept"})
    assert st == 200 and "x-requested-with" in h["Access-Control-Allow-Headers"].lower()


@pytest.fixture()
def other_origin():
    """A second HTTP server on 127.0.0.1 (another port: another origin) serving one blank page."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<!DOCTYPE html><title>another origin</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_cors_from_a_page_on_another_origin_in_chromium(chromium, srv, other_origin):
    """A page served from another origin (127.0.0.1 on another port) POSTs a query with
    X-Requested-With and a sparql-query body (a preflighted request) and reads the answer."""
    ctx = chromium.new_context()
    outside = []

    def guard(route):
        url = route.request.url
        if url.startswith(srv.base + "/") or url.startswith(other_origin + "/"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()
    ctx.route("**/*", guard)
    try:
        pg = ctx.new_page()
        pg.goto(other_origin + "/page.html")
        result = pg.evaluate("""async (base) => {
            const r = await fetch(base + '/sparql', {method: 'POST', body: 'ASK { ?s a ckg:Country }',
                headers: {'Content-Type': 'application/sparql-query', 'X-Requested-With': 'XMLHttpRequest',
                          'Accept': 'application/sparql-results+json'}});
            return [r.status, await r.json()]; }""", srv.base)
        assert result == [200, {"head": {}, "boolean": True}]
        assert outside == []
    finally:
        ctx.close()


# ------------------------------------------------------------------ the CLI

CLI = [sys.executable, "-m", "cyberkg.cli"]


def test_serve_on_a_busy_port_is_one_error_line_and_exit_2(store):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        r = subprocess.run(CLI + ["serve", "--store", str(store), "--port", str(port)], capture_output=True, text=True,
                           timeout=60, cwd=ROOT)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(port) in lines[0], r.stderr
    assert "cyberkg serve:" not in r.stderr and r.stdout == ""


def test_cli_query_usage_ask_json_prefixes_and_syntax_errors(store):
    def run(*a):
        return subprocess.run(CLI + list(a) + ["--store", str(store)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    r = run("query", "countries", "--sparql", "ASK {}")
    assert r.returncode == 2 and "not both" in r.stderr
    r = run("query", "--sparql", "ASK { ?c a ckg:Country }", "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout) == {"head": {}, "boolean": True}
    r = run("query", "--sparql", "SELECT * WHERE { ?s nope:x ?o }")
    assert r.returncode == 2 and "line 1, column" in r.stderr and "^" in r.stderr and "prefix nope: is not declared" in r.stderr
    r = run("query", "country-profile", "-p", "iso3=xyz")
    assert r.returncode == 2 and "known codes" in r.stderr
    r = subprocess.run(CLI + ["queries"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert "PREFIX ckg: <https://w3id.org/cyberkg/ontology#>" in r.stdout and "PREFIX wdt:" in r.stdout


# ------------------------------------------------------------------ the UI: prefixes and errors

def test_ui_query_with_predeclared_prefixes_and_a_readable_error(chromium, srv):
    """In the query UI a query may use ckg: and rdfs: without PREFIX lines, and a syntax error is
    shown as the server words it (line, column, the prefix hint)."""
    from .test_ui import YASGUI

    if YASGUI.args[0]:
        pytest.skip(YASGUI.kwargs["reason"])
    ctx = chromium.new_context()
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(srv.base + "/") else r.abort())
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(20_000)
        pg.goto(srv.base + "/")
        pg.wait_for_selector(".tabsList .tab")

        def run(q: str):
            pg.evaluate("(q) => window.cyberkgYasgui.getTab().getYasqe().setValue(q)", q)
            pg.locator(".tabPanel.active .yasqe_queryButton").click()
        run("SELECT ?c ?label WHERE { ?c a ckg:Country ; rdfs:label ?label }")
        pg.wait_for_selector(".tabPanel.active .yasr table tbody tr")
        assert "Bhutan" in pg.locator(".tabPanel.active .yasr").inner_text()
        run("SELECT * WHERE { ?s nope:x ?o }")
        pg.wait_for_function("() => document.querySelector('.tabPanel.active .yasr').innerText.includes('nope:')")
        text = pg.locator(".tabPanel.active .yasr").inner_text()
        assert "line 1, column" in text and "prefix nope: is not declared" in text and "u{" not in text, text
    finally:
        ctx.close()
