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
    from cyberkg.store import build as B

    store = tmp_path_factory.mktemp("store") / "store"
    report = B.build([DATA], store)
    assert report.conforms
    return B.open_store(store)


CHROMIUM = Path(os.environ.get("CYBERKG_CHROMIUM", "/usr/bin/chromium"))
# As the machine's own probe runs it: headless, and no background traffic to outside services.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium driven by Playwright (never a downloaded browser); skips when absent.
    Module scope: Playwright's sync API keeps an event loop running in the thread while it is open,
    so a session-wide browser made every later `asyncio.run` in the same worker fail
    ("cannot be called from a running event loop": test_serve_executor, test_serve_protocol)."""
    if not CHROMIUM.is_file():
        if os.environ.get("CYBERKG_REQUIRE_BROWSER"):
            pytest.fail(f"CYBERKG_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def needs_node_modules(*paths: Path):
    missing = [str(p) for p in paths if not p.is_file()]
    if missing and os.environ.get("CYBERKG_REQUIRE_BROWSER"):
        raise RuntimeError(f"CYBERKG_REQUIRE_BROWSER is set but front-end packages are missing: {missing}; run `npm ci`")
    return pytest.mark.skipif(bool(missing), reason=f"front-end packages not installed ({', '.join(missing)}): run `npm ci`")
