"""`cyberkg serve`: the store, read-only, over HTTP.

Routes
    /                 the query UI (YASGUI, ui.py) with the canned queries as tabs
    /about            what is served: counts, named graphs, entry points
    /static/NAME      the UI's scripts and styles, from an allow-list (ui.ASSETS)
    /sparql           SPARQL 1.1 Protocol endpoint (protocol.py decides every request);
                      GET without a query: the Service Description
    /queries          canned queries (JSON, or HTML for browsers)
    /queries/NAME     run one: ?param=value..., any result format (`format=` or Accept)
    /matrix           profiles x indicator sections, coloured by status (views.py)
    /graph/ISO3       one country's neighbourhood drawn by cytoscape.js; /graph/ISO3.json its elements
    /id/...           entity IRIs https://w3id.org/cyberkg/id/... dereferenced (HTML, Turtle, JSON-LD...)
    /ontology         the ontology: pyLODE HTML documentation, or Turtle by Accept (ontology.py)

Queries run in worker processes (executor.py), each over its own read-only view of the store
directory that the store path pointed to at start.  That version is pinned with hard links (a
build removes versions it no longer points to, and a worker replaced after a timeout must still
be able to open it).  A rebuild re-points the path: restart the server to serve the new version.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import protocol as P
from .executor import Pool, Reply
from .ontology import ontology_endpoint
from ..graph.vocab import ID

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


@dataclass
class Config:
    store_dir: str                      # the resolved, versioned store directory
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int | None = 100_000
    max_request_bytes: int = 1 << 20
    workers: int = field(default_factory=lambda: max(2, os.cpu_count() or 1))
    cors: bool = False
    allow_federation: tuple[str, ...] = ()
    access_log: bool = False
    cache_bytes: int = 64 << 20          # response cache; 0 disables
    head_timeout: float = 10.0           # seconds to receive a request head (408 after)
    version: str = ""                    # the versioned directory the store path pointed to
    pinned: str | None = None            # our hard-linked copy of it, removed at exit


class ResponseCache:
    """Complete 200 answers by request, least recently used out first, bounded in bytes.

    Exact, because the store is read-only and the versioned directory is fixed at start: the same
    query, dataset, parameters and format always give the same bytes.
    """

    def __init__(self, max_bytes: int):
        from collections import OrderedDict

        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 8
        self.bytes = 0
        self.hits = self.misses = 0
        self._d: OrderedDict = OrderedDict()

    def get(self, key):
        r = self._d.get(key)
        if r is None:
            self.misses += 1
            return None
        self._d.move_to_end(key)
        self.hits += 1
        return r

    def put(self, key, r: Reply) -> None:
        size = len(r.body) + 256
        if r.status != 200 or size > self.max_entry or key in self._d:
            return
        self._d[key] = r
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, old = self._d.popitem(last=False)
            self.bytes -= len(old.body) + 256


def _reply(r: Reply, head: bool = False) -> Response:
    headers = dict(r.headers or {})
    if r.status == 200:
        headers.setdefault("Vary", "Accept")
    return Response(b"" if head else r.body, status_code=r.status, headers=headers, media_type=r.content_type)


def _error(e: P.ProtocolError) -> Response:
    return Response((e.message + "\n").encode("utf-8"), status_code=e.status, headers=e.headers,
                    media_type="text/plain; charset=utf-8")


class App:
    def __init__(self, cfg: Config):
        from pyoxigraph import Store

        from ..store.queries import catalogue

        self.cfg = cfg
        store = Store.read_only(cfg.store_dir)
        self.graphs = frozenset(g.value for g in store.named_graphs() if hasattr(g, "value"))
        self.n_quads = len(store)
        from .ui import local_terms

        self.terms = local_terms(store)
        del store
        self.catalogue = catalogue()
        self.limits = P.Limits(cfg.max_request_bytes, frozenset(cfg.allow_federation))
        self.pool = Pool(cfg.store_dir, cfg.workers, network=bool(cfg.allow_federation))
        self.cache = ResponseCache(cfg.cache_bytes) if cfg.cache_bytes > 0 else None

    async def startup(self):
        await self.pool.start()
        print(f"cyberkg serve: {self.cfg.version or self.cfg.store_dir} ({self.n_quads} quads, {len(self.graphs)} graphs) on "
              f"http://{self.cfg.host}:{self.cfg.port}/sparql with {self.pool.size} query workers; "
              f"worker network isolation: {self.pool.isolation}", file=sys.stderr, flush=True)

    async def shutdown(self):
        await self.pool.close()
        unpin(self.cfg.pinned)

    async def _run(self, job: dict) -> Reply:
        key = None
        if self.cache is not None:
            key = tuple((k, tuple(v) if isinstance(v, list) else tuple(sorted(v.items())) if isinstance(v, dict) else v)
                        for k, v in sorted(job.items()))
            hit = self.cache.get(key)
            if hit is not None:
                return hit
        loop = asyncio.get_running_loop()
        job["max_rows"] = self.cfg.max_rows
        r = await self.pool.run(job, loop.time() + self.cfg.timeout, self.cfg.timeout)
        if key is not None:
            self.cache.put(key, r)
        return r

    # ---- routes

    async def index(self, request: Request) -> Response:
        from .ui import CSP, yasgui_page

        return Response(yasgui_page(self.catalogue, self.terms), media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": CSP})

    async def about(self, request: Request) -> Response:
        from .pages import index_page

        return Response(index_page(self.n_quads, sorted(self.graphs)), media_type="text/html; charset=utf-8")

    async def static(self, request: Request) -> Response:
        from starlette.responses import FileResponse

        from .ui import ASSETS

        # Only names in the allow-list: nothing from the request is joined to a path.
        asset = ASSETS.get(request.path_params["name"])
        if asset is None or not asset[0].is_file():
            return _error(P.ProtocolError(404, "no such static file"))
        return FileResponse(asset[0], media_type=asset[1], headers={"Cache-Control": "public, max-age=3600"})

    async def sparql(self, request: Request) -> Response:
        try:
            # the raw query string: request.url would build a whole URL object on this hot path
            pending = P.sparql_request(request.method, request.headers, request.scope["query_string"].decode("latin-1"),
                                       request.stream(), self.limits, self.graphs)
            # A body that trickles in is bounded by the query deadline (408), as evaluation is.
            qr = await (asyncio.wait_for(pending, self.cfg.timeout) if request.method == "POST" else pending)
            if qr is None:
                return self._service_description(request)
        except P.ProtocolError as e:
            return _error(e)
        except asyncio.TimeoutError:
            return _error(P.ProtocolError(408, f"request body not received within {self.cfg.timeout:g} s (--timeout)"))
        r = await self._run({"op": "sparql", "query": qr.query, "union": qr.union, "default_graph": qr.default_graph,
                             "named_graphs": qr.named_graphs, "format": qr.format.key})
        return _reply(r, request.method == "HEAD")

    def _service_description(self, request: Request) -> Response:
        from pyoxigraph import RdfFormat, serialize

        try:
            f = P.choose_format(request.headers.get("accept"), P.GRAPH_OFFERS)
        except P.ProtocolError as e:
            return _error(e)
        endpoint = str(request.url.replace(query="", fragment=""))
        triples = P.service_description(endpoint, sorted(self.graphs))
        if f.kind == "dataset":
            from pyoxigraph import Quad

            triples = [Quad(t.subject, t.predicate, t.object) for t in triples]
        kw = {"prefixes": {"sd": P.SD, "formats": P.FORMATS_NS}} if f.key in ("ttl", "trig", "rdfxml") else {}
        body = serialize(triples, format=getattr(RdfFormat, f.oxigraph), **kw)
        return Response(body, media_type=f.content_type, headers={"Vary": "Accept"})

    async def queries(self, request: Request) -> Response:
        try:
            f = P.choose_format(request.headers.get("accept"), ("json", "html"),
                                request.query_params.get("format"))
        except P.ProtocolError as e:
            return _error(e)
        if f.key == "html":
            from .pages import queries_page

            return Response(queries_page(self.catalogue), media_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
        base = str(request.base_url).rstrip("/")
        data = [{"name": q.name, "description": q.description, "params": q.params, "example": q.example,
                 "url": f"{base}/queries/{q.name}"} for q in self.catalogue.values()]
        return Response(json.dumps(data, indent=1).encode("utf-8"), media_type="application/json",
                        headers={"Vary": "Accept"})

    async def canned(self, request: Request) -> Response:
        name = request.path_params["name"]
        if not NAME_RE.match(name) or ".." in name:
            return _error(P.ProtocolError(400, f"invalid query name {name!r}"))
        q = self.catalogue.get(name)
        if q is None:
            return _error(P.ProtocolError(404, f"no canned query named {name!r}; GET /queries lists them"))
        if len(request.url.query.encode()) > self.cfg.max_request_bytes:
            return _error(P.ProtocolError(413, "request URL too large (--max-request-bytes)"))
        params: dict[str, str] = {}
        fmt_param = None
        try:
            pairs = P.parse_qsl_pairs(request.url.query)
        except P.ProtocolError as e:
            return _error(e)
        for k, v in pairs:
            if k == "format":
                fmt_param = v
                continue
            if k in params:
                return _error(P.ProtocolError(400, f"parameter {k!r} is repeated"))
            params[k] = v
        try:
            form = P.analyse(q.text).form
            f = P.choose_format(request.headers.get("accept"), P.offers_for(form, html=True), fmt_param)
        except P.ProtocolError as e:
            return _error(e)
        r = await self._run({"op": "canned", "query": q.text, "params": params, "declared": q.params,
                             "format": f.key, "title": q.name})
        resp = _reply(r, request.method == "HEAD")
        if r.status == 200 and f.key == "csv":
            resp.headers["Content-Disposition"] = f'inline; filename="{q.name}.csv"'
        return resp

    async def matrix(self, request: Request) -> Response:
        params = [(k, v) for k, v in request.query_params.multi_items() if k in ("region", "sort", "compare")]
        return _reply(await self._run({"op": "view", "view": "matrix", "params": params}), request.method == "HEAD")

    async def graph(self, request: Request) -> Response:
        name = request.path_params["name"]
        m = re.fullmatch(r"([A-Z]{3})(\.json)?", name)
        if m is None:
            return _error(P.ProtocolError(404, "graph views are at /graph/ISO3 (ISO 3166-1 alpha-3, upper case)"))
        view = "graph" if m.group(2) else "graph-page"  # the page is 404 too for a country not in the store
        return _reply(await self._run({"op": "view", "view": view, "iso3": m.group(1)}), request.method == "HEAD")

    async def entity(self, request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        rest = raw.decode("latin-1").split("?", 1)[0][len("/id/"):]
        if not rest:
            return _error(P.ProtocolError(404, "no entity here; try /id/country/BTN"))
        try:
            f = P.choose_format(request.headers.get("accept"), ("ttl", "html", "jsonld", "nt", "nq", "trig", "rdfxml"),
                                request.query_params.get("format"))
        except P.ProtocolError as e:
            return _error(e)
        r = await self._run({"op": "entity", "iri": ID + rest, "format": f.key})
        return _reply(r, request.method == "HEAD")


def create_app(cfg: Config) -> Starlette:
    app = App(cfg)
    routes = [
        Route("/", app.index, methods=["GET"]),
        Route("/about", app.about, methods=["GET"]),
        Route("/static/{name:path}", app.static, methods=["GET"]),
        Route("/sparql", app.sparql, methods=["GET", "POST"]),
        Route("/queries", app.queries, methods=["GET"]),
        Route("/queries/{name:path}", app.canned, methods=["GET"]),
        Route("/id/{path:path}", app.entity, methods=["GET"]),
        Route("/matrix", app.matrix, methods=["GET"]),
        Route("/graph/{name}", app.graph, methods=["GET"]),
        Route("/ontology", ontology_endpoint, methods=["GET"]),  # ontology.py: pyLODE HTML, or Turtle
    ]
    middleware = []
    if cfg.cors:
        from starlette.middleware import Middleware
        from starlette.middleware.cors import CORSMiddleware

        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"], max_age=600))

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(_):
        await app.startup()
        try:
            yield
        finally:
            await app.shutdown()

    star = _Server(routes=routes, middleware=middleware, lifespan=lifespan)
    star.state.cyberkg = app
    star.sparql_fast_path = None if cfg.cors else app.sparql  # CORS headers need the middleware
    return star


class _Server(Starlette):
    """Starlette, but queries to /sparql go straight to their handler.

    They are nearly every request a SPARQL client makes; skipping the middleware stack and the
    router for them saves CPU the query workers need (measured with bench/endpoint_bench.py).
    """

    sparql_fast_path = None

    async def __call__(self, scope, receive, send) -> None:
        if (self.sparql_fast_path is not None and scope["type"] == "http" and scope["path"] == "/sparql"
                and scope["method"] in ("GET", "HEAD", "POST")):
            scope["app"] = self
            response = await self.sparql_fast_path(Request(scope, receive))
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def resolve_store(store: Path) -> str:
    """The versioned directory behind the store path (a symlink), resolved once at start."""
    p = Path(store)
    if not p.exists():
        raise FileNotFoundError(f"{p}: no store here; run `cyberkg build` first")
    return str(p.resolve())


def pin_version(store: Path, version_dir: str, log=None) -> str | None:
    """Hard-link the files of `version_dir` into `.<store>.serve-<pid>` beside the store path.

    A build deletes the versions it no longer points to; open files survive that, but a query
    worker started later (after a timeout) would find nothing.  The store files are never
    written after a build, so links are an exact, free copy.  Returns the pinned directory, or
    None (serve the version in place) when links cannot be made here.  Stale pins of servers
    that are gone are removed.
    """
    import shutil

    store = Path(store)
    prefix = f".{store.name}.serve-"
    for old in store.parent.glob(prefix + "*"):
        try:
            pid = int(old.name[len(prefix):])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except (ValueError, PermissionError):
            pass
    pin = store.parent / f"{prefix}{os.getpid()}"
    shutil.rmtree(pin, ignore_errors=True)
    try:
        for root, dirs, files in os.walk(version_dir):
            rel = Path(root).relative_to(version_dir)
            (pin / rel).mkdir(parents=True, exist_ok=True)
            for f in files:
                os.link(Path(root) / f, pin / rel / f)
    except OSError as exc:
        shutil.rmtree(pin, ignore_errors=True)
        if log:
            log(f"warning: cannot pin the store version ({exc}); a rebuild while serving may leave "
                "replaced query workers without a store")
        return None
    return str(pin)


def unpin(pinned: str | None) -> None:
    if pinned:
        import shutil

        shutil.rmtree(pinned, ignore_errors=True)


# Bounds on the request head, enforced while it is parsed (RFC 9110 section 15.5.15 414 URI Too
# Long, RFC 6585 section 5 431 Request Header Fields Too Large, RFC 9110 section 15.5.9 408
# Request Timeout): without them the parser buffers any number and size of header lines, and a
# client that sends its head slowly, or nothing at all, holds its connection for ever.
MAX_HEADERS = 100
MAX_URL_BYTES = 65535
DRAIN_BYTES, DRAIN_SECONDS = 8 << 20, 2.0  # what is read and dropped after refusing a request head
MAX_HEADER_BYTES = 32 << 10
# --head-timeout: seconds from a connection, or from the first byte of a request, to its complete
# head; an idle kept-alive connection is closed by uvicorn's keep-alive timeout instead.
HEAD_TIMEOUT = 10.0


def bounded_httptools_protocol(max_url_bytes: int, head_timeout: float = HEAD_TIMEOUT):
    """uvicorn's httptools protocol with the bounds above: 414, 431 or 408, then the connection
    is closed.  uvicorn takes a protocol class for `http`; everything else is its own."""
    from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

    class _Refused(Exception):
        pass

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        _refusal: tuple[int, str] | None = None
        _draining: int | None = None  # bytes dropped after a refusal
        _head_timer = None
        _header_bytes = 0

        def _refuse(self, status: int, message: str) -> None:
            self._refusal = (status, message)
            raise _Refused(message)  # the parser stops, uvicorn calls send_400_response

        def send_400_response(self, msg: str) -> None:
            if self._refusal is None:
                return super().send_400_response(msg)
            status, message = self._refusal
            body = (message + "\n").encode("ascii")
            self.transport.write(STATUS_LINE[status] + b"content-type: text/plain; charset=utf-8\r\n"
                                 + b"content-length: %d\r\nconnection: close\r\n\r\n" % len(body) + body)
            # Lingering close: closing with the rest of the request unread would make the kernel
            # reset the connection, and the client could lose the answer.  So send the answer and
            # FIN, then read and drop what the client is still sending, bounded in bytes and time.
            self._draining = 0
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(DRAIN_SECONDS, self.transport.close)

        def data_received(self, data: bytes) -> None:
            if self._draining is None:
                return super().data_received(data)
            self._draining += len(data)
            if self._draining > DRAIN_BYTES:
                self.transport.close()

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(head_timeout, self._head_too_slow)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_too_slow(self) -> None:
            self._head_timer = None
            if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
                self._refusal = (408, f"request head not received within {head_timeout:g} s")
                self.send_400_response("")

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._header_bytes = 0
            if self._head_timer is None:
                self._arm()

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > max_url_bytes:
                self._refuse(414, f"request URL longer than {max_url_bytes} bytes (--max-request-bytes)")

        def on_header(self, name: bytes, value: bytes) -> None:
            self._header_bytes += len(name) + len(value) + 4
            if len(self.headers) >= MAX_HEADERS:
                self._refuse(431, f"more than {MAX_HEADERS} header fields")
            if self._header_bytes > MAX_HEADER_BYTES:
                self._refuse(431, f"header fields larger than {MAX_HEADER_BYTES} bytes")
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

    return BoundedHttpToolsProtocol


def run(cfg: Config) -> None:
    import uvicorn

    try:
        import uvloop  # noqa: F401

        loop = "uvloop"
    except ImportError:
        loop = "asyncio"
    try:
        import httptools  # noqa: F401

        # A URL longer than a fully percent-encoded query of --max-request-bytes is refused while it
        # arrives (414); a shorter one whose query string is over the limit gets 413 (protocol.py).
        # httptools cannot parse a URL over 64 KiB at all (its offsets are 16-bit), so that is the
        # most a GET can carry: longer queries are POSTed.
        http = bounded_httptools_protocol(min(3 * cfg.max_request_bytes + 4096, MAX_URL_BYTES), cfg.head_timeout)
    except ImportError:
        http = "h11"
    uvicorn.run(create_app(cfg), host=cfg.host, port=cfg.port, loop=loop, http=http, log_level="info" if cfg.access_log else "warning",
                access_log=cfg.access_log, proxy_headers=False, backlog=2048, timeout_keep_alive=30, lifespan="on",
                h11_max_incomplete_event_size=max(16384, cfg.max_request_bytes))
