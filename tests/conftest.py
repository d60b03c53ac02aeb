"""Shared fixtures.  The third-party corpus is read from ../shared/corpus when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CORPUS = Path(os.environ.get("CYBERKG_CORPUS", ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles"))
EXPECTED = ROOT / "tests" / "expected"

SEED_PROFILES = sorted(DATA.glob("profile-*.txt"))


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_file())


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"third-party corpus not found at {CORPUS} (set CYBERKG_CORPUS); it is not shipped with the project",
)


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory):
    """The bundled data/ built once into a temporary store (the real CLI code path)."""
    from cyberkg import build as B

    store = tmp_path_factory.mktemp("store") / "store"
    report = B.build([DATA], store)
    assert report.conforms
    return B.open_store(store)
