"""Issue 15, item 4: the default graph is the RDF merge of the named graphs as a set, in the CLI.

store/dataset.py: queries see the named graphs plus each of their triples once in the default
graph; `cyberkg query` reads that merged copy from a cache beside the store, written on first use
after a build.
"""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox

from cyberkg.store import build as B
from cyberkg.store.dataset import cached_merged, has_default_graph, merged
from cyberkg.store.queries import run

from ..conftest import DATA

LABELS = ("PREFIX ckg: <https://w3id.org/cyberkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?c ?label WHERE { ?c a ckg:Country ; rdfs:label ?label }")
PER_GRAPH = ("SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/cyberkg/id/country/BTN> a "
             "<https://w3id.org/cyberkg/ontology#Country> } }")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "cyberkg.cli", *args], capture_output=True, text=True, timeout=300)


def test_merged_default_graph_is_the_set_of_the_named_graphs_triples(bundled_store):
    m = merged(bundled_store)
    quads = list(bundled_store.quads_for_pattern(None, None, None, None))
    default = list(m.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert not has_default_graph(bundled_store) and has_default_graph(m)
    assert len(default) == len({q.triple for q in quads}) < len(quads)
    assert {q.triple for q in default} == {q.triple for q in quads}
    assert len(m) == len(quads) + len(default)  # the named graphs are all still there


def test_plain_select_lists_each_triple_once_and_graph_keeps_each_document(bundled_store):
    labels = [tuple(s[v].value for v in ("c", "label")) for s in run(bundled_store, LABELS)]
    assert len(labels) == len(set(labels)) == 4
    assert len(list(run(bundled_store, PER_GRAPH))) > 1


def test_cli_queries_the_merged_copy_cached_beside_the_store(tmp_path):
    store = tmp_path / "store"
    assert _cli("build", str(DATA), "--store", str(store)).returncode == 0
    r = _cli("query", "--sparql", LABELS, "--store", str(store), "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = r.stdout.splitlines()[1:]
    assert len(rows) == len(set(rows)) == 4, rows
    cache = tmp_path / "store.merged" / store.resolve().name
    assert cache.is_dir()
    r2 = _cli("query", "--sparql", PER_GRAPH, "--store", str(store), "--format", "csv")
    assert r2.returncode == 0 and len(r2.stdout.splitlines()[1:]) > 1
    # two builds later the first version is gone, and so is its cache entry
    for _ in range(2):
        assert _cli("build", str(DATA), "--store", str(store)).returncode == 0
    assert _cli("query", "countries", "--store", str(store)).returncode == 0
    entries = {p.name for p in (tmp_path / "store.merged").iterdir()}
    assert store.resolve().name in entries and cache.name not in entries


def test_cached_copy_equals_the_in_memory_one(tmp_path):
    store = tmp_path / "store"
    B.build([DATA], store)
    a = cached_merged(store)
    b = merged(B.open_store(store))
    assert set(a.quads_for_pattern(None, None, None, None)) == set(b.quads_for_pattern(None, None, None, None))
    assert cached_merged(store) is not None  # the second call reads the cache


def test_a_folder_named_like_the_cache_that_cyberkg_did_not_make_is_never_touched(tmp_path):
    """`<store>.merged` made by someone else (no marker): queries still answer, from a copy in
    memory, and nothing in that folder is written or deleted."""
    store = tmp_path / "store"
    assert _cli("build", str(DATA), "--store", str(store)).returncode == 0
    theirs = tmp_path / "store.merged"
    (theirs / "0123456789abcdef-1").mkdir(parents=True)  # even an entry named like a version
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(theirs) for p in theirs.rglob("*"))
    r = _cli("query", "countries", "--store", str(store), "--format", "csv")
    assert r.returncode == 0 and "BTN" in r.stdout, r.stderr
    assert sorted(p.relative_to(theirs) for p in theirs.rglob("*")) == before
    assert (theirs / "notes.txt").read_text(encoding="utf-8") == "mine"
    # our own cache (with its marker) is made and used where no such folder exists
    other = tmp_path / "other" / "store"
    assert _cli("build", str(DATA), "--store", str(other)).returncode == 0
    assert _cli("query", "countries", "--store", str(other)).returncode == 0
    assert (other.parent / "store.merged" / "cyberkg-merged-cache.json").is_file()
