"""The dataset queries see: named graphs per document, and a default graph that is their RDF merge.

A store written by `cyberkg build` holds one named graph per source document (plus the
resolution and ontology graphs) and nothing in its default graph.  Queries (the CLI, `cyberkg
serve` over HTTP and in the UI) do not run on it directly but on a *merged* copy: every quad of
the store, plus each triple of the named graphs once in the default graph.  So the default graph
is the RDF merge of the named graphs as a set (a triple stated by four documents is one
solution of `?s ?p ?o`, without DISTINCT), and `GRAPH ?g { ... }` keeps the per-document view.

pyoxigraph's own `use_default_graph_as_union=True` is a bag (a triple once per graph that states
it), and a store whose default graph is filled would count it again under that option; so the
merged copy is made in memory (or, for `cyberkg serve --from-disk`, as a separate on-disk copy
that the server writes for itself) and the store on disk stays exactly what the build wrote: it
remains the source of truth that releases, exports and publishing read.
"""

from __future__ import annotations

import re


# Each triple of the named graphs into the default graph: evaluated by the engine, no Python
# object per quad (on the corpus ~0.5 s against ~0.7 s for building the quads in Python), and the
# store, a set of quads, keeps a triple stated in several graphs once.
MERGE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def merge_into(target, source) -> None:
    """Copy every quad of `source` into `target`, then add the merge of its named graphs to
    `target`'s default graph (a built store has nothing in its default graph)."""
    target.bulk_extend(source.quads_for_pattern(None, None, None, None))
    target.update(MERGE)


def merged(store):
    """An in-memory Store: the named graphs of `store`, and their merge as the default graph."""
    from pyoxigraph import Store

    out = Store()
    merge_into(out, store)
    return out


def write_merged(store_dir: str, dest: str) -> None:
    """The merged dataset of the store at `store_dir`, written as an on-disk store at `dest`."""
    from pyoxigraph import Store

    out = Store(dest)
    merge_into(out, Store.read_only(store_dir))
    out.flush()
    del out


_VERSION_NAME = re.compile(r"[0-9a-f]{16}-\d+")  # the store versions' folder names (build.py)

# The cache folder holds this file from its first write: what proves it cyberkg's, so that a
# folder of the same name that a user made is never written into or cleaned.
MERGED_MARKER = "cyberkg-merged-cache.json"


def cached_merged(store_path, store=None):
    """For `cyberkg query`: the merged dataset of the version the store path points to, read-only
    from a cache beside the store (`<store>.merged/<version>`), written on first use after a build
    (into a temporary folder, then renamed; ~1 s for the corpus) and reused by every later query,
    so a query's start costs what opening the store costs.  Entries of versions that are gone
    are removed.  Where the cache cannot be written: a merged copy in memory."""
    import os
    import shutil
    from pathlib import Path

    from pyoxigraph import Store

    link = Path(store_path)
    version = link.resolve()
    root = link.parent / (link.name + ".merged")
    dest = root / version.name
    tmp = root / f".tmp-{version.name}-{os.getpid()}"
    marker = root / MERGED_MARKER
    try:
        if root.exists() and not marker.is_file():
            # Not a cache this code made (a user's folder of that name): never write or delete in it.
            return merged(store if store is not None else Store.read_only(str(version)))
        if dest.is_dir():
            return Store.read_only(str(dest))
        root.mkdir(exist_ok=True)
        if not marker.is_file():
            marker.write_text('{"cyberkg": "merged-query-cache", "format": 1}\n', encoding="utf-8")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            out = Store(str(tmp))
            merge_into(out, store if store is not None else Store.read_only(str(version)))
            out.flush()
            del out
            os.rename(tmp, dest)
        finally:  # a failed write (full disk) or another query that wrote it first
            shutil.rmtree(tmp, ignore_errors=True)
        versions = {p.name for p in version.parent.iterdir()} if version.parent.is_dir() else set()
        for old in root.iterdir():  # only entries named as the versions this cache holds
            if old.is_dir() and not old.is_symlink() and old.name not in versions \
                    and _VERSION_NAME.fullmatch(old.name):
                shutil.rmtree(old, ignore_errors=True)
        return Store.read_only(str(dest))
    except (OSError, RuntimeError):  # read-only or full disk: no cache, the copy in memory
        return merged(store if store is not None else Store.read_only(str(version)))


def has_default_graph(store) -> bool:
    """Whether `store` holds anything in its default graph (a merged copy does; a built store does not)."""
    from pyoxigraph import DefaultGraph

    return next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None


def for_queries(store):
    """`store` itself if its default graph is filled (a merged copy), else a merged copy of it."""
    return store if has_default_graph(store) else merged(store)
