"""`cyberkg serve`: the store, read-only, over HTTP.

Routes
    /                 the query UI (YASGUI, ui.py) with the canned queries as tabs
    /about            what is served: counts, named graphs, entry points
    /static/NAME      the UI's scripts and styles, from an allow-list (ui.ASSETS)
    /sparql           SPARQL 1.1 Protocol endpoint (protocol.py decides every request);
                      GET without a query: the Service Description, or an HTML page for browsers
    /queries          canned queries (JSON, or HTML for browsers)
    /queries/NAME     run one: ?param=value..., any result format (`format=` or Accept)
    /matrix           profiles x indicator sections, coloured by status (views.py)
    /graph/ISO3       one country's neighbourhood drawn by cytoscape.js; /graph/ISO3.json its elements
    /id/...           entity IRIs https://w3id.org/cyberkg/id/... dereferenced (HTML, Turtle, JSON-LD...)
    /ontology         the ontology: pyLODE HTML documentation, or Turtle by Accept (ontology.py)

Queries run in worker processes (executor.py), each over its own view of one store version: the
directory the store path points to, pinned with hard links (a build removes versions it no
longer points to, and a worker replaced after a timeout must still be able to open it), loaded
into memory with the merged default graph when it fits (store/dataset.py), else queried on disk.
The server follows the store path (App.follow): after a build re-points it, a new pool of workers
is started on the new version, new queries go there, the old pool finishes what it has in flight
and is closed, and the response cache is dropped; the log says so.
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
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from . import protocol as P
from .executor import Pool, Reply
from .ontology import ontology_endpoint
from ..graph.vocab import ID

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class OneLineRateLimit:
    """A logging filter: every record one line (an exception becomes "Type: message", never a
    traceback), and at most BURST records, then RATE a second, per logger; what is dropped is
    counted and said on the next line that gets through (item 10)."""

    RATE, BURST = 5.0, 20

    def __init__(self):
        self.tokens: dict[str, float] = {}
        self.stamp: dict[str, float] = {}
        self.dropped: dict[str, int] = {}

    def filter(self, record) -> bool:
        import time

        now = time.monotonic()
        name = record.name
        tokens = min(self.BURST, self.tokens.get(name, self.BURST) + (now - self.stamp.get(name, now)) * self.RATE)
        self.stamp[name] = now
        if tokens < 1:
            self.tokens[name] = tokens
            self.dropped[name] = self.dropped.get(name, 0) + 1
            return False
        self.tokens[name] = tokens - 1
        msg = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            msg = f"{msg}: {type(exc).__name__}: {str(exc)[:200]}"
        msg = " ".join(msg.split("\n")[:1])[:500]
        if self.dropped.get(name):
            msg += f" ({self.dropped.pop(name)} similar messages suppressed)"
        record.msg, record.args, record.exc_info, record.exc_text, record.stack_info = msg, None, None, None, None
        return True


def _logger():
    import logging

    lg = logging.getLogger("cyberkg.serve")
    if not lg.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.addFilter(OneLineRateLimit())
        lg.addHandler(h)
        lg.setLevel(logging.INFO)
        lg.propagate = False
    return lg


def log(message: str) -> None:
    _logger().warning(message)


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
    worker_memory_mb: int | None = None  # data memory cap per query worker (None: default_worker_memory_mb)
    max_response_bytes: int = 64 << 20   # largest answer (413 past it)
    send_timeout: float = 30.0           # seconds a client may stop reading before it is dropped
    max_connections: int | None = None   # open connections; None: from the file-descriptor limit
    idle_timeout: float = 5.0            # seconds an idle kept-alive connection stays open
    allowed_hosts: tuple[str, ...] = ()  # Host header values accepted; () = the bound address, localhost, 127.0.0.1
    base_url: str = ""                   # absolute URLs in answers; "" = http://HOST:PORT
    version: str = ""                    # the versioned directory the store path pointed to
    pinned: str | None = None            # our hard-linked copy of it, removed at exit
    store_link: str | None = None        # the store path, followed to new versions (None: never)
    follow_interval: float = 0.5         # seconds between looks at the store path
    from_disk: bool = False              # --from-disk: never load the store into memory
    memory_store_mb: int = 64            # --memory-store-mb: largest on-disk version loaded into memory


class ResponseCache(P.ByteLRU):
    """Complete 200 answers by request, least recently used out first, bounded in bytes: answers
    and keys (a key is a 16-byte digest of the request, never the query text itself).

    Exact, because the store is read-only and the versioned directory is fixed at start: the same
    query, dataset, parameters and format always give the same bytes.
    """

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes, lambda r: len(r.body) + 256)

    def put(self, key, r: Reply) -> None:
        if r.status == 200:
            super().put(key, r)


def default_worker_memory_mb(workers: int) -> int:
    """Half the machine's memory shared by the workers, at most 2 GiB and at least 512 MiB each:
    a corpus query needs tens of MB, so 2 GiB is ample, and the workers together cannot take the
    memory the server process and the rest of the host need."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") >> 20
    except (ValueError, OSError, AttributeError):
        return 2048
    return max(512, min(2048, total // 2 // max(1, workers)))


SEND_CHUNK = 256 << 10


class _Chunked(Response):
    """A Response whose body goes out in chunks, each once the previous one has drained (uvicorn's
    send waits while the transport is paused): back-pressure, so a client that reads slowly holds
    at most a chunk in the transport, and one that stops reading is dropped by the send timeout."""

    async def __call__(self, scope, receive, send) -> None:
        body = self.body
        if len(body) <= SEND_CHUNK or scope.get("method") == "HEAD":  # HEAD: the server sends no body
            return await super().__call__(scope, receive, send)
        await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
        view = memoryview(body)
        for i in range(0, len(body), SEND_CHUNK):
            await send({"type": "http.response.body", "body": bytes(view[i:i + SEND_CHUNK]),
                        "more_body": i + SEND_CHUNK < len(body)})


def _reply(r: Reply, head: bool = False) -> Response:
    """The answer; for HEAD too, so that its headers (Content-Length included) are GET's: the HTTP
    server (uvicorn) sends no body for a HEAD request."""
    headers = dict(r.headers or {})
    if r.status == 200:
        headers.setdefault("Vary", "Accept")
    return _Chunked(r.body, status_code=r.status, headers=headers, media_type=r.content_type)


def _error(e: P.ProtocolError) -> Response:
    return Response((e.message + "\n").encode("utf-8"), status_code=e.status, headers=e.headers,
                    media_type="text/plain; charset=utf-8")


class App:
    def __init__(self, cfg: Config):
        from ..store.queries import catalogue

        self.cfg = cfg
        self.graphs, self.n_quads, self.terms = version_state(cfg.store_dir)
        self.catalogue = catalogue()
        self.limits = P.Limits(cfg.max_request_bytes, frozenset(cfg.allow_federation))
        if cfg.worker_memory_mb is None:
            cfg.worker_memory_mb = default_worker_memory_mb(cfg.workers)
        self.mode, self.merged_dir = prepare_queries(cfg, cfg.store_dir)
        self.pool = self._pool(cfg.store_dir, self.mode, self.merged_dir)
        self.cache = ResponseCache(cfg.cache_bytes) if cfg.cache_bytes > 0 else None
        self._follower: asyncio.Task | None = None
        self.retiring: set[asyncio.Task] = set()
        self.old_versions: list[tuple] = []  # (pool, pinned, merged dir, version) being retired
        self.switches = 0
        from concurrent.futures import ThreadPoolExecutor

        # large request bodies are decoded and analysed here, off the event loop (item 6)
        self.offload_threads = ThreadPoolExecutor(2, thread_name_prefix="cyberkg-decode")

    def _pool(self, store_dir: str, mode: str, merged_dir: str | None) -> Pool:
        return Pool(store_dir, self.cfg.workers, network=bool(self.cfg.allow_federation), log=log,
                    memory_mb=self.cfg.worker_memory_mb or None, in_memory=mode == "memory",
                    merged_dir=merged_dir)

    async def startup(self):
        await self.pool.start()
        print(f"cyberkg serve: {self.cfg.version or self.cfg.store_dir} ({self.n_quads} quads, {len(self.graphs)} graphs, "
              f"served from {self.mode}) on http://{self.cfg.host}:{self.cfg.port}/sparql with {self.pool.size} query "
              f"workers; worker network isolation: {self.pool.isolation}", file=sys.stderr, flush=True)
        if self.cfg.store_link:
            self._follower = asyncio.get_running_loop().create_task(self.follow())

    async def follow(self) -> None:
        """Serve each new version of the store path (issue 15, item 3)."""
        current, failed = self.cfg.version, None
        while True:
            await asyncio.sleep(self.cfg.follow_interval)
            try:
                target = os.path.realpath(self.cfg.store_link)
            except OSError:
                continue
            if target in (current, failed) or not os.path.isdir(target):
                continue
            try:
                await self.switch(target)
                current = target
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failed = target
                log(f"error: store version {target} is not served ({type(exc).__name__}: {str(exc)[:200]}); "
                    f"still serving {current}")

    async def switch(self, version: str) -> None:
        """Start workers on `version`, send new queries there, retire the old pool when its
        queries in flight are answered, drop the response cache."""
        loop = asyncio.get_running_loop()
        cfg = self.cfg

        def prepare():
            pinned = pin_version(Path(cfg.store_link), version, log=log) if cfg.pinned else None
            store_dir = pinned or version
            return pinned, store_dir, prepare_queries(cfg, store_dir)

        pinned, store_dir, (mode, merged_dir) = await loop.run_in_executor(None, prepare)
        old = (self.pool, cfg.pinned, self.merged_dir, cfg.version)
        pool = self._pool(store_dir, mode, merged_dir)
        try:  # the workers load the version while the front reads what it needs of it
            state, _ = await asyncio.gather(loop.run_in_executor(None, version_state, store_dir), pool.start())
        except BaseException:
            await pool.close()
            drop_merged(merged_dir)
            unpin(pinned)
            raise
        self.pool, self.mode, self.merged_dir = pool, mode, merged_dir
        self.graphs, self.n_quads, self.terms = state
        cfg.store_dir, cfg.pinned, cfg.version = store_dir, pinned, version
        if self.cache is not None:
            self.cache = ResponseCache(cfg.cache_bytes)
        self.switches += 1
        log(f"store version changed: serving {version} ({self.n_quads} quads, {len(self.graphs)} graphs, from {mode}) "
            f"for new queries; response cache dropped; queries in flight finish on {old[3]}")

        self.old_versions.append(old)

        async def retire():
            pool_, pinned_, merged_, version_ = old
            await pool_.drain_and_close(cfg.timeout + 5)
            drop_merged(merged_)
            unpin(pinned_)
            self.old_versions.remove(old)
            log(f"store version {version_} retired: its queries in flight are answered")

        t = loop.create_task(retire())
        self.retiring.add(t)
        t.add_done_callback(self.retiring.discard)

    async def offload(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.offload_threads, fn, *args)

    async def shutdown(self):
        if self._follower is not None:
            self._follower.cancel()
        for t in list(self.retiring):
            t.cancel()
        for pool_, pinned_, merged_, _ in self.old_versions:
            await pool_.close()
            drop_merged(merged_)
            unpin(pinned_)
        await self.pool.close()
        self.offload_threads.shutdown(wait=False)
        drop_merged(self.merged_dir)
        unpin(self.cfg.pinned)

    async def _run(self, job: dict, scope=None) -> Reply:
        key = None
        cache = self.cache  # the cache of the version this job runs on (a new version gets a new one)
        if cache is not None:
            key = P.ByteLRU.digest(repr(tuple(
                (k, tuple(v) if isinstance(v, list) else tuple(sorted(v.items())) if isinstance(v, dict) else v)
                for k, v in sorted(job.items()))))
            hit = cache.get(key)
            if hit is not None:
                return hit
        loop = asyncio.get_running_loop()
        job["max_rows"] = self.cfg.max_rows
        job["max_bytes"] = self.cfg.max_response_bytes
        r = await self.pool.run(job, loop.time() + self.cfg.timeout, self.cfg.timeout,
                                scope.get("cyberkg.gone") if scope is not None else None)
        if key is not None:
            cache.put(key, r)
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
                                       request.stream(), self.limits, self.graphs, self.offload)
            # A body that trickles in is bounded by the query deadline (408), as evaluation is.
            qr = await (asyncio.wait_for(pending, self.cfg.timeout) if request.method == "POST" else pending)
            if qr is None:
                return self._service_description(request)
        except P.ProtocolError as e:
            return _error(e)
        except asyncio.TimeoutError:
            return _error(P.ProtocolError(408, f"request body not received within {self.cfg.timeout:g} s (--timeout)"))
        except ClientDisconnect:
            log("client disconnected before its request body was complete")
            return Response(b"", status_code=400)  # nobody to send it to
        r = await self._run({"op": "sparql", "query": qr.query, "union": qr.union, "default_graph": qr.default_graph,
                             "named_graphs": qr.named_graphs, "format": qr.format.key,
                             "base_iri": self.cfg.base_url + "/sparql"}, request.scope)
        return _reply(r, request.method == "HEAD")

    def _service_description(self, request: Request) -> Response:
        from pyoxigraph import RdfFormat, serialize

        try:
            # a browser (text/html preferred) gets a page; RDF-asking clients the description
            f = P.choose_format(request.headers.get("accept"), P.GRAPH_OFFERS + ("html",),
                                request.query_params.get("format"))
        except P.ProtocolError as e:
            return _error(e)
        endpoint = self.cfg.base_url + "/sparql"  # from configuration, never from the Host header
        if f.key == "html":
            from ..store.queries import PREDECLARED
            from .pages import sparql_page

            return Response(sparql_page(endpoint, self.catalogue, PREDECLARED), media_type="text/html; charset=utf-8",
                            headers={"Vary": "Accept"})
        triples = P.service_description(endpoint, sorted(self.graphs))
        if f.kind == "dataset":
            from pyoxigraph import Quad

            triples = [Quad(t.subject, t.predicate, t.object) for t in triples]
        kw = ({"prefixes": {"sd": P.SD, "formats": P.FORMATS_NS, "sh": "http://www.w3.org/ns/shacl#"}}
              if f.key in ("ttl", "trig", "rdfxml") else {})
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
        base = self.cfg.base_url
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
                             "format": f.key, "title": q.name}, request.scope)
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
        r = await self._run({"op": "entity", "iri": ID + rest, "format": f.key}, request.scope)
        return _reply(r, request.method == "HEAD")


CORS_HEADERS = ["Accept", "Accept-Language", "Content-Language", "Content-Type", "X-Requested-With", "Cache-Control",
                "Pragma", "If-None-Match", "If-Modified-Since", "User-Agent"]


def create_app(cfg: Config) -> Starlette:
    if not cfg.base_url:
        host = cfg.host if cfg.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
        cfg.base_url = f"http://{'[' + host + ']' if ':' in host else host}:{cfg.port}"
    cfg.base_url = cfg.base_url.rstrip("/")
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

        # the request headers browsers' fetch/XHR libraries and common SPARQL clients send
        # (jQuery/YASGUI: X-Requested-With; SPARQLWrapper, rdflib: User-Agent, Accept...);
        # Authorization is not needed (no credentials here).
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                                     allow_headers=CORS_HEADERS, max_age=600))

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
    star.allowed_hosts = frozenset(h.lower().rstrip(".") for h in allowed_hosts(cfg))
    star.host_header = cfg.base_url.split("://", 1)[1].split("/", 1)[0].encode("latin-1")
    return star


def allowed_hosts(cfg: Config) -> tuple[str, ...]:
    """--allowed-hosts, by default the bound address, localhost and 127.0.0.1 (and the host of
    --base-url)."""
    hosts = list(cfg.allowed_hosts) or [cfg.host, "localhost", "127.0.0.1"]
    hosts.append(_host_name(cfg.base_url.split("://", 1)[1].split("/", 1)[0].encode("latin-1")))
    return tuple(hosts)


def _host_name(value: bytes) -> str:
    """The host of a Host header value, without the port, lower case ("[::1]:80" -> "[::1]")."""
    v = value.decode("latin-1").strip().lower()
    if v.startswith("["):
        return v.split("]", 1)[0] + "]"
    return v.rsplit(":", 1)[0].rstrip(".") if v.count(":") == 1 else v.rstrip(".")


class _Server(Starlette):
    """Starlette, but queries to /sparql go straight to their handler.

    They are nearly every request a SPARQL client makes; skipping the middleware stack and the
    router for them saves CPU the query workers need (measured with bench/endpoint_bench.py).
    """

    sparql_fast_path = None
    allowed_hosts: frozenset[str] = frozenset()
    host_header: bytes = b""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)
        try:
            await self._http(scope, receive, send)
        except ClientDisconnect:
            log(f"client disconnected during {scope.get('method')} {scope.get('path', '')[:100]}")
        except Exception as exc:  # one line, never a traceback per request (item 10)
            log(f"error: {scope.get('method')} {scope.get('path', '')[:100]}: {type(exc).__name__}: {str(exc)[:200]}")
            try:
                await _error(P.ProtocolError(500, "internal error (logged)"))(scope, receive, send)
            except Exception:
                pass

    async def _http(self, scope, receive, send) -> None:
        # DNS rebinding (item 11): only the configured host names; then the Host header is replaced
        # by the configured one, so nothing built from request.url reflects what a client sent.
        hosts = [v for k, v in scope["headers"] if k == b"host"]
        if len(hosts) != 1 or _host_name(hosts[0]) not in self.allowed_hosts:
            if hosts or scope.get("http_version") not in ("1.0", "0.9"):
                msg = ("a request needs exactly one Host header" if len(hosts) != 1 else
                       f"Host {hosts[0][:100].decode('latin-1')!r} is not served here (--allowed-hosts)")
                return await _error(P.ProtocolError(400, msg))(scope, receive, send)
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"host"] + [(b"host", self.host_header)]
        if (self.sparql_fast_path is not None and scope["type"] == "http" and scope["path"] == "/sparql"
                and scope["method"] in ("GET", "HEAD", "POST")):
            scope["app"] = self
            response = await self.sparql_fast_path(Request(scope, receive))
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def version_state(store_dir: str):
    """What the front needs of a version: its named graphs, its number of quads, its UI terms."""
    from pyoxigraph import Store

    from .ui import local_terms

    store = Store.read_only(store_dir)
    return (frozenset(g.value for g in store.named_graphs() if hasattr(g, "value")), len(store),
            local_terms(store))


def _dir_bytes(path: str) -> int:
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


# An in-memory store with the merged default graph takes about 8x the bytes of the on-disk one
# (measured on the corpus: 10.7 MB on disk, ~80 MB in a worker).
MEMORY_EXPANSION = 10


def prepare_queries(cfg: Config, store_dir: str) -> tuple[str, str | None]:
    """("memory", None) when the version at `store_dir` is loaded into each worker's memory: not
    --from-disk, at most --memory-store-mb on disk, and its in-memory copy within half a worker's
    memory cap.  Else ("disk", DIR): the merged copy (store/dataset.py) written for the workers to
    query on disk, beside the pinned version (or in a temporary directory)."""
    size = _dir_bytes(store_dir)
    cap = cfg.worker_memory_mb
    if not cfg.from_disk and size <= cfg.memory_store_mb << 20 and (not cap or size * MEMORY_EXPANSION <= cap << 19):
        return "memory", None
    import tempfile

    from ..store.dataset import write_merged

    parent = os.path.dirname(store_dir) if cfg.pinned and store_dir.startswith(os.path.dirname(cfg.pinned)) else None
    dest = tempfile.mkdtemp(prefix=os.path.basename(store_dir) + ".merged-", dir=parent)
    try:
        write_merged(store_dir, dest)
    except BaseException:
        drop_merged(dest)
        raise
    return "disk", dest


def drop_merged(path: str | None) -> None:
    if path:
        import shutil

        shutil.rmtree(path, ignore_errors=True)


def resolve_store(store: Path) -> str:
    """The versioned directory behind the store path (a symlink), resolved once at start."""
    p = Path(store)
    if not p.exists():
        raise FileNotFoundError(f"{p}: no store here; run `cyberkg build` first")
    return str(p.resolve())


def pin_version(store: Path, version_dir: str, log=None) -> str | None:
    """Hard-link the files of `version_dir` into `.<store>.serve-<pid>/<version>` beside the store path.

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
    pin = store.parent / f"{prefix}{os.getpid()}" / Path(version_dir).name
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
    """Remove a pinned version; the folder of this server's pins goes with its last one."""
    if pinned:
        import shutil

        shutil.rmtree(pinned, ignore_errors=True)
        try:
            os.rmdir(os.path.dirname(pinned))
        except OSError:
            pass


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


def bounded_httptools_protocol(max_url_bytes: int, head_timeout: float = HEAD_TIMEOUT, send_timeout: float = 30.0,
                               max_connections: int | None = None):
    """uvicorn's httptools protocol with the bounds above: 414, 431 or 408, then the connection
    is closed; connections past `max_connections` get 503 and are closed at once (item 8); a
    client that reads nothing of its answer for `send_timeout` s is dropped (item 5); when a
    client goes, the callbacks in scope["cyberkg.gone"] run (its query is stopped, item 7).
    uvicorn takes a protocol class for `http`; everything else is its own."""
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

        _send_timer = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            if max_connections is not None and len(self.connections) > max_connections:
                # refused before any request is read, so the descriptor is freed at once
                body = b"too many connections; try again shortly\n"
                transport.write(STATUS_LINE[503] + b"content-type: text/plain; charset=utf-8\r\n"
                                + b"content-length: %d\r\nconnection: close\r\nretry-after: 1\r\n\r\n" % len(body)
                                + body)
                transport.close()
                log("connection refused: more than %d open connections (--max-connections)" % max_connections)
                return
            self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            if self._send_timer is not None:
                self._send_timer.cancel()
                self._send_timer = None
            cycle = self.cycle
            super().connection_lost(exc)
            if cycle is not None and not cycle.response_complete:
                for cb in cycle.scope.get("cyberkg.gone", ()):
                    cb()

        def pause_writing(self) -> None:
            super().pause_writing()
            if self._send_timer is None:
                self._send_timer = self.loop.call_later(send_timeout, self._send_too_slow)

        def resume_writing(self) -> None:
            super().resume_writing()
            if self._send_timer is not None:
                self._send_timer.cancel()
                self._send_timer = None

        def _send_too_slow(self) -> None:
            self._send_timer = None
            if not self.transport.is_closing():
                log(f"client dropped: it read nothing of its answer for {send_timeout:g} s (--send-timeout)")
                self.transport.abort()  # frees what is buffered for it at once

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.scope["cyberkg.gone"] = []
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


def raise_fd_limit() -> int:
    """Raise the soft limit on open files to the hard limit (item 8); return the soft limit."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        want = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 16)
        if want > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        return soft
    except (ImportError, ValueError, OSError):
        return 1024


# Descriptors kept for everything but client connections: the listening socket, the pipes to
# the query workers, log files, the files the server reads (UI assets, ontology).
FD_RESERVE = 128
MAX_CONNECTIONS = 4096


def default_max_connections(fd_limit: int) -> int:
    """What the file-descriptor limit leaves after FD_RESERVE, at most MAX_CONNECTIONS."""
    return max(16, min(MAX_CONNECTIONS, fd_limit - FD_RESERVE))


def run(cfg: Config) -> None:
    import logging

    import uvicorn

    fds = raise_fd_limit()
    if cfg.max_connections is None:
        cfg.max_connections = default_max_connections(fds)
    else:
        cfg.max_connections = min(cfg.max_connections, max(16, fds - FD_RESERVE))

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
        http = bounded_httptools_protocol(min(3 * cfg.max_request_bytes + 4096, MAX_URL_BYTES), cfg.head_timeout,
                                          cfg.send_timeout, cfg.max_connections)
    except ImportError:
        http = "h11"
    config = uvicorn.Config(create_app(cfg), host=cfg.host, port=cfg.port, loop=loop, http=http,
                            log_level="info" if cfg.access_log else "warning", access_log=cfg.access_log,
                            proxy_headers=False, backlog=2048, timeout_keep_alive=cfg.idle_timeout, lifespan="on",
                            limit_concurrency=cfg.max_connections + 16,  # tasks; connections are capped above
                            h11_max_incomplete_event_size=max(16384, cfg.max_request_bytes))
    limiter = OneLineRateLimit()
    for name in ("uvicorn.error", "uvicorn", "asyncio"):
        for h in logging.getLogger(name).handlers or logging.getLogger("uvicorn").handlers:
            h.addFilter(limiter)
    logging.getLogger("asyncio").addFilter(limiter)
    if not logging.getLogger("asyncio").handlers:
        logging.getLogger("asyncio").addHandler(_logger().handlers[0])
        logging.getLogger("asyncio").propagate = False
    uvicorn.Server(config).run()
