"""First contact with `carbonwh`: messages whole at any width, help and --version, no dead
ends, one rule for paths, `build` on a busy warehouse and `--vars`, the base CLI without
TensorFlow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import REPO_ROOT
from fixtures_warehouse import FIXTURE_RESULTS

TOP_MART = "rpt_top_models_by_slice"
LONG = "a-folder-name-that-goes-on-and-on-" * 6  # ~200 characters of path


def long_dir(tmp_path: Path) -> Path:
    path = tmp_path / LONG[:100] / LONG[100:]
    path.mkdir(parents=True)
    return path


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


def test_messages_stay_whole_at_40_columns_with_a_200_character_path(cli, tmp_path):
    folder = long_dir(tmp_path)
    assert len(str(folder)) > 200
    missing = folder / "missing.duckdb"
    result = cli(["build", "--db", missing], env={"COLUMNS": "40"})
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: warehouse {missing} does not exist: run `carbonwh ingest` first\n"
    )
    db = folder / "carbon.duckdb"
    ingest = cli(["ingest", "-r", FIXTURE_RESULTS, "--db", db], env={"COLUMNS": "40"})
    assert ingest.exit_code == 0, ingest.output
    assert f"warehouse: {db}\n" in ingest.stderr
    assert f"results: {FIXTURE_RESULTS}\n" in ingest.stderr
    assert f"ingest batch 1 -> {db}\n" in ingest.stdout
    nothing = cli(["sql", "select 1", "--db", folder / "nope.duckdb"], env={"COLUMNS": "40"})
    assert nothing.exit_code == 2 and len(nothing.stderr.splitlines()) == 1


def test_version_and_help_read_like_a_real_cli(cli):
    from importlib.metadata import version

    assert cli(["--version"]).stdout == f"carbonwh {version('carbonwh')}\n"
    help_text = cli(["build", "--help"]).stdout
    assert "<bool>" not in help_text and "--full-refresh " in help_text
    assert "--db FILE" in help_text and "--vars YAML" in help_text
    assert "[default: $CARBONWH_DB, else warehouse/carbon.duckdb]" in " ".join(help_text.split())
    sql_help = " ".join(cli(["sql", "--help"]).stdout.split())
    assert "carbonwh sql -f warehouse/queries/top_emitters.sql --format csv" in sql_help


def test_zoo_rejects_a_value_given_to_a_flag(cli):
    result = cli(["zoo", "--json", "true"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: unexpected argument 'true': --json, --csv and --markdown are flags and take "
        "no value\n"
    )


@pytest.fixture
def raw_only(cli, tmp_path) -> Path:
    """A warehouse that was ingested but never built."""
    db = tmp_path / "ingested.duckdb"
    assert cli(["ingest", "-r", FIXTURE_RESULTS, "--db", db]).exit_code == 0
    return db


def test_report_and_sql_without_marts_say_to_build(cli, raw_only, tmp_path):
    hint = f"the warehouse {raw_only} has no marts yet: run `carbonwh build`"
    report = cli(["report", "--db", raw_only, "--out", tmp_path / "out"])
    assert report.exit_code == 2 and hint in report.stderr
    assert not (tmp_path / "out").exists()
    sql = cli(["sql", "select * from marts.fct_training_runs", "--db", raw_only])
    assert sql.exit_code == 2 and hint in sql.stderr
    assert "Catalog Error" in sql.stderr and "Traceback" not in sql.output


def test_default_paths_are_the_checkout_and_given_paths_the_current_directory(
    tmp_path, monkeypatch
):
    from warehouse.settings import resolve

    monkeypatch.chdir(tmp_path)
    defaults = resolve(environ={})
    assert defaults.db == REPO_ROOT / "warehouse" / "carbon.duckdb"
    assert defaults.results_dirs == (REPO_ROOT / "Results",)
    assert defaults.data_dir == REPO_ROOT / "data"
    assert defaults.report_dir == REPO_ROOT / "reports" / "out"
    given = resolve(db="w.duckdb", results_dirs=["R"], environ={"CARBONWH_DATA_DIR": "d"})
    assert given.db == tmp_path / "w.duckdb"
    assert given.results_dirs == (tmp_path / "R",)
    assert given.data_dir == tmp_path / "d"


def test_ingest_from_another_folder_uses_the_given_results_and_says_where(
    cli, tmp_path, monkeypatch
):
    shutil.copytree(FIXTURE_RESULTS, tmp_path / "Results")
    monkeypatch.chdir(tmp_path)
    result = cli(["ingest", "-r", "Results", "--db", "here.duckdb"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        f"warehouse: {tmp_path / 'here.duckdb'}",
        f"results: {tmp_path / 'Results'}",
    ]


def hold(db: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(float(sys.argv[2]))",
            str(db),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ready"
    return holder


def test_build_on_a_busy_warehouse_waits_then_exits_3_naming_the_holder(cli, raw_only):
    holder = hold(raw_only, 60)
    try:
        result = cli(["build", "--db", raw_only, "--wait", "0.5"])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 3
    assert f"{raw_only} is in use by " in result.stderr
    assert f"(PID {holder.pid}); waiting up to 0.5 s ..." in result.stderr
    assert f"(PID {holder.pid}) holds it and did not release it within 0.5 s" in result.stderr


def test_build_rejects_vars_that_are_not_a_mapping(cli, raw_only):
    result = cli(["build", "--db", raw_only, "--vars", "[1, 2"])
    assert result.exit_code == 2 and result.stderr.startswith("error: --vars '[1, 2' is not")
    result = cli(["build", "--db", raw_only, "--vars", "top_n"])
    assert result.exit_code == 2 and "must be a mapping such as" in result.stderr


@pytest.mark.slow
def test_build_vars_reach_the_marts_and_refresh_remembers_them(
    cli, built_warehouse, tmp_path, monkeypatch
):
    db = tmp_path / "carbon.duckdb"
    shutil.copy(built_warehouse, db)
    top = f"select max(rank) from marts.{TOP_MART}"
    build = cli(["build", "--db", db, "-q", "-s", TOP_MART, "--vars", "top_n: 1"])
    assert build.exit_code == 0, build.output
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(top).fetchone()[0] == 1

    # The refresh's own dbt_build runs, with its build narrowed to the one mart (seconds).
    import warehouse.dbt_runner as runner

    seen = []
    real_build = runner.build

    def one_mart(db_path, **kwargs):
        seen.append(kwargs.get("vars"))
        return real_build(db_path, **{**kwargs, "select": TOP_MART})

    monkeypatch.setattr(runner, "build", one_mart)
    args = ["refresh", "-r", FIXTURE_RESULTS, "--db", db, "--out", tmp_path / "out", "--force"]
    first = cli([*args, "--vars", '{"top_n": 2}'])
    assert first.exit_code == 0, first.output
    assert "dbt build: marts ..." in first.stderr
    second = cli(args)  # no --vars: the vars of the last build the refresh ran
    assert second.exit_code == 0, second.output
    assert seen == [{"top_n": 2}, {"top_n": 2}]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(top).fetchone()[0] == 2


def test_base_cli_runs_without_tensorflow(tmp_path):
    """The base install (no `[train]` extra) ingests and queries: TensorFlow blocked."""
    script = f"""
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {{"tensorflow", "keras", "codecarbon"}}:
            raise ImportError(f"{{name}} is blocked (base install)")

sys.meta_path.insert(0, Block())
from warehouse.cli import app
app(["ingest", "-r", {str(FIXTURE_RESULTS)!r}, "--db", {str(tmp_path / "w.duckdb")!r}, "--json"],
    standalone_mode=False)
app(["sql", "select count(*) as n from raw.files", "--db", {str(tmp_path / "w.duckdb")!r},
     "--format", "json"], standalone_mode=False)
assert not any(m.split(".")[0] in {{"tensorflow", "keras"}} for m in sys.modules)
import importlib.util
importlib.util.find_spec = lambda name, *a: None  # as if the [train] extra were absent
try:
    app(["zoo"], standalone_mode=False)
except SystemExit as exc:
    assert exc.code == 2
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "`carbonwh zoo` needs the [train] extra" in done.stderr
    lines = done.stdout.splitlines()
    assert json.loads(lines[0])["files_new"] > 0
    assert json.loads("\n".join(lines[1:]))[0]["n"] > 0
