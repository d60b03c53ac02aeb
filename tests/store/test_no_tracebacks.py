"""Odd files, names and state never give a traceback: one `error:` line naming the file (its name
escaped: bytes that are not UTF-8 as \\xNN, control characters as escapes), the right exit code,
and with --keep-going a `skipped:` report and a build of the rest.  Through the real command line."""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberkg.cli import main

from ..conftest import DATA
from ..test_cli import CLI

PROFILE = DATA / "profile-bhutan.txt"
KNOWN_LINE = re.compile(r"^(error|skipped|note|finding): |^validating |^built ")


def run(*args, env=None):
    e = dict(os.environ, NO_COLOR="1")
    e.update(env or {})
    return subprocess.run(CLI + [os.fsencode(a) if isinstance(a, bytes) else str(a) for a in args],
                          capture_output=True, env=e)


def assert_clean(stderr: bytes) -> list[str]:
    text = stderr.decode("utf-8")  # always valid UTF-8: names are escaped
    assert "Traceback" not in text, text
    lines = text.splitlines()
    assert all(KNOWN_LINE.match(ln) for ln in lines), text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text), text
    return lines


def _errors(lines):
    return [ln for ln in lines if ln.startswith("error:")]


def test_file_name_that_is_not_utf8(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    shutil.copy(PROFILE, d / "profile-bhutan.txt")
    shutil.copy(PROFILE, os.fsencode(d) + b"/C\xf4te.txt")
    r = run("build", d, "--store", tmp_path / "s")
    lines = assert_clean(r.stderr)
    assert r.returncode == 1 and len(_errors(lines)) == 1 and "C\\xf4te.txt" in _errors(lines)[0]
    r = run("build", d, "--store", tmp_path / "s", "--keep-going")
    lines = assert_clean(r.stderr)
    assert r.returncode == 0 and any(ln.startswith("skipped:") and "C\\xf4te.txt" in ln for ln in lines)


def test_symlink_loop_in_a_source_folder(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    shutil.copy(PROFILE, d / "profile-bhutan.txt")
    os.symlink("a", d / "b")
    os.symlink("b", d / "a")
    r = run("build", d, "--store", tmp_path / "s")
    lines = assert_clean(r.stderr)
    assert r.returncode == 1 and len(_errors(lines)) == 2  # one line per file
    assert all("symbolic links" in e for e in _errors(lines))
    r = run("build", d, "--store", tmp_path / "s", "--keep-going")
    lines = assert_clean(r.stderr)
    assert r.returncode == 0 and sum(ln.startswith("skipped:") for ln in lines) == 2


def test_population_of_hundreds_of_digits_is_a_finding_not_an_overflow(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    text = PROFILE.read_text(encoding="utf-8")
    huge = " ".join(["999"] * 110)  # 330 digits in groups of three: float() overflowed
    (d / "profile-bhutan.txt").write_text(text.replace("Total Population: 750 000", f"Total Population: {huge}"))
    r = run("build", d, "--store", tmp_path / "s")
    lines = assert_clean(r.stderr)
    assert r.returncode == 0
    assert any("malformed-number" in ln and "999 999" in ln for ln in lines), lines


def test_publish_state_of_the_wrong_shape(tmp_path):
    store = tmp_path / "s"
    assert run("build", DATA, "--store", store).returncode == 0
    for content in ("[]", '{"http://x": {"g": 1}}', "not json"):
        state = tmp_path / "state.json"
        state.write_text(content)
        r = run("publish", "--graph-store", "http://127.0.0.1:9/store", "--state", state, "--store", store)
        lines = assert_clean(r.stderr)
        assert r.returncode == 2 and len(_errors(lines)) == 1 and str(state) in _errors(lines)[0], lines
        assert state.read_text() == content  # untouched


# --- a property: folders of odd file-system objects and names ----------------------------------

NAMES = [b"plain.txt", b"C\xf4te.txt", b"new\nline.txt", b"esc\x1b[31mred.txt", b"-dash.txt", b"sp ace.txt",
         "rtl\u202etxt.exe".encode(), b"\xff\xfe.txt", b"x" * 200 + b".txt", b"[bold]markup[-]x.txt", b"tab\t.txt"]
KINDS = ["profile", "empty", "loop", "self-loop", "dangling", "fifo", "socket", "dir.txt", "up-link", "devnull",
         "unreadable", "binary"]


def make(d: bytes, kind: str, name: bytes) -> bool:
    """Create one object; True when it is a readable document."""
    p = d + b"/" + name
    if kind == "profile":
        shutil.copyfile(PROFILE, p)
        try:  # a name that is not UTF-8 or holds control characters is refused (it would be in the graph)
            return not re.search("[\x00-\x1f\x7f-\x9f\u202e]", name.decode("utf-8"))
        except UnicodeDecodeError:
            return False
    if kind == "empty":
        open(p, "wb").close()
    elif kind == "loop":
        os.symlink(name + b".2", p)
        os.symlink(name, p + b".2")
    elif kind == "self-loop":
        os.symlink(name, p)
    elif kind == "dangling":
        os.symlink(b"/nonexistent/" + name, p)
    elif kind == "fifo":
        os.mkfifo(p)
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        try:
            s.bind(p)
        except OSError:  # path too long for a socket address
            os.mkfifo(p)
        s.close()
    elif kind == "dir.txt":
        os.mkdir(p)
        shutil.copyfile(PROFILE, p + b"/inner.txt")
        return True
    elif kind == "up-link":
        os.symlink(b"..", p)
    elif kind == "devnull":
        os.symlink(b"/dev/null", p)
    elif kind == "unreadable":
        shutil.copyfile(PROFILE, p)
        os.chmod(p, 0)
        return os.geteuid() == 0
    elif kind == "binary":
        with open(p, "wb") as fh:
            fh.write(bytes(range(1, 256)) * 4)
    return False


@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(NAMES)), min_size=1, max_size=5,
                unique_by=lambda t: t[1]))
def test_odd_file_system_objects_and_names_never_give_a_traceback(tmp_path_factory, objects):
    tmp = tmp_path_factory.mktemp("odd")
    d = os.fsencode(tmp / "src")
    os.mkdir(d)
    good = False
    for kind, name in objects:
        if kind == "loop" and name + b".2" in {n for _, n in objects}:
            kind = "dangling"
        good |= make(d, kind, name)
    try:
        for keep_going in (False, True):
            args = ["build", os.fsdecode(d), "--store", str(tmp / "store")] + (["--keep-going"] if keep_going else [])
            r = CliRunner().invoke(main, args)
            assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
            text = r.output
            assert "Traceback" not in text
            lines = text.splitlines()
            assert all(KNOWN_LINE.match(ln) for ln in lines), text
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", text), text
            assert r.exit_code in (0, 1, 2)
            if r.exit_code != 0:
                assert _errors(lines), text
            if keep_going and good:
                # every readable document was enough: the rest is skipped and reported
                assert r.exit_code == 0 or "SHACL" in text, text
    finally:
        for root, dirs, files in os.walk(d):
            for n in dirs + files:
                p = os.path.join(root, n)
                if not os.path.islink(p):
                    os.chmod(p, 0o755)
