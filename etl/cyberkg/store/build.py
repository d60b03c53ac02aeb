"""The build: sources -> quads -> SHACL gate -> new store swapped in atomically.

Parsers never touch the store; this module is the only sink that writes one.  A store path is a
symlink to a versioned directory: a build writes a fresh directory beside it, validates it, and
only then re-points the symlink (an atomic rename), so readers see the old or the new store and a
failed or killed build leaves the previous one untouched.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.text import SourceError, display

ROOT = Path(__file__).resolve().parents[3]
DATA_DIR = ROOT / "data"
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
VERSION = "0.1.0"


def default_store() -> Path:
    return Path(os.environ.get("CYBERKG_STORE") or ROOT / "var" / "store")


class BuildError(Exception):
    """The build cannot produce a store; the previous store is untouched.

    exit_code: 1 for a data problem (unreadable source, SHACL violations), 2 for usage or I/O.
    """

    def __init__(self, message: str, exit_code: int = 1, errors: list[str] | None = None):
        super().__init__(message)
        self.exit_code = exit_code
        self.errors = errors or [message]  # one `error:` line each


@dataclass
class Document:
    path: Path
    kind: str  # profile | policy | strategy
    result: object  # Profile, Policy or Strategy


@dataclass
class BuildReport:
    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    quads: int = 0
    conforms: bool | None = None
    validation_text: str = ""


# --- discovery and parsing -------------------------------------------------------------------

def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named directly, and in folders every *.txt or extension-less file (recursively)."""
    files: list[Path] = []
    skipped: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                # Anything but a folder is a candidate, FIFOs and dangling links included: they are
                # reported as unreadable by read_source rather than silently left out.
                if f.is_dir() or f.name.startswith("."):
                    continue
                if f.suffix.lower() == ".txt" or f.suffix == "":
                    files.append(f)
                else:
                    skipped.append(f"{display(f)}: not a .txt document, skipped")
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            raise BuildError(f"{display(p)}: no such file or directory", exit_code=2)
    seen, unique = set(), []
    for f in files:
        try:
            r = f.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13): read_source reports it
            r = Path(os.path.abspath(f))
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, skipped


def parse_document(path: Path) -> Document:
    from ..sources import policy
    from ..sources import profile
    from ..sources import strategy
    from ..sources.text import read_source

    src = read_source(path)
    if not src.text.strip():
        raise SourceError(path, "empty document")
    head = src.text[:3000].upper()
    if "CYBERWELLNESS PROFILE" in head:
        return Document(path, "profile", profile.parse_text(src))
    if policy.looks_like_policy(src.text):
        return Document(path, "policy", policy.parse_text(src))
    if strategy.looks_like_strategy(src.text):
        return Document(path, "strategy", strategy.parse_text(src))
    raise SourceError(path, "not a recognised document: neither an ITU Cyberwellness Profile, a policy in the Royal Government of Bhutan template, nor a national strategy or policy document", line=1)


def merge_copies(docs: list[Document]) -> list[Document]:
    """Two copies of one strategy (same bytes or same text) become one document with two sources."""
    from ..sources import strategy

    kept = {id(s) for s in strategy.merge_copies([d.result for d in docs if d.kind == "strategy"])}
    return [d for d in docs if d.kind != "strategy" or id(d.result) in kept]


def build_id(docs: list[Document]) -> str:
    h = hashlib.sha256(VERSION.encode())
    for d in sorted(docs, key=lambda d: d.result.sha256):
        h.update(d.result.sha256.encode())
    return h.hexdigest()[:16]


def quads(docs: list[Document]) -> Iterator:
    from pyoxigraph import Literal, Quad

    from ..graph import policy as policy_graph
    from ..graph import profile as mapping
    from ..graph import strategy as strategy_graph
    from ..graph.vocab import CKG, PROV, RDF, RDFS, iri

    bid = build_id(docs)
    build = iri("build", bid)
    for d in docs:
        if d.kind == "profile":
            yield from mapping.profile_quads(d.result, build)
        elif d.kind == "strategy":
            yield from strategy_graph.strategy_quads(d.result, build)
        else:
            yield from policy_graph.policy_quads(d.result, build)
    # Entity resolution across the documents (resolve.py): statements naming a profile's agencies
    # elsewhere, and the ckg:Match links, in a graph of their own generated by this build.
    from ..graph import resolve

    yield from resolve.quads(docs, build)
    if docs:
        yield from strategy_graph.profile_link_quads(docs, resolve.graph_iri(docs))
    graphs = [iri("doc", mapping.doc_key(str(d.path), d.result.sha256)) for d in docs]
    if docs:
        graphs.append(resolve.graph_iri(docs))
    for g in graphs:
        yield Quad(build, RDF.type, PROV.Activity, g)
        yield Quad(build, RDFS.label, Literal(f"cyberkg {VERSION} build {bid}"), g)
        yield Quad(build, CKG.softwareVersion, Literal(VERSION), g)


def ontology_quads() -> Iterator:
    """The ontology files in their own named graph.  Their blank nodes (OWL class expressions)
    are canonicalised (RDFC-1.0) and skolemised to IRIs, so every build emits the same quads."""
    from pyoxigraph import BlankNode, CanonicalizationAlgorithm, Dataset, NamedNode, Quad, RdfFormat, parse

    from ..graph.vocab import ONTOLOGY_GRAPH

    g = NamedNode(ONTOLOGY_GRAPH)
    ds = Dataset()
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        for t in parse(path=str(f), format=RdfFormat.TURTLE):
            ds.add(Quad(t.subject, t.predicate, t.object, g))
    ds.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)

    def skolem(term):
        if isinstance(term, BlankNode):
            return NamedNode(f"{ONTOLOGY_GRAPH}/.well-known/genid/{term.value}")
        return term

    for q in ds:
        yield Quad(skolem(q.subject), q.predicate, skolem(q.object), g)


def _parse_one(f: Path) -> tuple[Document | None, str | None]:
    """(document, None) or (None, the one error line naming the file); never raises for a bad file."""
    try:
        return parse_document(f), None
    except SourceError as exc:
        return None, str(exc)
    except Exception as exc:  # a parser bug must still name the file, and never be a traceback
        return None, (f"{display(f)}: internal parser error ({type(exc).__name__}: {display(str(exc)[:300])}); "
                      "please report with this file")


# Parsing is pure CPU and never touches the store, so documents are parsed by a pool of processes,
# one per core.  Below this many files the pool's start-up (about 20 ms a worker, forked) is not
# worth it.
PARALLEL_MIN_FILES = 8


def parse_workers(nfiles: int) -> int:
    """How many worker processes parse_all uses for `nfiles` files: 1 (serial) for few files or
    one core, else the cores this process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return 1 if nfiles < PARALLEL_MIN_FILES else max(1, min(cores, nfiles))


def parse_all(files: list[Path], progress: Callable[[Path], None] | None = None,
              workers: int | None = None) -> tuple[list[Document], list[str]]:
    """Parse `files`: (documents, error lines), both in the order of `files` whatever the workers.

    A file that cannot be parsed gives one error line naming it and is left out of the documents.
    progress(path) is called once per file, as it is done (not necessarily in order when workers > 1).
    workers: processes to parse in; None chooses parse_workers(len(files)), 1 parses in this process.
    When a pool cannot be started or breaks (a worker killed), the files not yet parsed are parsed
    here, so the result is the same.
    """
    workers = parse_workers(len(files)) if workers is None else workers
    results: list[tuple[Document | None, str | None] | None] = [None] * len(files)
    if workers > 1:
        _parse_in_pool(files, results, progress, workers)
    for i, f in enumerate(files):
        if results[i] is None:
            results[i] = _parse_one(f)
            if progress:
                progress(f)
    docs = [d for d, _ in results if d is not None]
    errors = [e for _, e in results if e is not None]
    return docs, errors


# The store lock's descriptor while it is held (StoreLock).  A forked worker closes its copy: flock
# is released only when every copy is closed, and the lock must die with the build, not with a worker.
_LOCK_FDS: set[int] = set()


def _worker_init(parent: int, lock_fds: tuple[int, ...]) -> None:
    import signal

    # Ctrl-C reaches the whole process group: the build handles it, a worker just finishes its file
    # (no traceback of every worker on the terminal).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in lock_fds:
        try:
            os.close(fd)
        except OSError:
            pass
    # A worker dies with the build: one killed (SIGKILL, out of memory) must not leave workers
    # waiting for work forever.  Linux only (prctl PR_SET_PDEATHSIG); elsewhere they remain idle.
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)


def _parse_in_pool(files: list[Path], results: list, progress, workers: int) -> None:
    """Fill results[i] with _parse_one(files[i]) in `workers` processes, as far as a pool allows."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    def size(i: int) -> int:
        try:
            return os.stat(files[i]).st_size
        except OSError:
            return 0

    # Imported here, before the fork, so that the workers start with the parsers imported and their
    # patterns compiled (0.1 s a worker otherwise; the build needs them here too, for merge_copies).
    from ..sources import policy, profile, strategy  # noqa: F401

    # A document this large is a national strategy (a profile has 2-12 KB, a policy up to 23 KB):
    # what every worker would load for its first strategy is loaded once, here.
    if any(size(i) > 32 << 10 for i in range(len(files))):
        strategy.warm_up()
    try:
        # fork, not forkserver or spawn: those would import everything again in every worker.
        ctx = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init,
                                   initargs=(os.getpid(), tuple(_LOCK_FDS)))
    except (OSError, ValueError, ImportError):  # no fork, no semaphores (/dev/shm): parse serially
        return
    try:
        # Largest files first, so that no long document is left to run alone at the end.
        order = sorted(range(len(files)), key=lambda i: -size(i))
        futures = {pool.submit(_parse_one, files[i]): i for i in order}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception:  # BrokenProcessPool, an unpicklable result: parse_all does it here
                continue
            if progress:
                progress(files[i])
    except Exception:  # the pool broke while submitting: parse_all parses what is left
        pass
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- validation ----------------------------------------------------------------------------------

def load_shapes():
    """The shapes graph of shapes/*.ttl, parsed (about 0.1 s; callers validating often keep it)."""
    from . import shacl

    return shacl.load_shapes(sorted(SHAPES_DIR.glob("*.ttl")))


def validate_store(store, engine: str = "bulk", shapes=None) -> tuple[bool, list]:
    """SHACL over the union of all graphs (documents + ontology): (conforms, violations).

    engine "bulk": SHACL Core and SHACL-SPARQL constraints as one pyoxigraph query each (shacl.py);
    "pyshacl": the reference, SHACL Core by pyshacl on an rdflib copy of the union graph (10-25 s
    for the corpus), SPARQL constraints in bulk.
    """
    from . import shacl

    shapes = shapes if shapes is not None else load_shapes()
    if engine == "bulk":
        core = shacl.validate_core_bulk(store, shapes)
    elif engine == "pyshacl":
        import rdflib
        from pyoxigraph import RdfFormat

        # The union of the named graphs as one graph: the shapes must see one dataset.
        nt = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True) \
            .serialize(format=RdfFormat.N_TRIPLES)
        data = rdflib.Graph()
        data.parse(data=nt, format="nt")
        core = shacl.validate_core(data, shapes)
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}: 'bulk' or 'pyshacl'")
    violations = core + shacl.validate_sparql(store, shapes)
    violations.sort(key=lambda v: (v.focus, v.path or "", v.shape, v.message))
    return not any(v.severity == "Violation" for v in violations), violations


def readable_report(violations, limit: int = 50) -> list[str]:
    """One line per violation: focus node, path, message, and the shape (the rule) that fired."""
    lines = [v.line() for v in violations]
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


# --- the store swap -------------------------------------------------------------------------------

class StoreLock:
    """One build per store at a time: a second one refuses instead of racing."""

    def __init__(self, link: Path):
        self.path = link.parent / (link.name + ".lock")
        self.fd = None

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.path, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK, 0o644)
        except OSError as exc:
            raise _io_error(exc, self.path) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            # flock is released by the kernel when its holder dies, so a killed build never leaves
            # the store locked: this message always means a build that is still running.
            raise BuildError(f"{self.path}: store is locked: another build of this store is running; "
                             "try again when it has finished", exit_code=2) from None
        _LOCK_FDS.add(self.fd)
        return self

    def __exit__(self, *exc):
        _LOCK_FDS.discard(self.fd)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


# Test hook: called as race_hook(point, path) at the store's race windows, so that tests can act
# there deterministically instead of hoping to hit them: "swap:linked" (the new version's temporary
# link made, the store link not yet moved), "swap:moved" (the store link moved, old versions not yet
# removed), "open:resolved" (open_store resolved the link, not yet opened the version).  None
# outside tests.
race_hook: Callable[[str, Path], None] | None = None


def _race_point(point: str, path: Path) -> None:
    if race_hook is not None:
        race_hook(point, path)


def versions_dir(link: Path) -> Path:
    return link.parent / (link.name + ".d")


# --- what a build may touch: only what it can prove it made ----------------------------------------
#
# Layout: STORE is a symlink to STORE.d/<build id>-<pid>/, a pyoxigraph store directory that holds
# MARKER, a small JSON file written by the build before the store itself (so a directory left by a
# killed build is provably ours too).  A build creates STORE, STORE.d, STORE.lock and new versions;
# it replaces STORE and deletes versions only when they are ours.  Anything else at those paths (an
# ordinary folder given as --store, the sources themselves, a folder of a different program) is
# refused with one error naming it, exit 2, before anything is created.
#
# Stores of the previous format (no marker) keep working when they are provably ours: a version
# folder named <16 hex digits>-<pid> holding nothing but RocksDB's own files (CURRENT, IDENTITY,
# MANIFEST-*, OPTIONS-*, *.sst, *.log, LOG, LOCK; or none: a killed build's empty folder), with
# STORE a symbolic link to STORE.d/<one of them>; the build then writes the marker into them.
# `STORE.d/legacy` (a user's folder that the previous format moved aside) is never ours: a store
# holding one is refused, naming it, so the user can take their files back.

MARKER = "cyberkg-store.json"
STORE_FORMAT = 1
_VERSION_NAME = re.compile(r"^[0-9a-f]{16}-[0-9]+$")
# RocksDB's files, and the temporary ones of oxigraph's bulk loader that a killed copy leaves
# (bulk-<random>.sst, <n>.dbtmp).
_ROCKSDB_FILE = re.compile(r"^([0-9]+\.(log|sst|blob|dbtmp)|bulk-[0-9]+\.sst|CURRENT|IDENTITY|LOCK|LOG(\.old\.[0-9]+)?|"
                           r"MANIFEST-[0-9]+|OPTIONS-[0-9]+)$")


def _write_marker(version: Path, build: str = "") -> None:
    import json

    data = json.dumps({"cyberkg": "store", "format": STORE_FORMAT, "software": VERSION, "build": build},
                      sort_keys=True) + "\n"
    fd = os.open(version / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(data)


def _marker_format(version: Path) -> int | None:
    """The format number in `version`'s marker, or None when there is no valid marker."""
    import json

    try:
        if version.is_symlink() or not version.is_dir():
            return None
        with open(version / MARKER, "rb", opener=lambda f, fl: os.open(f, fl | os.O_NOFOLLOW | os.O_NONBLOCK)) as fh:
            data = json.loads(fh.read(4096))
        if isinstance(data, dict) and data.get("cyberkg") == "store" and isinstance(data.get("format"), int):
            return data["format"]
    except (OSError, ValueError):
        pass
    return None


def _is_legacy_version(version: Path) -> bool:
    """A version folder of the previous store format (before markers): see the layout note."""
    if not _VERSION_NAME.match(version.name) or version.is_symlink() or not version.is_dir():
        return False
    try:
        names = {e.name for e in os.scandir(version)}
    except OSError:
        return False
    # A killed build may have left only some of RocksDB's files, or none (an empty folder).
    return all(_ROCKSDB_FILE.match(n) for n in names)


def remove_version(version: Path) -> None:
    """Delete a version folder this build may delete, its marker last (errors ignored): a deletion
    cut short by a kill leaves a folder that is still provably ours, for the next build to finish."""
    try:
        entries = list(os.scandir(version))
    except OSError:
        return
    for e in entries:
        if e.name != MARKER:
            try:
                if e.is_dir(follow_symlinks=False):
                    shutil.rmtree(e.path, ignore_errors=True)
                else:
                    os.unlink(e.path)
            except OSError:
                pass
    shutil.rmtree(version, ignore_errors=True)


def is_our_version(version: Path) -> bool:
    fmt = _marker_format(version)
    if fmt is not None:
        return fmt <= STORE_FORMAT
    return _is_legacy_version(version)


def _refuse(path: Path, why: str) -> BuildError:
    return BuildError(f"{display(path)}: {why}; cyberkg only replaces or deletes stores it made itself "
                      f"(marked by {MARKER}), so nothing was touched", exit_code=2)


def check_store_ownership(link: Path) -> None:
    """Raise BuildError (exit 2) unless every path a build of `link` would replace or delete is
    provably ours.  Touches nothing."""
    vdir = versions_dir(link)
    if link.is_symlink():
        target = os.readlink(link)
        parts = Path(target).parts
        if len(parts) != 2 or parts[0] != vdir.name or not is_our_version(link.parent / target):
            raise _refuse(link, f"a symbolic link to {target}, not to a cyberkg store version in {vdir.name}/")
    elif link.exists():
        if not link.is_dir():
            raise _refuse(link, "exists and is not a directory (not a cyberkg store)")
        try:
            empty = not any(os.scandir(link))
        except OSError as exc:
            raise _refuse(link, f"exists and cannot be read ({exc.strerror})") from None
        if not empty:
            raise _refuse(link, "an existing folder that is not a cyberkg store")
    if vdir.is_symlink() or (vdir.exists() and not vdir.is_dir()):
        raise _refuse(vdir, "exists and is not a cyberkg versions folder")
    if vdir.is_dir():
        try:
            entries = sorted(os.scandir(vdir), key=lambda e: e.name)
        except OSError as exc:
            raise _refuse(vdir, f"cannot be read ({exc.strerror})") from None
        for e in entries:
            if not is_our_version(Path(e.path)):
                raise _refuse(Path(e.path), "not a store version made by cyberkg")


def _adopt_legacy_versions(link: Path) -> None:
    """Write the marker into version folders of the previous format (proven ours by their layout)."""
    vdir = versions_dir(link)
    if vdir.is_dir():
        for e in os.scandir(vdir):
            p = Path(e.path)
            if _marker_format(p) is None and _is_legacy_version(p):
                _write_marker(p)


def swap_in(link: Path, new_dir: Path) -> None:
    """Point `link` at `new_dir` atomically, keep the version it replaces, drop all others.

    The replaced version is kept until the next build: a reader that resolved the link just
    before the swap (`cyberkg query`, a server starting) still opens and reads a complete store,
    instead of one whose files are being deleted under it.  Other versions (older ones, folders of
    killed builds) are removed, each only if it is provably ours (is_our_version).
    """
    previous = None
    if link.is_symlink():
        previous = link.resolve()
    elif link.is_dir():  # an empty folder (check_store_ownership refused anything else)
        os.rmdir(link)
    # Called under the store lock, so temporary links of other builds are left by killed ones.
    vname = versions_dir(link).name
    for stale in link.parent.glob(link.name + ".tmp-*"):
        if stale.is_symlink() and Path(os.readlink(stale)).parts[:1] == (vname,):
            stale.unlink()
    tmp = link.parent / (link.name + f".tmp-{os.getpid()}")
    os.symlink(os.path.relpath(new_dir, link.parent), tmp)
    _race_point("swap:linked", link)
    os.replace(tmp, link)
    _race_point("swap:moved", link)
    keep = {new_dir.resolve(), previous.resolve() if previous else None}
    for old in versions_dir(link).iterdir():
        if old.resolve() not in keep and is_our_version(old):
            remove_version(old)


def _lazy_progress(factory, total: int) -> Callable[[Path], None]:
    """The progress bar made at the first file done, not before: the bar runs a thread, and the
    parsing workers are forked before it starts (a fork copies locks that thread may hold)."""
    step = None

    def progress(f: Path) -> None:
        nonlocal step
        if step is None:
            step = factory(total)
        step(f)
    return progress


def build(paths: Iterable[str | Path], store_path: Path, *, keep_going: bool = False,
          progress_factory=None, log: Callable[[str], None] = lambda m: None) -> BuildReport:
    from pyoxigraph import Store

    report = BuildReport()
    store_path = Path(store_path)
    check_store_ownership(store_path)
    files, report.skipped = discover(paths)
    if not files:
        raise BuildError("no documents to build from", exit_code=2)
    # The lock is taken before parsing, so that of two builds started together the second always
    # refuses, instead of both succeeding one after the other when the first was quick.
    with StoreLock(store_path):
        check_store_ownership(store_path)  # again under the lock: another build may have run meanwhile
        progress = _lazy_progress(progress_factory, len(files)) if progress_factory else None
        docs, report.errors = parse_all(files, progress)
        docs = merge_copies(docs)
        if report.errors and not keep_going:
            raise BuildError("\n".join(report.errors), errors=report.errors)
        if not docs:
            raise BuildError("no readable documents")
        report.documents = docs
        vdir = versions_dir(store_path)
        new_dir = vdir / f"{build_id(docs)}-{os.getpid()}"
        try:
            vdir.mkdir(parents=True, exist_ok=True)
            _adopt_legacy_versions(store_path)
            if new_dir.exists() and is_our_version(new_dir):  # a killed build of this pid's predecessor
                remove_version(new_dir)
            new_dir.mkdir()  # fails if it exists: from here on new_dir is ours
        except OSError as exc:
            raise _io_error(exc, vdir) from None
        try:
            _write_marker(new_dir, build_id(docs))  # first, so that even a killed build's folder is provably ours
        except OSError as exc:
            remove_version(new_dir)
            raise _io_error(exc, vdir) from None
        try:
            # The gate validates an in-memory copy, and only data that conforms is written: the
            # validation queries are about 3x slower on the on-disk store (index lookups over one
            # named graph per document).
            data = Store()
            data.bulk_extend(quads(docs))
            data.bulk_extend(ontology_quads())
            report.quads = len(data)
            log(f"validating {report.quads} quads against SHACL shapes")
            # The copy to disk is written during the validation, in a thread (pyoxigraph runs the
            # validation queries, and the copy as _write_version makes it, without the GIL): the new
            # version is swapped in only once the data conforms and removed otherwise, so data that
            # does not conform is never served.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=1) as writer:  # leaving the block waits for the copy
                written = writer.submit(_write_version, data, new_dir)
                conforms, violations = validate_store(data)
            report.conforms = conforms
            report.validation_text = "\n".join(readable_report(violations))
            if not conforms:  # a data problem first, even if the copy failed too
                raise BuildError("SHACL validation failed; the previous store is kept.\n" + report.validation_text)
            written.result()  # the copy's OSError, if any
            swap_in(store_path, new_dir)
        except OSError as exc:  # a full or read-only disk, a quota: the previous store is untouched
            remove_version(new_dir)  # made by this build (mkdir above)
            raise _io_error(exc, new_dir) from None
        except BaseException:
            remove_version(new_dir)
            raise
    return report


def _write_version(data, new_dir: Path) -> None:
    """Copy the in-memory store `data` into a new on-disk store at `new_dir` (OSError on a write).

    The copy goes through one N-Quads serialisation, which pyoxigraph writes and bulk-loads without
    holding the GIL, so the validation in the main thread goes on meanwhile.  bulk_extend from
    `data`'s quad iterator held the GIL for the whole copy (0.6 s on the corpus): the validation
    could not even load its shapes until the copy had ended, so the two ran one after the other.
    The serialisation costs ~0.1 s of CPU more.  `lenient`: the text is pyoxigraph's own rendering
    of terms it checked when they were made, so its IRIs and language tags are not checked again.
    Blank nodes would get fresh labels in the copy; the build makes none (tests/test_cli.py).
    """
    from pyoxigraph import RdfFormat, Store

    store = Store(str(new_dir))
    store.bulk_load(data.dump(format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS, lenient=True)
    store.flush()


def _io_error(exc: OSError, where: Path) -> BuildError:
    """An OSError of the store writes as one line naming the path; exit code 2 (I/O)."""
    what = exc.strerror or str(exc)
    return BuildError(f"{exc.filename or where}: cannot write the store: {what}; the previous store is kept",
                      exit_code=2)


def open_store(store_path: Path | None = None):
    from pyoxigraph import Store

    p = Path(store_path or default_store())
    if not p.exists():
        raise BuildError(f"{p}: no store here; run `cyberkg build` first", exit_code=2)
    target = p.resolve()
    _race_point("open:resolved", p)
    try:
        return Store.read_only(str(target))
    except (OSError, RuntimeError) as exc:  # pyoxigraph reports missing files as RuntimeError
        if p.resolve() != target:  # rebuilt twice while we opened it: open the current version
            return open_store(p)
        raise BuildError(f"{p}: cannot open store: {exc}", exit_code=2) from None
