"""The layer contract of etl/cyberkg (pyproject.toml [tool.importlinter], etl/cyberkg/__init__.py):
sources -> graph -> store -> outputs -> web -> cli, each importing only the layers below it
(function-level imports included), and no RDF library in sources/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def _lint(pythonpath: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    if not LINT.exists():
        pytest.fail(f"{LINT} not found: import-linter is in the test extra")
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    # --no-cache: grimp's cache would otherwise be written into the work tree.
    return subprocess.run([str(LINT), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def test_the_package_keeps_its_layers(tmp_path):
    r = _lint(ROOT / "etl", tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "2 kept, 0 broken" in r.stdout


@pytest.mark.parametrize("module, planted", [
    ("sources/text.py", "from ..graph import vocab"),         # a reader that makes RDF terms
    ("graph/vocab.py", "from ..store import queries"),         # the mapping reaching into the store
    ("store/queries.py", "from ..web import pages"),           # the store rendering HTML
    ("outputs/export.py", "from ..web import protocol"),       # an export depending on the server
    ("sources/sections.py", "import pyoxigraph"),              # RDF in the readers
])
def test_a_planted_upward_import_breaks_the_contract(tmp_path, module, planted):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "etl" / "cyberkg", copy / "cyberkg", ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / "cyberkg" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _planted():\n    {planted}\n", encoding="utf-8")
    r = _lint(copy, tmp_path)
    assert r.returncode != 0, r.stdout
    assert "BROKEN" in r.stdout.upper() and "1 broken" in r.stdout
