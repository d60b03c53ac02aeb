"""Bad files, bad paths and faults of `cyberkg build`, through the command line as users run it.

Each case: one clear error naming the file (or path), a non-zero exit, no traceback, and the
previous store untouched and servable.  Faults: a build killed with SIGKILL at random (seeded)
moments, readers during builds, two builds at once, a full and a read-only disk.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cyberkg.store import build as B

from ..conftest import CORPUS, DATA, corpus_files
from ..test_cli import run


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_one_clear_error(r, name: str, expect: str, code: int = 1) -> None:
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr
    errs = _errors(r.stderr)
    assert len(errs) == 1 and name in errs[0] and expect in errs[0], r.stderr


def fingerprint(store: Path) -> tuple[int, str]:
    """Number of quads and a digest of the sorted N-Quads dump of the version the store path names."""
    from pyoxigraph import RdfFormat

    st = B.open_store(store)
    lines = sorted(st.dump(format=RdfFormat.N_QUADS).splitlines())
    return len(lines), hashlib.sha256(b"\n".join(lines)).hexdigest()


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A store built from data/ and its fingerprint; tests copy it."""
    d = tmp_path_factory.mktemp("good")
    r = run("build", DATA, "--store", d / "store")
    assert r.returncode == 0, r.stderr
    return d / "store", fingerprint(d / "store")


def copy_store(good, dest: Path) -> Path:
    src, _ = good
    shutil.copytree(src.parent / "store.d", dest / "store.d")
    os.symlink(os.readlink(src), dest / "store")
    return dest / "store"


def assert_previous_store_servable(store: Path, fp) -> None:
    assert fingerprint(store) == fp
    conforms, _ = B.validate_store(B.open_store(store))
    assert conforms
    r = run("query", "countries", "--format", "csv", "--store", store)
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 5


# ------------------------------------------------------------------ bad files

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe"
                    "a7d6a4c30000000049454e44ae426082")


def _big(p: Path) -> None:
    with open(p, "wb") as f:  # 100 MB, sparse: cheap to make, refused before it is read
        f.truncate(100 << 20)
        f.seek(0)
        f.write(b"CYBERWELLNESS PROFILE BHUTAN\n")


@pytest.mark.parametrize("name,make,expect", [
    ("empty.txt", lambda p: p.write_bytes(b""), "empty document"),
    ("blank.txt", lambda p: p.write_bytes(b" \n\r\n\t\n"), "empty document"),
    ("huge.txt", _big, "file too large"),
    ("image.png", lambda p: p.write_bytes(PNG), "NUL bytes"),
    ("README.md", lambda p: shutil.copy(B.ROOT / "README.md", p), "not an ITU Cyberwellness Profile"),
    ("utf16-no-bom.txt", lambda p: p.write_bytes((DATA / "profile-bhutan.txt").read_text().encode("utf-16-le")), "NUL bytes"),
])
def test_bad_file_is_one_error_naming_it_and_the_previous_store_is_kept(good, tmp_path, name, make, expect):
    store = copy_store(good, tmp_path)
    bad = tmp_path / name
    make(bad)
    t0 = time.monotonic()
    r = run("build", DATA, bad, "--store", store)
    assert time.monotonic() - t0 < 30  # the 100 MB file is refused, not read
    assert_one_clear_error(r, str(bad), expect)
    assert_previous_store_servable(store, good[1])


def test_two_profiles_of_one_country_both_kept_without_contradiction(tmp_path):
    """A second edition of Bhutan's profile whose 1.2.1 says it has a CIRT: both documents are in
    the store, each with its own statement; the shared country node stays single-valued."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DATA / "profile-bhutan.txt", src)
    text = (DATA / "profile-bhutan.txt").read_text(encoding="utf-8")
    edited = text.replace("Bhutan does not have an officially recognized national CIRT. However there are plans to "
                          "build one in the near future.", "Bhutan has an officially recognized national CIRT.")
    assert edited != text
    (src / "profile-bhutan-2015.txt").write_text(edited, encoding="utf-8")
    r = run("build", src, "--store", tmp_path / "store")
    assert r.returncode == 0, r.stderr
    st = B.open_store(tmp_path / "store")
    assert B.validate_store(st)[0]
    btn = "<https://w3id.org/cyberkg/id/country/BTN>"
    for prop in ("iso3166Alpha3", "iso3166Alpha2", "http://www.w3.org/2000/01/rdf-schema#label"):
        iri = prop if ":" in prop else "https://w3id.org/cyberkg/ontology#" + prop
        vals = {s["v"].value for s in st.query(f"SELECT DISTINCT ?v WHERE {{ {btn} <{iri}> ?v }}",
                                                use_default_graph_as_union=True)}
        assert len(vals) == 1, (prop, vals)
    out = run("query", "country-profile", "--param", "iso3=BTN", "--format", "csv", "--store", tmp_path / "store").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["document"] for r in rows} == {"profile-bhutan.txt", "profile-bhutan-2015.txt"}
    status = {r["document"]: r["value"] for r in rows if r["section"] == "1.2.1" and r["fact"] == "status"}
    # profile-bhutan.txt: "does not have ... However there are plans to build one" -> partial
    assert status == {"profile-bhutan.txt": "partial", "profile-bhutan-2015.txt": "yes"}


# ------------------------------------------------------------------ bad paths

def test_unreadable_file_permission_denied(good, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: file permissions are not enforced, so chmod 000 cannot make a file unreadable "
                    "(the FIFO and dangling-link cases below prove the same error path)")
    store = copy_store(good, tmp_path)
    bad = tmp_path / "locked.txt"
    shutil.copy(DATA / "profile-bhutan.txt", bad)
    bad.chmod(0)
    assert_one_clear_error(run("build", DATA, bad, "--store", store), str(bad), "Permission denied")
    assert_previous_store_servable(store, good[1])


@pytest.mark.parametrize("kind", ["fifo", "dangling-link"])
def test_unreadable_file_fifo_or_dangling_link(good, tmp_path, kind):
    """A FIFO would block a naive read forever; a dangling link has no bytes: both are named, in a
    folder as well as given directly."""
    store = copy_store(good, tmp_path)
    src = tmp_path / "in"
    shutil.copytree(DATA, src)
    bad = src / "profile-x.txt"
    if kind == "fifo":
        os.mkfifo(bad)
    else:
        os.symlink(tmp_path / "nowhere.txt", bad)
    for target in (src, bad):
        r = subprocess.run(["timeout", "60", sys.executable, "-m", "cyberkg.cli", "build", str(target), "--store", str(store)],
                           capture_output=True, text=True)
        assert_one_clear_error(r, str(bad), "cannot read file")
    assert_previous_store_servable(store, good[1])


def test_store_whose_parent_is_a_file(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    r = run("build", DATA, "--store", f / "store")
    assert_one_clear_error(r, str(f), "cannot write the store", code=2)


def _mount_tmpfs(where: Path, opts: str) -> bool:
    where.mkdir(exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True).returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_read_only_store_directory(good, tmp_path):
    """Root ignores permission bits, so as root the store lives on a tmpfs remounted read-only
    (EROFS); otherwise its folder is made read-only (chmod 555)."""
    mnt = tmp_path / "mnt"
    mounted = _mount_tmpfs(mnt, "size=64m")
    if not mounted and os.geteuid() == 0:
        pytest.skip("running as root without permission to mount a tmpfs: cannot make a read-only folder")
    try:
        store = copy_store(good, mnt)
        if mounted:
            assert subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True).returncode == 0
        else:
            mnt.chmod(0o555)
        r = run("build", DATA, "--store", store)
        assert_one_clear_error(r, str(mnt), "cannot write the store", code=2)
        assert "Read-only file system" in r.stderr or "Permission denied" in r.stderr
        assert_previous_store_servable(store, good[1])
    finally:
        mnt.chmod(0o755) if not mounted else _umount(mnt)


def test_full_disk_tmpfs(good, tmp_path):
    """A real ENOSPC: the store on a small tmpfs that a filler file has filled."""
    mnt = tmp_path / "mnt"
    if not _mount_tmpfs(mnt, "size=16m"):
        pytest.skip("needs root and permission to mount a tmpfs (test_full_disk_file_size_limit covers every user)")
    try:
        store = copy_store(good, mnt)
        # unbuffered: a buffered file would raise ENOSPC again when it is closed
        with open(mnt / "filler", "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * (1 << 16))
            except OSError:
                pass
        r = run("build", DATA, "--store", store)
        assert_one_clear_error(r, str(mnt), "cannot write the store", code=2)
        assert "No space left on device" in r.stderr or "space" in r.stderr.lower()
        (mnt / "filler").unlink()
        assert_previous_store_servable(store, good[1])
        assert len(list((mnt / "store.d").iterdir())) == 1  # the partial version was removed
    finally:
        _umount(mnt)


def test_full_disk_file_size_limit(good, tmp_path):
    """Writes that fail at the OS for any user: RLIMIT_FSIZE makes the kernel refuse to grow a
    file past 20 kB (EFBIG, as a full disk refuses with ENOSPC; Python ignores SIGXFSZ)."""
    store = copy_store(good, tmp_path)

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    r = subprocess.run([sys.executable, "-m", "cyberkg.cli", "build", str(DATA), "--store", str(store)],
                       capture_output=True, text=True, preexec_fn=limit, env=dict(os.environ, NO_COLOR="1"))
    assert_one_clear_error(r, str(store) + ".d", "cannot write the store", code=2)
    assert "File too large" in r.stderr
    assert_previous_store_servable(store, good[1])
    assert len(list((tmp_path / "store.d").iterdir())) == 1  # the partial version was removed


# ------------------------------------------------------------------ faults

def _sources(tmp_path: Path) -> list[Path]:
    """The corpus (and data/) when present, else data/'s profiles copied 40 times: enough work
    for a kill to land in every stage."""
    if corpus_files():
        return [CORPUS, DATA]
    src = tmp_path / "many"
    src.mkdir()
    for i in range(40):
        for f in DATA.glob("profile-*.txt"):
            shutil.copy(f, src / f"{f.stem}-{i}.txt")
    return [src]


def _build_proc(sources, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cyberkg.cli", "build", *map(str, sources), "--store", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, NO_COLOR="1"))


def test_sigkill_at_random_moments_leaves_the_previous_store_intact_and_servable(good, tmp_path):
    """Builds killed with SIGKILL at seeded random moments over the whole build; after each, the
    store is the previous version (or, when the kill came after the swap, the complete new one),
    and a server started before the kills answers from a complete version throughout (the old one,
    or the new one once a build got past its swap).  The next
    build is not blocked by what the killed ones left, and cleans it up."""
    from ..web.test_serve import Server

    sources = _sources(tmp_path)
    ref = tmp_path / "ref"
    for _ in range(2):  # the second time is warm, as the killed builds will be
        t0 = time.monotonic()
        done = _build_proc(sources, ref / "store")
        _, err = done.communicate(timeout=300)
        duration = time.monotonic() - t0
        assert done.returncode == 0, err
    new_fp = fingerprint(ref / "store")

    store = copy_store(good, tmp_path / "s")
    srv = Server(store, tmp_path / "serve.log", "--cache-mb", "0", "--workers", "2")
    old_count = good[1][0]
    answers: list[int | str] = []
    stop = threading.Event()

    def poll():
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        while not stop.is_set():
            s, _, b = srv.query(q, accept="text/csv", timeout=20)
            answers.append(int(b.split()[1]) if s == 200 else f"HTTP {s}")
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    rng = random.Random(20240611)
    killed_mid_build = 0
    outcomes = []
    previous = good[1]  # the version a kill must leave (the new one once a build got to complete)
    try:
        for _ in range(5):
            p = _build_proc(sources, store)
            # Within the warm build's duration measured above; a loaded machine only makes the
            # build longer, so the moment lands earlier in it, never after it.
            time.sleep(rng.uniform(0.1, duration * 0.9))
            p.kill()
            _, err = p.communicate(timeout=60)
            fp = fingerprint(store)
            outcomes.append((p.returncode, fp == previous, err[-300:]))
            assert fp in (good[1], new_fp), fp
            conforms, _ = B.validate_store(B.open_store(store))
            assert conforms
            if p.returncode == -9 and fp == previous:
                killed_mid_build += 1
                if previous == good[1]:
                    assert_previous_store_servable(store, previous)
            else:  # killed after the swap, or finished first: the complete new version
                assert fp == new_fp, outcomes
            previous = fp
    finally:
        stop.set()
        poller.join(30)
        srv.stop()
    assert killed_mid_build >= 2, outcomes  # the seeded moments do land inside builds
    # The server answered from a complete version throughout: the old one, or, once a kill came
    # after the swap (a successful build), the new one it follows (issue 15, item 3), never back.
    new_count = len(B.open_store(ref / "store"))
    assert answers and set(answers) <= {old_count, new_count}, set(answers)
    if new_count in answers:
        assert set(answers[answers.index(new_count):]) == {new_count}, "back to the old version"
        assert any(not still_old for _, still_old, _ in outcomes)  # a build did swap in the new one
    # What the killed builds left (partial version folders, temporary links) neither blocks nor
    # survives the next build.
    replaced = os.readlink(store).split("/")[-1]
    r = subprocess.run([sys.executable, "-m", "cyberkg.cli", "build", *map(str, sources), "--store", str(store)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert fingerprint(store) == new_fp
    left = {p.name for p in (store.parent / "store.d").iterdir()}
    assert left == {os.readlink(store).split("/")[-1], replaced}  # the new and the previous one
    assert not list(store.parent.glob("store.tmp-*"))


def test_reader_during_a_build_sees_the_old_or_the_new_store_never_a_partial_one(good, tmp_path):
    """A reader opening the store path again and again (as `cyberkg query` does) while builds
    replace it: every open succeeds and has exactly the quads of a complete version."""
    sources = _sources(tmp_path)
    ref = tmp_path / "ref"
    assert _build_proc(sources, ref / "store").wait(300) == 0
    new_n = fingerprint(ref / "store")[0]
    store = copy_store(good, tmp_path / "s")
    seen: list = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                st = B.open_store(store)
                seen.append(sum(1 for _ in st.quads_for_pattern(None, None, None, None)))
                del st
            except Exception as exc:  # noqa: BLE001 - any failure is a finding of this test
                seen.append(f"{type(exc).__name__}: {exc}")

    t = threading.Thread(target=reader)
    t.start()
    try:
        for src in (sources, [DATA]):
            assert _build_proc(src, store).wait(300) == 0
    finally:
        stop.set()
        t.join(60)
    assert len(seen) > 10
    assert set(seen) <= {good[1][0], new_n}, {x for x in seen if isinstance(x, str)}
    assert new_n in seen


def test_two_builds_at_once_one_wins_one_refuses_clearly(good, tmp_path):
    sources = _sources(tmp_path)
    store = copy_store(good, tmp_path)
    procs = [_build_proc(sources, store) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 2], [o[1] for o in outs]
    loser = outs[[p.returncode for p in procs].index(2)][1]
    assert "Traceback" not in loser
    assert len(_errors(loser)) == 1 and "store is locked" in loser and str(store) in loser
    conforms, _ = B.validate_store(B.open_store(store))
    assert conforms and fingerprint(store)[0] > good[1][0]
