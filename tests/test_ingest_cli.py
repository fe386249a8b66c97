"""`carbonwh ingest`: options, JSON summary, --strict, defaults from the environment."""

from __future__ import annotations

import json

import duckdb
from ingest_files import CELL, HEADER, small_tree, write

KEYS = {
    "files_new",
    "files_changed",
    "files_unchanged",
    "files_deleted",
    "files_quarantined",
    "rows_loaded",
    "seconds",
}


def test_json_summary_has_the_contract_keys(tmp_path, cli):
    root, *_ = small_tree(tmp_path)
    db = tmp_path / "w.duckdb"
    result = cli(["ingest", "--results-dir", root, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert KEYS <= summary.keys()
    assert (summary["files_new"], summary["rows_loaded"]) == (3, 2)
    again = json.loads(cli(["ingest", "-r", root, "--db", db, "--json"]).stdout)
    assert (again["files_unchanged"], again["rows_loaded"]) == (3, 0)


def test_several_roots_and_env_defaults(tmp_path, cli, monkeypatch):
    root, *_ = small_tree(tmp_path)
    other = tmp_path / "Other"
    write(other, f"{CELL}/c_run1_emissions.csv", f"{HEADER}\nt,p,i,1,2,3,DK\n".encode())
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("CARBONWH_DB", str(db))
    result = cli(["ingest", "-r", root, "-r", other])
    assert result.exit_code == 0, result.output
    assert "files new" in result.stdout and "rows loaded" in result.stdout
    monkeypatch.setenv("CARBONWH_RESULTS_DIR", str(other))
    assert json.loads(cli(["ingest", "--json"]).stdout)["files_unchanged"] == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select count(distinct root) from raw.files").fetchall() == [(2,)]


def test_strict_exits_non_zero_on_rejected_lines(tmp_path, cli):
    root = tmp_path / "Results"
    write(root, f"{CELL}/x_run1_emissions.csv", f"{HEADER}\n=======\n".encode())
    db = tmp_path / "w.duckdb"
    plain = cli(["ingest", "-r", root, "--db", db])
    assert plain.exit_code == 0
    assert (
        "x_run1_emissions.csv: loaded_with_rejects: line 2: git merge-conflict marker"
        in plain.stdout
    )
    strict = cli(["ingest", "-r", root, "--db", db, "--strict", "--json"])
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["problems"][0]["status"] == "loaded_with_rejects"
    assert "error: --strict: 1 file quarantined, partial or with rejected lines" in strict.stderr


def test_missing_results_dir_is_a_clear_error(tmp_path, cli):
    result = cli(["ingest", "-r", tmp_path / "nope", "--db", tmp_path / "w.duckdb"])
    assert result.exit_code == 2
    assert "results directory" in result.stderr and "does not exist" in result.stderr
