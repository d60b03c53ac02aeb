"""The store marker rule: a build (and release, export) only creates, replaces or deletes what it
can prove it made.  Anything else is refused with one error line naming the path, exit 2, and
nothing is touched.  Through the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cyberkg.store import build as B

from ..conftest import DATA
from ..test_cli import run


def _tree(p: Path) -> dict:
    """Every path under p (links not followed) with its kind, mode and content: 'nothing touched'."""
    out = {}
    for root, dirs, files in os.walk(p):
        for n in dirs + files:
            f = Path(root) / n
            st = f.lstat()
            out[str(f)] = (st.st_mode, os.readlink(f) if f.is_symlink() else
                           (f.read_bytes() if f.is_file() else None))
    return out


def _one_error(r, path) -> None:
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    errs = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errs) == 1 and str(path) in errs[0], r.stderr


def test_store_on_an_ordinary_folder_is_refused_and_nothing_is_touched(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("x\n")
    before = _tree(tmp_path)
    for _ in range(2):  # the repro: the second build deleted a.txt
        r = run("build", DATA, "--store", docs)
        _one_error(r, docs)
        assert "not a cyberkg store" in r.stderr
        assert _tree(tmp_path) == before  # not even a lock file or a docs.d folder
    # the sources themselves as the store
    src = tmp_path / "src"
    shutil.copytree(DATA, src)
    before = _tree(tmp_path)
    r = run("build", src, "--store", src)
    _one_error(r, src)
    assert _tree(tmp_path) == before


def test_foreign_things_beside_a_store_are_refused(tmp_path):
    # a versions folder that is someone else's
    (tmp_path / "s.d").mkdir()
    (tmp_path / "s.d" / "notes.txt").write_text("mine\n")
    before = _tree(tmp_path)
    r = run("build", DATA, "--store", tmp_path / "s")
    _one_error(r, tmp_path / "s.d" / "notes.txt")
    assert _tree(tmp_path) == before
    # a store link pointing somewhere else
    (tmp_path / "elsewhere").mkdir()
    os.symlink("elsewhere", tmp_path / "t")
    before = _tree(tmp_path)
    r = run("build", DATA, "--store", tmp_path / "t")
    _one_error(r, tmp_path / "t")
    assert _tree(tmp_path) == before


def test_an_empty_folder_becomes_the_store_and_ours_are_replaced(tmp_path):
    s = tmp_path / "s"
    s.mkdir()
    assert run("build", DATA, "--store", s).returncode == 0
    assert s.is_symlink()
    first = os.readlink(s)
    assert (s / B.MARKER).is_file()
    assert run("build", DATA, "--store", s).returncode == 0
    assert os.readlink(s) != first
    # a foreign file dropped into the versions folder is never deleted by later builds: refused
    (tmp_path / "s.d" / "keep.me").write_text("x")
    r = run("build", DATA, "--store", s)
    _one_error(r, tmp_path / "s.d" / "keep.me")
    assert (tmp_path / "s.d" / "keep.me").read_text() == "x"


def test_a_store_of_the_previous_format_without_markers_keeps_working(tmp_path):
    """Stores built before the marker existed: the link into store.d/<16 hex>-<pid> holding only
    RocksDB files is the proof; the build adopts them (writes the marker) and replaces them."""
    s = tmp_path / "s"
    assert run("build", DATA, "--store", s).returncode == 0
    old = tmp_path / os.readlink(s)
    (old / B.MARKER).unlink()  # what the previous version left
    killed = tmp_path / "s.d" / "0123456789abcdef-1"  # a killed build's empty folder of that format
    killed.mkdir()
    r = run("build", DATA, "--store", s)
    assert r.returncode == 0, r.stderr
    assert (old / B.MARKER).is_file()  # adopted, kept as the previous version
    assert not killed.exists()  # provably ours: removed
    r = run("query", "countries", "--format", "csv", "--store", s)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 5
    # but the folder the previous format moved aside (a user's data) is never ours
    legacy = tmp_path / "s.d" / "legacy"
    legacy.mkdir()
    (legacy / "a.txt").write_text("user data")
    r = run("build", DATA, "--store", s)
    _one_error(r, legacy)
    assert (legacy / "a.txt").read_text() == "user data"


def test_a_version_whose_deletion_or_copy_was_cut_short_is_still_ours(tmp_path, monkeypatch):
    """A build killed while deleting an old version (the marker goes last, so it is still there)
    or while copying into a new one (oxigraph's bulk loader leaves bulk-<n>.sst and <n>.dbtmp):
    the next build recognises the folder as its own and removes it."""
    s = tmp_path / "s"
    assert run("build", DATA, "--store", s).returncode == 0
    victim = tmp_path / "s.d" / "0123456789abcdef-2"
    shutil.copytree(tmp_path / os.readlink(s), victim)
    unlinked = []

    def killed_after_two(path, *a, **k):
        if len(unlinked) == 2:
            raise KeyboardInterrupt  # as a kill would stop it, mid-way
        unlinked.append(Path(path).name)
        return real_unlink(path, *a, **k)
    real_unlink = os.unlink
    monkeypatch.setattr(os, "unlink", killed_after_two)
    try:
        B.remove_version(victim)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert B.MARKER not in unlinked and (victim / B.MARKER).is_file() and B.is_our_version(victim)
    copy_cut = tmp_path / "s.d" / "0123456789abcdef-3"  # no marker: the previous format's killed copy
    copy_cut.mkdir()
    for name in ("000004.log", "bulk-261455999947292140460007381168192002804.sst", "000000.dbtmp", "LOCK"):
        (copy_cut / name).write_bytes(b"")
    assert B.is_our_version(copy_cut)
    r = run("build", DATA, "--store", s)
    assert r.returncode == 0, r.stderr
    assert not victim.exists() and not copy_cut.exists()
