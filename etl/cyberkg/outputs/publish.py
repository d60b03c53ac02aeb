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
    """{endpoint URL: {graph IRI: sha256}} in a JSON file, written atomically after each change."""

    def __init__(self, path: Path, endpoint: str):
        self.path, self.endpoint = Path(path), endpoint
        try:
            self.all = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.all = {}
        except (OSError, ValueError) as exc:
            raise PublishError(f"{self.path}: unreadable publish state ({exc}); remove it or use --force with another --state") from None
        self.graphs: dict[str, str] = self.all.setdefault(endpoint, {})

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + f".tmp-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self.all, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            raise PublishError(f"{self.path}: cannot write the publish state: {exc.strerror or exc}") from None


def _explain(resp) -> str:
    text = resp.text.strip().replace("\n", " ")
    return f"HTTP {resp.status_code} {resp.reason_phrase}" + (f": {text[:300]}" if text else "")


def publish(store, endpoint: str, *, state_path: Path, auth: tuple[str, str] | None = None, token: str | None = None,
            force: bool = False, progress: Callable[[str, int, int], None] | None = None,
            timeout: float = TIMEOUT, transport=None) -> PublishReport:
    """PUT each named graph of `store` to the Graph Store `endpoint`; see the module docstring.

    progress(graph IRI, done, total) is called after each graph (pushed or skipped).
    """
    import httpx

    if not endpoint.startswith(("http://", "https://")):
        raise PublishError(f"{endpoint}: not an http(s) Graph Store URL")
    state = _State(state_path, endpoint)
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    report = PublishReport()
    payloads = list(graph_payloads(store))
    with httpx.Client(auth=auth, timeout=timeout, transport=transport, follow_redirects=False) as client:

        def send(method: str, graph: str, body: bytes | None = None):
            try:
                resp = client.request(method, endpoint, params={"graph": graph}, content=body, headers=headers)
            except httpx.TimeoutException:
                raise PublishError(f"{method} {graph} to {endpoint}: no answer within {timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise PublishError(f"{endpoint}: cannot connect ({exc}); is the Graph Store running?") from None
            if method == "DELETE" and resp.status_code == 404:
                return  # already gone: the state is what matters
            if resp.status_code >= 300:
                raise PublishError(f"{method} graph {graph} to {endpoint}: {_explain(resp)}")

        for done, (graph, body, n) in enumerate(payloads, 1):
            digest = hashlib.sha256(body).hexdigest()
            if not force and state.graphs.get(graph) == digest:
                report.skipped.append(graph)
            else:
                send("PUT", graph, body)
                state.graphs[graph] = digest
                state.save()
                report.pushed.append(graph)
            report.triples += n
            if progress:
                progress(graph, done, len(payloads))
        current = {g for g, _, _ in payloads}
        for graph in sorted(set(state.graphs) - current):
            send("DELETE", graph)
            del state.graphs[graph]
            state.save()
            report.deleted.append(graph)
    return report
