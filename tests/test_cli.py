"""The command line as users run it: a real process, stdout for data, stderr for the rest."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

CLI = [sys.executable, "-m", "cyberkg.cli"]


def run(*args, env=None, check=False):
    e = dict(os.environ, NO_COLOR="1")
    e.update(env or {})
    return subprocess.run(CLI + list(map(str, args)), capture_output=True, text=True, env=e, check=check)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = tmp_path_factory.mktemp("cli") / "store"
    r = run("build", DATA, "--store", s)
    assert r.returncode == 0, r.stderr
    return s


def test_build_reports_on_stderr_and_prints_nothing_on_stdout(tmp_path):
    r = run("build", DATA, "--store", tmp_path / "s")
    assert r.returncode == 0
    assert r.stdout == ""
    assert "4 profiles" in r.stderr and "1 policy" in r.stderr and "SHACL: conforms" in r.stderr


def test_query_countries_csv_columns_and_wikidata_iris(store):
    r = run("query", "countries", "--format", "csv", "--store", store)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == ["iso3", "country", "wikidata", "population", "internet_users_pct", "profile_updated"]
    bt = next(x for x in rows if x["iso3"] == "BTN")
    assert bt["wikidata"] == "http://www.wikidata.org/entity/Q917"
    assert bt["population"] == "750000" and bt["internet_users_pct"] == "29.9" and bt["profile_updated"] == "2014-08-12"


def test_query_with_parameter_tsv_and_json(store):
    r = run("query", "country-profile", "--param", "iso3=LSO", "--format", "tsv", "--store", store)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # SPARQL 1.1 Query Results TSV: ?variables, terms in SPARQL syntax
    assert lines[0].split("\t") == ["?iso3", "?document", "?section", "?fact", "?value"]
    assert any(l.split("\t")[2:] == ['"1.2.1"', '"CIRT assessment"', '"CIRT readiness assessment for Lesotho, 2012-11-19"']
               for l in lines)
    j = json.loads(run("query", "national-cirts", "--format", "json", "--store", store).stdout)
    assert j["head"]["vars"] == ["iso3", "cirt"]
    assert [b["cirt"]["value"] for b in j["results"]["bindings"]] == ["CamCERT"]


def test_query_from_file_and_from_sparql_text(store, tmp_path):
    f = tmp_path / "n.rq"
    # The union default graph repeats a triple once per graph that states it: count DISTINCT.
    f.write_text("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/cyberkg/ontology#Country> }")
    assert run("query", f, "--format", "csv", "--store", store).stdout.splitlines() == ["n", "4"]
    r = run("query", "--sparql", "ASK { ?s <https://w3id.org/cyberkg/ontology#iso3166Alpha3> \"BTN\" }", "--store", store)
    assert r.stdout.strip() == "true"


def test_queries_lists_names_descriptions_and_parameters():
    r = run("queries")
    assert r.returncode == 0
    names = [l.split("\t")[0] for l in r.stdout.splitlines()]
    for n in ("countries", "indicator-matrix", "cirt-assessments", "national-cirts", "responsible-agencies",
              "legal-instruments", "convention-actions", "international-cooperation", "countries-without-cirt",
              "source-anomalies", "country-profile"):
        assert n in names
    assert "iso3" in next(l for l in r.stdout.splitlines() if l.startswith("country-profile\t"))


def test_usage_errors_exit_2(store):
    assert run("query", "no-such-query", "--store", store).returncode == 2
    assert run("query", "country-profile", "--store", store).returncode == 2  # missing parameter
    r = run("query", "--sparql", "SELECT WHERE {", "--store", store)
    assert r.returncode == 2 and "syntax" in r.stderr.lower() and r.stdout == ""
    assert run("query", "countries", "--store", store.parent / "nowhere").returncode == 2
    assert run("build", "/nonexistent/path", "--store", store.parent / "x").returncode == 2


def test_validate_exit_0_on_a_conforming_store(store):
    r = run("validate", "--store", store)
    assert r.returncode == 0 and "conforms" in r.stderr


@pytest.mark.parametrize("content,expect", [
    (b"", "empty document"),
    (b"Hello world\nthis is not a profile\n", "not a recognised document"),
    (b"CYBERWELLNESS PROFILE\nATLANTIS\nBACKGROUND\nTotal Population: 1 000\n", "matches no ISO 3166 territory"),
    (b"CYBERWELLNESS PROFILE\nBHUTAN\n\x00\x00\x00", "NUL bytes"),
])
def test_bad_input_fails_naming_the_file_and_keeps_the_previous_store(tmp_path, content, expect):
    s = tmp_path / "store"
    assert run("build", DATA, "--store", s).returncode == 0
    before = os.readlink(s)
    src = tmp_path / "in"
    shutil.copytree(DATA, src)
    bad = src / "bad-file.txt"
    bad.write_bytes(content)
    r = run("build", src, "--store", s)
    assert r.returncode == 1
    assert "bad-file.txt" in r.stderr and expect in r.stderr
    assert "Traceback" not in r.stderr
    assert os.readlink(s) == before
    ok = run("query", "countries", "--format", "csv", "--store", s)
    assert ok.returncode == 0 and len(ok.stdout.splitlines()) == 5


def test_keep_going_skips_the_bad_file_and_says_so(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(DATA, src)
    (src / "bad-file.txt").write_text("nothing to see")
    r = run("build", "--keep-going", src, "--store", tmp_path / "s")
    assert r.returncode == 0
    assert "skipped: " in r.stderr and "bad-file.txt" in r.stderr


def test_store_path_that_is_a_file_is_a_clear_error(tmp_path):
    f = tmp_path / "store"
    f.write_text("x")
    r = run("build", DATA, "--store", f)
    assert r.returncode == 2 and "not a directory" in r.stderr


def test_two_builds_of_the_same_input_give_identical_sorted_nquads(tmp_path):
    from pyoxigraph import RdfFormat, Store

    dumps = []
    for name in ("a", "b"):
        assert run("build", DATA, "--store", tmp_path / name).returncode == 0
        st = Store.read_only(str((tmp_path / name).resolve()))
        dumps.append(sorted(st.dump(format=RdfFormat.N_QUADS).decode("utf-8").splitlines()))
    assert dumps[0] == dumps[1]
    assert not any("_:" in line for line in dumps[0])  # no blank nodes
