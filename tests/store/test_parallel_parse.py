"""Parsing in a pool of processes (build.parse_all with workers > 1) gives what parsing in one
process gives: the same documents in the same order, so the same quads, and the same errors.

Real documents: data/, the profile corpus and the national strategies when present (a few of each,
enough for both workers to get several), the test strategy otherwise.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cyberkg.store import build as B

from ..conftest import DATA, ROOT, corpus_files
from ..test_cli import run
from .test_build_faults import assert_one_clear_error, fingerprint

STRATEGIES = Path(os.environ.get("CYBERKG_STRATEGIES", ROOT.parent / "shared" / "corpus" / "national-strategies"))
RURITANIA = ROOT / "tests" / "data" / "strategy-ruritania-2016.txt"


def _real_files() -> list[Path]:
    files = sorted(DATA.glob("*.txt")) + [RURITANIA] + corpus_files()[:12]
    if STRATEGIES.is_dir():
        files += sorted(STRATEGIES.glob("*.txt"))[:6]
    return files


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    """A folder of real documents, at least PARALLEL_MIN_FILES (data/'s profiles copied under other
    names when the corpora are absent)."""
    d = tmp_path_factory.mktemp("many")
    for f in _real_files():
        shutil.copy(f, d / f.name)
    i = 0
    while len(list(d.iterdir())) < B.PARALLEL_MIN_FILES + 2:
        for f in sorted(DATA.glob("profile-*.txt")):
            shutil.copy(f, d / f"copy{i}-{f.name}")
        i += 1
    return d


def _nquads(docs, *more) -> list[str]:
    """The sorted N-Quads of a store of the documents' quads (a store, as the build's: it writes
    literals in canonical form)."""
    from itertools import chain

    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.bulk_extend(chain(B.quads(docs), *more))
    return sorted(store.dump(format=RdfFormat.N_QUADS).decode().splitlines())


def test_a_folder_this_size_is_parsed_in_a_pool(sources):
    files, _ = B.discover([sources])
    assert len(files) >= B.PARALLEL_MIN_FILES
    assert B.parse_workers(len(files)) == min(len(os.sched_getaffinity(0)), len(files))
    assert B.parse_workers(B.PARALLEL_MIN_FILES - 1) == 1


def test_pool_gives_the_documents_errors_and_quads_of_serial(sources, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(sources, bad)
    (bad / "m-empty.txt").write_bytes(b"")
    (bad / "n-readme.txt").write_bytes((ROOT / "README.md").read_bytes())
    files, _ = B.discover([bad])
    seen: list[Path] = []
    docs1, errors1 = B.parse_all(files, workers=1)
    docs2, errors2 = B.parse_all(files, progress=seen.append, workers=2)
    assert [(d.path, d.kind, d.result.sha256) for d in docs2] == [(d.path, d.kind, d.result.sha256) for d in docs1]
    assert [d.result.findings for d in docs2] == [d.result.findings for d in docs1]
    assert errors2 == errors1 and len(errors1) == 2
    assert sorted(seen) == sorted(files)  # progress once per file, whatever the order
    docs1, docs2 = B.merge_copies(docs1), B.merge_copies(docs2)
    assert _nquads(docs2) == _nquads(docs1)


def test_a_pool_that_cannot_start_parses_serially(sources, monkeypatch):
    import concurrent.futures

    def refuse(*a, **k):
        raise OSError(38, "Function not implemented")  # as without /dev/shm semaphores
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    files, _ = B.discover([sources])
    docs, errors = B.parse_all(files, workers=2)
    assert errors == [] and [d.path for d in docs] == files


def test_cli_build_of_many_files_in_the_pool_equals_a_serial_build(sources, tmp_path):
    r = run("build", sources, "--store", tmp_path / "pool")
    assert r.returncode == 0, r.stderr
    # One file at a time, in this process: the serial parse, then the same quads.
    files, _ = B.discover([sources])
    docs, errors = B.parse_all(files, workers=1)
    assert errors == []
    store = B.open_store(tmp_path / "pool")
    from pyoxigraph import RdfFormat

    lines = sorted(store.dump(format=RdfFormat.N_QUADS).decode().splitlines())
    assert lines == _nquads(B.merge_copies(docs), B.ontology_quads())


def test_cli_a_bad_file_among_many_is_one_clear_error_and_nothing_is_built(sources, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(sources, bad)
    (bad / "n-broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    files, _ = B.discover([bad])
    assert B.parse_workers(len(files)) > 1 or len(os.sched_getaffinity(0)) == 1
    good = tmp_path / "good"
    r = run("build", DATA, "--store", good)
    assert r.returncode == 0, r.stderr
    before = fingerprint(good)
    r = run("build", bad, "--store", good)
    assert_one_clear_error(r, "n-broken.txt", "NUL bytes", code=1)
    assert fingerprint(good) == before
    r = run("build", bad, "--store", good, "--keep-going")
    assert r.returncode == 0, r.stderr
    skipped = [line for line in r.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1 and "n-broken.txt" in skipped[0]


def test_the_strategy_caches_are_loaded_once_before_the_fork_only_for_strategies(sources, tmp_path, monkeypatch):
    from cyberkg.sources import strategy

    calls = []
    monkeypatch.setattr(strategy, "warm_up", lambda: calls.append(1))
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for i in range(B.PARALLEL_MIN_FILES):
        for f in DATA.glob("profile-*.txt"):
            shutil.copy(f, profiles / f"{i}-{f.name}")
    B.parse_all(B.discover([profiles])[0], workers=2)
    assert calls == []  # profiles only: nothing to load
    big = [f for f in _real_files() if f.stat().st_size > 32 << 10]
    if not big:
        pytest.skip("no strategy of more than 32 KB (the national strategies corpus is absent)")
    B.parse_all(B.discover([profiles])[0] + big[:1], workers=2)
    assert calls == [1]
    monkeypatch.undo()
    strategy.warm_up()
    assert strategy._country_index.cache_info().currsize == 1
