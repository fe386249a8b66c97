"""`carbonwh sql`: read-only queries, output formats, example queries, a busy warehouse."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT
from results_tree import SPECIAL_MODEL

QUERIES = sorted((REPO_ROOT / "warehouse" / "queries").glob("*.sql"))
COUNT = (
    "select model, count(*) as n_runs from marts.fct_training_runs group by model order by model"
)


@pytest.fixture(scope="module")
def db(report_warehouse) -> Path:
    """A warehouse dbt built from a small Results tree (4 models x 4 slices x 2 runs)."""
    return report_warehouse


def test_json_is_an_array_of_objects(cli, db):
    query = COUNT.replace("n_runs from", "n_runs, 'x' as x, null as gone from")
    result = cli(["sql", query, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 4
    assert records[0] == {"model": "DLinear_Model", "n_runs": 8, "x": "x", "gone": None}
    assert SPECIAL_MODEL in [r["model"] for r in records]


def test_piped_table_keeps_values_verbatim_and_unfolded(cli, db):
    long_value = "DLinear_Model_v2_Denmark_summer_run1_" * 4
    query = f"select '{long_value}' as run_name, '[bold]not markup[/bold]' as note"
    result = cli(["sql", query, "--db", db])
    assert result.exit_code == 0, result.output
    assert long_value in result.stdout  # not folded over several lines
    assert "[bold]not markup[/bold]" in result.stdout


def test_json_turns_nan_and_timestamps_into_plain_json(cli, db):
    query = "select 'nan'::double as v, timestamp '2025-01-02 03:04:05' as t"
    result = cli(["sql", query, "--db", db, "--format", "json"])
    assert json.loads(result.stdout) == [{"v": None, "t": "2025-01-02T03:04:05"}]


def test_csv_markdown_and_table_formats(cli, db):
    rows = list(csv.reader(io.StringIO(cli(["sql", COUNT, "--db", db, "--format", "csv"]).stdout)))
    assert rows[0] == ["model", "n_runs"] and len(rows) == 5
    assert [SPECIAL_MODEL, "8"] in rows
    markdown = cli(["sql", COUNT, "--db", db, "--format", "markdown"]).stdout.splitlines()
    assert markdown[:2] == ["| model | n\\_runs |", "|---|---|"] and len(markdown) == 6
    assert "| Odd\\\\\\_%&\\#\\{\\}$^~ Model | 8 |" in markdown  # the pipe-safe escaped name
    table = cli(["sql", COUNT, "--db", db]).stdout
    assert "DLinear_Model" in table and "4 rows" in table


@pytest.mark.parametrize(
    "statement",
    [
        "delete from marts.fct_training_runs",
        "create table marts.x as select 1",
        "drop table marts.fct_training_runs",
        "attach ':memory:' as scratch",
        "copy marts.fct_training_runs to 'out.csv'",
        "select 1; update marts.fct_training_runs set mae = 0",
    ],
)
def test_writes_are_refused_with_a_clear_message(cli, db, statement):
    result = cli(["sql", statement, "--db", db])
    assert result.exit_code == 2
    assert "carbonwh sql is read-only" in result.stderr
    assert "Traceback" not in result.output
    assert (
        cli(
            [
                "sql",
                "select count(*) as n from marts.fct_training_runs",
                "--db",
                db,
                "--format",
                "csv",
            ]
        ).stdout
        == "n\n32\n"
    )


def test_sql_errors_and_missing_inputs_are_reported(cli, db, tmp_path):
    result = cli(["sql", "select nope from marts.fct_training_runs", "--db", db])
    assert result.exit_code == 2 and "SQL error" in result.stderr and "nope" in result.stderr
    assert cli(["sql", "--db", db]).exit_code == 2
    missing = cli(["sql", "select 1", "--db", tmp_path / "absent.duckdb"])
    assert missing.exit_code == 2 and "does not exist yet" in missing.stderr
    assert cli(["sql", "--file", tmp_path / "absent.sql", "--db", db]).exit_code == 2


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_example_queries_run_on_the_built_warehouse(cli, built_warehouse, query):
    text = query.read_text(encoding="utf-8")
    assert text.startswith("-- ") and "carbonwh sql" in text
    result = cli(["sql", "--file", query, "--db", built_warehouse, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)


def test_example_queries_return_rows(cli, built_warehouse):
    for name in ("top_emitters", "kg_per_model_family", "pareto_front_of_slice"):
        query = REPO_ROOT / "warehouse" / "queries" / f"{name}.sql"
        rows = json.loads(
            cli(["sql", "-f", query, "--db", built_warehouse, "--format", "json"]).stdout
        )
        assert rows, name


def test_example_queries_cover_the_documented_topics():
    assert {q.stem for q in QUERIES} >= {
        "top_emitters",
        "kg_per_model_family",
        "pareto_front_of_slice",
        "method_differences",
        "runs_missing_metrics_or_emissions",
    }


def test_a_held_warehouse_makes_sql_wait_then_explain(cli, db, tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(float(sys.argv[2]))",
            str(db),
            "2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        busy = cli(["sql", "select 1", "--db", db, "--wait", "0.3"])
        assert busy.exit_code == 3
        assert f"(PID {holder.pid})" in busy.stderr and "--wait" in busy.stderr
        waited = cli(["sql", "select 42 as answer", "--db", db, "--wait", "30", "--format", "csv"])
        assert waited.exit_code == 0 and waited.stdout == "answer\n42\n"
        assert "waiting" in waited.stderr
    finally:
        holder.kill()
        holder.wait()


def test_example_queries_pass_sqlfluff():
    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    done = subprocess.run(
        [str(sqlfluff), "lint", ".", "--disable-progress-bar"],
        cwd=REPO_ROOT / "warehouse" / "queries",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout


def test_table_floats_are_short_and_right_aligned_while_csv_keeps_every_digit(cli, db):
    query = "select 'DLinear_Model' as model, 5.02385171285846e-05 as kg, 12 as n"
    table = cli(["sql", query, "--db", db]).stdout.splitlines()
    header, row = table[1], table[3]
    assert "5.02385e-05" in row and "71285846" not in row
    assert row.index("5.02385e-05") + len("5.02385e-05") == header.index("kg") + len("kg")
    csv_out = cli(["sql", query, "--db", db, "--format", "csv"]).stdout
    assert csv_out == "model,kg,n\nDLinear_Model,5.02385171285846e-05,12\n"
