"""The store swap and open_store at their race windows, reached deterministically.

`build.race_hook` is called at the windows ("swap:linked", "swap:moved", "open:resolved"), so a test
acts exactly there (moves the link, removes a version) instead of hoping a concurrent reader lands
in the gap.  The swap itself is also watched at every bytecode instruction of `swap_in` (a trace
function): at no instruction may the store path be missing or point at anything but the old or the
new version, which is what "atomic" means to a reader.  The end-to-end version with real processes
and SIGKILL is in test_build_faults.py.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from cyberkg.store import build as B

from ..conftest import DATA

MARK = NamedNode("urn:cyberkg-test:version")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One small real store (the smallest bundled profile), built once."""
    link = tmp_path_factory.mktemp("template") / "store"
    assert B.build([min(DATA.glob("profile-*.txt"), key=lambda p: p.stat().st_size)], link).conforms
    return link.resolve()


def version(link: Path, name: str, template: Path) -> Path:
    """A complete store version named `name` in link's versions folder, marked with its name."""
    d = B.versions_dir(link) / name
    d.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(template, d)
    s = Store(str(d))
    s.add(Quad(MARK, MARK, Literal(name)))
    s.flush()
    del s
    return d


def which(store) -> str:
    return next(iter(store.quads_for_pattern(MARK, MARK, None))).object.value


@pytest.fixture
def store(tmp_path, template):
    """A store path `link` pointing at version "a"; returns (link, a)."""
    link = tmp_path / "store"
    a = version(link, "a", template)
    os.symlink(os.path.relpath(a, link.parent), link)
    return link, a


@pytest.fixture
def hook(monkeypatch):
    calls: list[tuple[str, Path]] = []
    actions: dict[str, callable] = {}

    def race_hook(point, path):
        calls.append((point, path))
        if point in actions:
            actions.pop(point)(path)
    monkeypatch.setattr(B, "race_hook", race_hook)
    return calls, actions


def test_swap_is_atomic_at_every_instruction_and_keeps_the_replaced_version(store, template, hook):
    link, a = store
    b = version(link, "b", template)
    stale = version(link, "killed-build", template)
    calls, actions = hook
    seen_at_hook = {}
    actions["swap:linked"] = lambda p: seen_at_hook.setdefault("linked", which(Store.read_only(str(p))))
    actions["swap:moved"] = lambda p: seen_at_hook.setdefault("moved", (which(Store.read_only(str(p))),
                                                                        which(Store.read_only(str(a)))))
    states, bad = [], []

    def check(frame, event, arg):
        target = os.path.realpath(link) if os.path.lexists(link) else None
        if target not in (str(a), str(b)) or not os.path.isdir(target):
            bad.append((event, frame.f_lineno, target))
        elif not states or states[-1] != target:
            states.append(target)
        return check

    def tracer(frame, event, arg):
        if frame.f_code is B.swap_in.__code__:
            frame.f_trace_opcodes = True
            return check
        return None

    sys.settrace(tracer)
    try:
        B.swap_in(link, b)
    finally:
        sys.settrace(None)
    assert bad == [], f"the store path was missing or partial inside swap_in: {bad[:5]}"
    assert states == [str(a), str(b)]  # watched before and after the move: the check is not vacuous
    assert [c[0] for c in calls] == ["swap:linked", "swap:moved"]
    assert seen_at_hook == {"linked": "a", "moved": ("b", "a")}  # old readable until moved, and after
    assert which(B.open_store(link)) == "b"
    assert a.is_dir() and not stale.exists()  # the replaced version is kept, anything else removed
    assert not list(link.parent.glob("store.tmp-*"))


def test_next_swap_removes_the_version_kept_by_the_previous_one(store, template):
    link, a = store
    B.swap_in(link, version(link, "b", template))
    B.swap_in(link, version(link, "c", template))  # a version made before a swap is a killed build's
    assert sorted(p.name for p in B.versions_dir(link).iterdir()) == ["b", "c"]
    assert which(B.open_store(link)) == "c"


def test_reader_that_resolved_just_before_a_swap_reads_the_whole_old_version(store, template, hook):
    link, a = store
    b = version(link, "b", template)
    _, actions = hook
    actions["open:resolved"] = lambda p: B.swap_in(link, b)
    s = B.open_store(link)
    assert which(s) == "a"
    assert len(s) == len(Store.read_only(str(b))) == len(Store.read_only(str(template))) + 1
    assert which(B.open_store(link)) == "b"


def test_open_store_retries_when_its_version_goes_while_it_opens(store, template, hook):
    """Two builds between resolving the link and opening the version: the version is gone, the link
    has moved, and open_store opens the current version instead of failing."""
    link, a = store
    calls, actions = hook
    actions["open:resolved"] = lambda p: (B.swap_in(link, version(link, "b", template)),
                                          B.swap_in(link, version(link, "c", template)))
    s = B.open_store(link)
    assert not a.exists()
    assert which(s) == "c"
    assert [c[0] for c in calls].count("open:resolved") == 2  # it resolved again


def test_open_store_whose_version_vanished_without_a_move_is_one_error(store, hook):
    link, a = store
    _, actions = hook
    actions["open:resolved"] = lambda p: shutil.rmtree(a)
    with pytest.raises(B.BuildError, match="cannot open store") as e:
        B.open_store(link)
    assert e.value.exit_code == 2


def test_build_swaps_through_swap_in(tmp_path, hook):
    calls, _ = hook
    link = tmp_path / "store"
    B.build([min(DATA.glob("profile-*.txt"), key=lambda p: p.stat().st_size)], link)
    assert [c[0] for c in calls] == ["swap:linked", "swap:moved"]
    assert link.is_symlink() and B.open_store(link) is not None
