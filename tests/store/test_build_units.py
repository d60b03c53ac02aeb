"""Small parts of store/build.py found untested by bench/mutation.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberkg.sources.text import SourceError
from cyberkg.store import build as B


@pytest.mark.parametrize("exc", [ValueError("v"), IndexError("i"), KeyError("k"), AttributeError("a"), TypeError("t")])
def test_a_parser_bug_is_one_error_naming_the_file(monkeypatch, exc):
    def parse(path):
        if path.name == "bad.txt":
            raise exc
        return path.name
    monkeypatch.setattr(B, "parse_document", parse)
    seen = []
    docs, errors = B.parse_all([Path("/x/good.txt"), Path("/x/bad.txt")], progress=seen.append)
    assert docs == ["good.txt"] and seen == [Path("/x/good.txt"), Path("/x/bad.txt")]
    assert errors == [f"/x/bad.txt: internal parser error ({type(exc).__name__}: {exc}); please report with this file"]


def test_a_source_error_is_reported_as_is(monkeypatch):
    def parse(path):
        raise SourceError(path, "empty document")
    monkeypatch.setattr(B, "parse_document", parse)
    assert B.parse_all([Path("/x/e.txt")]) == ([], ["/x/e.txt: empty document"])


def test_io_error_names_the_path_and_the_reason():
    e = B._io_error(OSError(28, "No space left on device", "/s/store.d/v1"), Path("/s"))
    assert str(e) == "/s/store.d/v1: cannot write the store: No space left on device; the previous store is kept"
    assert e.exit_code == 2
    e = B._io_error(OSError("odd failure"), Path("/s"))
    assert str(e) == "/s: cannot write the store: odd failure; the previous store is kept"


def test_an_unrecognised_document_is_an_error_at_its_first_line(tmp_path):
    """Neither a profile, a policy nor a strategy: the error points at line 1, where the kind is stated."""
    f = tmp_path / "notes.txt"
    f.write_text("Hello world\nthis is not a profile\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a recognised document") as e:
        B.parse_document(f)
    assert e.value.line == 1 and "notes.txt:1:" in str(e.value)


def test_a_build_refused_by_validation_leaves_no_version_folder_behind(tmp_path, monkeypatch):
    """Not only a disk error: any failure after the version folder was made removes it (the
    previous store, here none, is kept)."""
    from ..conftest import DATA

    monkeypatch.setattr(B, "validate_store", lambda data: (False, []))
    store = tmp_path / "store"
    with pytest.raises(B.BuildError, match="SHACL validation failed"):
        B.build([DATA / "profile-belize.txt"], store)
    assert [p.name for p in B.versions_dir(store).iterdir()] == []
    assert not store.exists()


def test_a_missing_store_and_a_foreign_folder_are_usage_errors_exit_2(tmp_path):
    with pytest.raises(B.BuildError, match="no store here; run `cyberkg build` first") as e:
        B.open_store(tmp_path / "nothing")
    assert e.value.exit_code == 2
    e = B._refuse(tmp_path / "mine", "not a store")
    assert e.exit_code == 2 and "nothing was touched" in str(e)


def test_a_parser_bug_message_keeps_the_first_300_characters_of_the_exception(monkeypatch):
    def parse(path):
        raise ValueError("x" * 299 + "yz")
    monkeypatch.setattr(B, "parse_document", parse)
    _, [error] = B.parse_all([Path("/x/bad.txt")])
    assert "(ValueError: " + "x" * 299 + "y); please report" in error


def test_a_symlink_loop_is_still_discovered_for_the_reader_to_report(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    files, skipped = B.discover([loop])
    assert files == [loop] and skipped == []
    with pytest.raises(SourceError):
        B.parse_document(loop)


@pytest.mark.parametrize("marker,fmt", [(None, None), (b'{"cyberkg": "store", "format": 1}', 1), (b"{not json", None),
                                        (b'{"cyberkg": "other", "format": 1}', None), (b"\xff\xfe", None)])
def test_a_version_folder_is_ours_only_with_a_readable_marker(tmp_path, marker, fmt):
    """A missing marker (OSError), one that is not JSON or not UTF-8 (ValueError) or another tool's:
    no format, never an exception."""
    if marker is not None:
        (tmp_path / B.MARKER).write_bytes(marker)
    assert B._marker_format(tmp_path) == fmt


def test_a_long_validation_report_is_cut_at_the_limit_with_the_count_of_the_rest():
    class V:
        severity = "Violation"

        def __init__(self, n):
            self.n = n

        def line(self):
            return f"violation {self.n}"

    lines = B.readable_report([V(n) for n in range(52)], limit=50)
    assert lines == [f"violation {n}" for n in range(50)] + ["... and 2 more"]
    assert B.readable_report([V(n) for n in range(50)], limit=50) == [f"violation {n}" for n in range(50)]


def test_a_second_build_while_one_holds_the_lock_is_refused_with_exit_2(tmp_path):
    store = tmp_path / "store"
    with B.StoreLock(store):
        with pytest.raises(B.BuildError, match="store is locked") as e:
            B.StoreLock(store).__enter__()
    assert e.value.exit_code == 2


def test_a_store_is_rebuilt_in_place_twice(tmp_path, monkeypatch):
    from ..conftest import DATA

    monkeypatch.setattr(B, "validate_store", lambda data: (True, []))  # the gate is tested elsewhere; this is the swap
    store = tmp_path / "store"
    B.build([DATA / "profile-belize.txt"], store)
    first = store.resolve()
    B.build([DATA / "profile-belize.txt", DATA / "profile-bhutan.txt"], store)
    assert store.resolve() != first and store.resolve().parent == first.parent


def _version(vdir: Path, name: str, marked: bool = True) -> Path:
    v = vdir / name
    v.mkdir(parents=True)
    (v / "CURRENT").write_text("MANIFEST-000005\n")
    if marked:
        B._write_marker(v, "earlier")
    return v


@pytest.mark.parametrize("target,ours", [
    ("s.d/0123456789abcdef-1", True),            # a marked version in the store's versions folder
    ("s.d/0123456789abcdef-2", False),           # a folder there without a marker, not of the old layout either
    ("t.d/0123456789abcdef-1", False),           # a marked version of another store
    ("s.d/0123456789abcdef-1/sub", False),       # inside a version
    ("0123456789abcdef-1", False),               # a marked version beside the link, not in s.d/
    ("s.d", False),                              # the versions folder itself, even with a marker
])
def test_a_store_link_is_ours_only_into_a_version_of_its_own_versions_folder(tmp_path, target, ours):
    _version(tmp_path / "s.d", "0123456789abcdef-1")
    _version(tmp_path / "t.d", "0123456789abcdef-1")
    _version(tmp_path, "0123456789abcdef-1")
    _version(tmp_path / "s.d" / "0123456789abcdef-1", "sub")
    if target == "s.d":
        B._write_marker(tmp_path / "s.d")
    if target == "s.d/0123456789abcdef-2":
        (tmp_path / target).mkdir()
        (tmp_path / target / "notes.txt").write_text("user data")
    (tmp_path / "s").symlink_to(target)
    if ours:
        B.check_store_ownership(tmp_path / "s")
    else:
        with pytest.raises(B.BuildError, match="a symbolic link to .*, not to a cyberkg store version in s.d/") as e:
            B.check_store_ownership(tmp_path / "s")
        assert e.value.exit_code == 2


def test_only_unmarked_version_folders_of_the_previous_layout_are_adopted(tmp_path):
    vdir = tmp_path / "s.d"
    legacy = _version(vdir, "0123456789abcdef-1", marked=False)   # RocksDB files only: ours, adopted
    marked = _version(vdir, "0123456789abcdef-2")                  # already marked: left as it is
    foreign = vdir / "0123456789abcdef-3"                          # a user's data: never ours
    foreign.mkdir()
    (foreign / "a.txt").write_text("user data")
    before = (marked / B.MARKER).read_text()
    B._adopt_legacy_versions(tmp_path / "s")
    assert B._marker_format(legacy) == B.STORE_FORMAT
    assert (marked / B.MARKER).read_text() == before
    assert sorted(p.name for p in foreign.iterdir()) == ["a.txt"]


def test_the_copy_to_disk_holds_exactly_the_quads_of_the_validated_store(tmp_path):
    """_write_version copies through an N-Quads text: every kind of term the build makes comes back
    the same (escapes, line and paragraph separators, astral characters, language tags, typed and
    ill-typed literals, percent-encoded and non-ASCII IRIs), in the default and a named graph."""
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

    xsd = "http://www.w3.org/2001/XMLSchema#"
    s, p = NamedNode("https://w3id.org/cyberkg/id/x"), NamedNode("https://w3id.org/cyberkg/ontology#p")
    objects = [Literal('quote " backslash \\ newline \n tab \t return \r'),
               Literal("line\u2028paragraph\u2029 \U0001F600 \x7f \x01 end"), Literal("Ministère", language="fr"),
               Literal("Влада", language="sr-Cyrl"), Literal("2019-5", datatype=NamedNode(xsd + "gYearMonth")),
               Literal("01", datatype=NamedNode(xsd + "integer")), Literal("1.0E0", datatype=NamedNode(xsd + "double")),
               Literal("x", datatype=NamedNode("https://example.org/dt")),
               NamedNode("https://example.org/a%20b?q=é#f")]
    data = Store()
    data.extend([Quad(s, p, o, NamedNode("https://w3id.org/cyberkg/id/doc/d")) for o in objects]
                + [Quad(s, p, Literal("in the default graph"), DefaultGraph())])
    B._write_version(data, tmp_path / "v")
    assert set(Store.read_only(str(tmp_path / "v"))) == set(data)
