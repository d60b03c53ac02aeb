"""The suite cannot pass in CI without testing: no corpus, a rewritten expectation or a skipped test
is a failure there (tests/conftest.py), and expected files are written only on request."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import CORPUS, ROOT, expected_file

SKIPPING = '''
import pytest

def test_skips_for_no_good_reason():
    pytest.skip("the corpus is not here")

def test_skips_for_a_fact_of_the_machine():
    pytest.skip("running as root: file permissions are not enforced, so chmod 000 cannot make a file unreadable")

def test_passes():
    pass
'''


def _pytest(tmp_path, env: dict, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(SKIPPING)
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "CYBERKG_REGEN", "PYTEST_XDIST_WORKER")}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider",
                           "-q", "-rA", "--rootdir", str(tmp_path), str(tmp_path / "test_sample.py"), *args],
                          cwd=ROOT, capture_output=True, text=True, env={**base, **env}, timeout=120)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the CI gate needs the corpus present to get past its first check")
def test_in_ci_a_skip_fails_unless_its_reason_is_a_fact_of_the_machine(tmp_path):
    r = _pytest(tmp_path, {"CI": "true", "CYBERKG_CORPUS": str(CORPUS)})
    assert r.returncode == 1, r.stdout + r.stderr
    assert "1 failed, 1 passed, 1 skipped" in r.stdout, r.stdout
    assert "FAILED" in r.stdout and "test_skips_for_no_good_reason" in r.stdout
    assert "CI does not accept" in r.stdout
    outside = _pytest(tmp_path, {})
    assert outside.returncode == 0 and "1 passed, 2 skipped" in outside.stdout, outside.stdout


def test_in_ci_a_missing_corpus_fails_the_run_before_any_test(tmp_path):
    r = _pytest(tmp_path, {"CI": "true", "CYBERKG_CORPUS": str(tmp_path / "no-corpus")})
    assert r.returncode == 4, r.stdout + r.stderr  # pytest's usage error
    assert "corpus is missing" in r.stderr and str(tmp_path / "no-corpus") in r.stderr


@pytest.mark.parametrize("how", [{"CYBERKG_REGEN": "1"}, "--regen"])
def test_in_ci_regenerating_expectations_is_refused(tmp_path, how):
    env = {"CI": "1", "CYBERKG_CORPUS": str(CORPUS)}
    r = _pytest(tmp_path, {**env, **how}) if isinstance(how, dict) else _pytest(tmp_path, env, how)
    assert r.returncode == 4, r.stdout + r.stderr
    assert "refusing --regen" in r.stderr


def test_ci_script_refuses_regen_before_installing_anything():
    r = subprocess.run(["bash", str(ROOT / ".ci" / "run")], capture_output=True, text=True, timeout=30,
                       env={**os.environ, "CYBERKG_REGEN": "1"})
    assert r.returncode == 2 and "CYBERKG_REGEN is set" in r.stderr


class _Request:
    def __init__(self, regen: bool):
        self.config = type("C", (), {"getoption": staticmethod(lambda name: regen)})()


def test_a_missing_expected_file_fails_and_is_not_written(tmp_path, monkeypatch):
    monkeypatch.delenv("CYBERKG_REGEN", raising=False)
    path = ROOT / "tests" / "expected" / "export" / "no-such-golden.json"
    with pytest.raises(pytest.fail.Exception, match="is missing: write it with `pytest --regen`"):
        expected_file(_Request(False), path, b"{}")
    assert not path.exists()


def test_an_expected_file_is_written_only_on_request(tmp_path, monkeypatch):
    monkeypatch.delenv("CYBERKG_REGEN", raising=False)
    path = ROOT / "var" / "test-golden" / f"g-{os.getpid()}.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"old")
        assert expected_file(_Request(False), path, b"new") == b"old"  # compared, not rewritten
        assert path.read_bytes() == b"old"
        with pytest.raises(pytest.skip.Exception, match="rewrote"):
            expected_file(_Request(True), path, b"new")
        assert path.read_bytes() == b"new"
    finally:
        path.unlink(missing_ok=True)
