"""`cyberkg publish --graph-store URL`: every named graph of the store to a SPARQL 1.1 Graph Store.

W3C SPARQL 1.1 Graph Store HTTP Protocol, section 5.3 (HTTP PUT) with indirect graph
identification (section 4.2, `URL?graph=<graph IRI>`): each named graph is sent whole as
N-Triples and replaces that graph on the server, so publishing is idempotent.

Resumable: a state file (default: `<store>.publish.json` beside the store path) records, per
endpoint, each graph pushed and the SHA-256 of what was sent; it is rewritten (atomically) after
every successful PUT, so a run that is interrupted or fails resumes where it stopped and skips
graphs whose content has not changed (`force` pushes all).  Graphs this state says were pushed
earlier but are no longer in the store (a document rebuilt under a new graph IRI, or removed) are
deleted on the server (section 5.4, HTTP DELETE): only graphs we pushed are ever deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..store.build import BuildError

TIMEOUT = 60.0  # seconds per request (connect, read, write); a graph is at most a few MB


class PublishError(BuildError):
    """Publishing stopped: the server is unreachable or refused a graph (exit code 2, I/O).
    Graphs pushed before the error are recorded and skipped by the next run."""

    def __init__(self, message: str):
        super().__init__(message, exit_code=2)


@dataclass
class PublishReport:
    pushed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    triples: int = 0


def default_state(store_path: Path) -> Path:
    p = Path(store_path)
    return p.parent / (p.name + ".publish.json")


def graph_payloads(store):
    """(graph IRI, N-Triples bytes with sorted lines, triple count) for each named graph, by IRI."""
    from pyoxigraph import NamedNode, RdfFormat

    names = sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    for name in names:
        data = store.dump(format=RdfFormat.N_TRIPLES, from_graph=NamedNode(name))
        lines = sorted(set(data.splitlines()) - {b""})
        yield name, b"".join(line + b"\n" for line in lines), len(lines)


class _State:
    """{endpoint URL: {graph IRI: sha256}} in a JSON file, written atomically (mode 0600) after each
    change.  Endpoint URLs are stored without credentials; a state file of an earlier version that
    holds some has them removed on the next save."""

    def __init__(self, path: Path, endpoint: str):
        self.path, self.endpoint = Path(path), endpoint
        try:
            self.all = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.all = {}
        except (OSError, ValueError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"not JSON: {exc}"
            raise PublishError(f"{self.path}: unreadable publish state ({why}); remove it or use --force with another --state") from None
        if not (isinstance(self.all, dict) and all(isinstance(k, str) and isinstance(v, dict)
                                                   and all(isinstance(g, str) and isinstance(h, str) for g, h in v.items())
                                                   for k, v in self.all.items())):
            raise PublishError(f"{self.path}: not a cyberkg publish state (expected {{endpoint: {{graph: sha256}}}}); "
                               "remove it or give another --state")
        clean: dict[str, dict[str, str]] = {}
        for k, v in self.all.items():
            clean.setdefault(split_credentials(k)[0], {}).update(v)
        self.all = clean
        self.graphs: dict[str, str] = self.all.setdefault(endpoint, {})

    def save(self) -> None:
        real = Path(os.path.realpath(self.path))
        tmp = real.with_name(real.name + f".tmp-{os.getpid()}")
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(self.all, indent=1, sort_keys=True) + "\n")
            os.replace(tmp, real)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise PublishError(f"{self.path}: cannot write the publish state: {exc.strerror or exc}") from None


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """(the URL without user:password@, (user, password) or None)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    try:
        u = urlsplit(url)
    except ValueError:
        return redact(url), None
    if "@" not in u.netloc:
        return url, None
    userinfo, _, hostport = u.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    return urlunsplit(u._replace(netloc=hostport)), (unquote(user), unquote(password))


_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Text that may be printed: user:password@ in URLs, and any known secret, replaced by ***."""
    text = _USERINFO.sub(r"\1***@", str(text))
    for sec in secrets:
        if sec and len(sec) >= 3:
            text = text.replace(sec, "***")
    return text


MAX_ERROR_BODY = 4096  # bytes of an error answer read (and shown, up to 300 characters); the rest is dropped


def challenge_auth(user: str, password: str):
    """--auth USER:PASS as the server asks for it (an httpx.Auth): the first request goes without
    credentials; a 401 challenge picks Digest (httpx.DigestAuth, RFC 7616) when offered, else Basic,
    and later requests answer the same scheme at once (Digest: with the server's last nonce)."""
    import httpx

    class _Auth(httpx.Auth):
        def __init__(self):
            self.basic = httpx.BasicAuth(user, password)
            self.digest = httpx.DigestAuth(user, password)
            self.scheme: str | None = None

        def auth_flow(self, request):
            if self.scheme == "basic":
                yield from self.basic.auth_flow(request)
                return
            if self.scheme == "digest":
                yield from self.digest.auth_flow(request)
                return
            response = yield request
            if response.status_code != 401:
                return
            offered = [h.split(None, 1)[0].lower() for h in response.headers.get_list("www-authenticate") if h.strip()]
            if "digest" in offered:
                self.scheme = "digest"
                flow = self.digest.auth_flow(request)
                next(flow)  # DigestAuth's own first, unauthenticated request: we already have its 401
                try:
                    request = flow.send(response)
                except StopIteration:
                    return
                response = yield request
                try:
                    flow.send(response)
                except StopIteration:
                    pass
            elif "basic" in offered:
                self.scheme = "basic"
                yield from self.basic.auth_flow(request)

    return _Auth()


async def _send(client, method: str, url: str, graph: str, body: bytes | None, headers: dict, timeout: float,
                secrets: tuple[str, ...]):
    """One request, bounded as a whole by `timeout` (connect, send, the answer's head and the error
    body it reads): a server trickling bytes cannot hold it longer.  Returns (status, reason, text)."""
    import asyncio

    import httpx

    async def go():
        async with client.stream(method, url, params={"graph": graph}, content=body, headers=headers) as resp:
            text = b""
            if resp.status_code >= 300:
                async for chunk in resp.aiter_raw():
                    text += chunk
                    if len(text) >= MAX_ERROR_BODY:
                        break
            return resp.status_code, resp.reason_phrase, text[:MAX_ERROR_BODY]

    try:
        return await asyncio.wait_for(go(), timeout)
    except (asyncio.TimeoutError, httpx.TimeoutException):
        raise PublishError(f"{method} {graph} to {redact(url, secrets)}: no complete answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise PublishError(f"{redact(url, secrets)}: cannot connect ({redact(str(exc), secrets)}); "
                           "is the Graph Store running?") from None


def _explain(status: int, reason: str, body: bytes, secrets: tuple[str, ...]) -> str:
    text = body.decode("utf-8", "replace").strip().replace("\r", " ").replace("\n", " ")
    text = redact(text, secrets)
    return f"HTTP {status} {reason}" + (f": {text[:300]}" if text else "")


def publish(store, endpoint: str, *, state_path: Path, auth: tuple[str, str] | None = None, token: str | None = None,
            force: bool = False, progress: Callable[[str, int, int], None] | None = None,
            timeout: float = TIMEOUT, transport=None) -> PublishReport:
    """PUT each named graph of `store` to the Graph Store `endpoint`; see the module docstring.

    Credentials in the URL (http://user:pass@host/...) are taken out of it: used as `auth`, never
    stored in the state file nor printed.  `timeout` bounds each request as a whole.
    progress(graph IRI, done, total) is called after each graph (pushed or skipped).
    """
    import asyncio

    url, in_url = split_credentials(endpoint)
    auth = auth or in_url
    secrets = tuple(x for x in ((auth[1],) if auth else ()) + ((token,) if token else ()) if x)
    if not url.startswith(("http://", "https://")):
        raise PublishError(f"{redact(url, secrets)}: not an http(s) Graph Store URL")
    state = _State(state_path, url)
    payloads = list(graph_payloads(store))
    return asyncio.run(_publish(url, state, payloads, auth, token, force, progress, timeout, transport, secrets))


async def _publish(url, state, payloads, auth, token, force, progress, timeout, transport, secrets) -> PublishReport:
    import httpx

    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    report = PublishReport()
    client_auth = challenge_auth(*auth) if auth else None
    async with httpx.AsyncClient(auth=client_auth, timeout=timeout, transport=transport, follow_redirects=False) as client:

        async def send(method: str, graph: str, body: bytes | None = None):
            status, reason, text = await _send(client, method, url, graph, body, headers, timeout, secrets)
            if method == "DELETE" and status == 404:
                return  # already gone: the state is what matters
            if status >= 300:
                raise PublishError(f"{method} graph {graph} to {url}: {_explain(status, reason, text, secrets)}")

        for done, (graph, body, n) in enumerate(payloads, 1):
            digest = hashlib.sha256(body).hexdigest()
            if not force and state.graphs.get(graph) == digest:
                report.skipped.append(graph)
            else:
                await send("PUT", graph, body)
                state.graphs[graph] = digest
                state.save()
                report.pushed.append(graph)
            report.triples += n
            if progress:
                progress(graph, done, len(payloads))
        current = {g for g, _, _ in payloads}
        for graph in sorted(set(state.graphs) - current):
            await send("DELETE", graph)
            del state.graphs[graph]
            state.save()
            report.deleted.append(graph)
    return report
