"""Outputs of `cyberkg export -o` and `cyberkg release`: written through symbolic links, with the
user's umask, atomically for regular files, and never over a file cyberkg cannot prove it made.
Through the real command line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import DATA
from ..test_cli import CLI


def run(*args, umask=0o022, **kw):
    def pre():
        os.umask(umask)
    return subprocess.run(CLI + list(map(str, args)), capture_output=True, preexec_fn=pre,
                          env=dict(os.environ, NO_COLOR="1"), **kw)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = tmp_path_factory.mktemp("out") / "store"
    r = run("build", DATA, "--store", s)
    assert r.returncode == 0, r.stderr
    return s


def _one_error(r, path) -> None:
    err = r.stderr.decode()
    assert r.returncode == 2, err
    assert "Traceback" not in err
    errs = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errs) == 1 and str(path) in errs[0], err


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_export_writes_through_a_symlink_with_the_umask(store, tmp_path):
    target = tmp_path / "real" / "graph.ttl"
    target.parent.mkdir()
    link = tmp_path / "link.ttl"
    os.symlink(target, link)  # dangling: created through the link, as a shell's > would
    r = run("export", "--format", "ttl", "-o", link, "--store", store, umask=0o027)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes().startswith(b"@prefix") and _mode(target) == 0o640
    # a second export replaces the target (ours), still through the link, keeping its mode
    os.chmod(target, 0o604)
    r = run("export", "--format", "nt", "-o", link, "--store", store)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and target.read_bytes().startswith(b"<") and _mode(target) == 0o604
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".graph.ttl.")]  # no temporary left


def test_export_to_dev_stdout_writes_into_the_pipe_and_replaces_nothing(store, tmp_path):
    r = run("export", "--format", "nt", "-o", "/dev/stdout", "--store", store)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"<") and Path("/dev/stdout").is_symlink()


def test_export_never_replaces_a_file_it_did_not_write(store, tmp_path):
    src = tmp_path / "profile.txt"
    src.write_text("a source document\n")
    for fmt in ("ttl", "graphml"):
        r = run("export", "--format", fmt, "-o", src, "--store", store)
        _one_error(r, src)
        assert src.read_text() == "a source document\n"
    # an export edited since it was written is not replaced either
    out = tmp_path / "g.gexf"
    assert run("export", "--format", "gexf", "-o", out, "--store", store).returncode == 0
    assert run("export", "--format", "gexf", "-o", out, "--store", store).returncode == 0  # ours: replaced
    with open(out, "ab") as fh:
        fh.write(b"<!-- my notes -->\n")
    r = run("export", "--format", "gexf", "-o", out, "--store", store)
    _one_error(r, out)
    assert out.read_bytes().endswith(b"<!-- my notes -->\n")
    # csv into a folder holding someone else's nodes.csv
    d = tmp_path / "csvdir"
    d.mkdir()
    (d / "nodes.csv").write_text("mine\n")
    r = run("export", "--format", "csv", "-o", d, "--store", store)
    _one_error(r, d / "nodes.csv")
    assert (d / "nodes.csv").read_text() == "mine\n" and not (d / "edges.csv").exists()


def test_release_files_follow_the_umask_and_a_foreign_version_folder_is_refused(store, tmp_path):
    out = tmp_path / "rel"
    r = run("release", out, "--store", store)
    assert r.returncode == 0, r.stderr
    rel = Path(r.stdout.decode().strip())
    assert _mode(rel) == 0o755 and _mode(rel / "cyberkg.nq") == 0o644 and _mode(rel / "ontology") == 0o755
    # a folder of that name that cyberkg did not write
    for p in sorted(rel.rglob("*"), reverse=True):
        p.rmdir() if p.is_dir() else p.unlink()
    (rel / "notes.txt").write_text("mine\n")
    r = run("release", out, "--store", store)
    _one_error(r, rel)
    assert sorted(p.name for p in rel.iterdir()) == ["notes.txt"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left


def test_release_through_a_symlinked_folder(store, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "rel")
    (real / "0.1.0-000000000000").mkdir()  # a foreign folder beside: never touched
    (real / "0.1.0-000000000000" / "x").write_text("mine")
    for _ in range(2):  # the second replaces the first release whole (ours: its marker)
        r = run("release", tmp_path / "rel", "--store", store, umask=0o077)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / "rel").is_symlink()
        v = Path(r.stdout.decode().strip())
        assert _mode(v / "cyberkg.ttl") == 0o600 and v.resolve().parent == real
    assert sorted(p.name for p in real.iterdir()) == sorted(["0.1.0-000000000000", v.name])
    assert (real / "0.1.0-000000000000" / "x").read_text() == "mine"
