"""The dbt project on Apache Spark equals the DuckDB build, mart for mart.

A real Spark standalone cluster on loopback (`make spark-up`: master + 2 workers, started
here when not already up), dbt-spark's session method, the raw tables exported as Parquet.
Every mart of the Spark build must equal the DuckDB build's row for row (order ignored,
floats within 1e-9 relative). Needs Java and PySpark: skipped without them, failed under
CI=true (`make system-deps` installs the JRE, `make venv` PySpark).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest
from conftest import IN_CI, REPO_ROOT

from warehouse.parity import table_differences

pytestmark = [pytest.mark.slow, pytest.mark.spark]

CLUSTER = REPO_ROOT / "deploy" / "spark-cluster.sh"


def require_spark() -> None:
    missing = None
    if not shutil.which("java"):
        missing = "java is not installed (`make system-deps` installs a JRE)"
    else:
        try:
            import dbt.adapters.spark  # noqa: F401
            import pyspark  # noqa: F401
        except ImportError as exc:
            missing = f"PySpark/dbt-spark are not installed ({exc}; `make venv` installs them)"
    if missing:
        if IN_CI:
            pytest.fail(f"CI must prove Spark parity: {missing}")
        pytest.skip(missing)


def cluster(command: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=sys.executable)
    return subprocess.run(
        [str(CLUSTER), command], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def spark_cluster(tmp_path_factory):
    """The loopback cluster (started and stopped here unless already up); private dbt dirs."""
    require_spark()
    already_up = "master: up" in cluster("status").stdout
    if not already_up:
        started = cluster("up")
        if started.returncode != 0:
            pytest.fail(f"make spark-up failed:\n{started.stdout}\n{started.stderr}")
    before = os.environ.get("CARBONWH_SPARK_DIR")
    os.environ["CARBONWH_SPARK_DIR"] = str(tmp_path_factory.mktemp("spark"))
    yield
    if before is None:
        os.environ.pop("CARBONWH_SPARK_DIR", None)
    else:
        os.environ["CARBONWH_SPARK_DIR"] = before
    if not already_up:
        cluster("down")


# Marts with rows in both trees: an empty comparison must not pass for them.
MARTS_WITH_ROWS = ("fct_training_runs", "fct_executions", "agg_model_slice", "rpt_pareto_front")


def assert_marts_match(duckdb_file, base, exclude=()) -> None:
    from pyspark.sql import SparkSession

    from warehouse.spark_target import build_on_spark

    result = build_on_spark(duckdb_file, target_path=base / "spark_target", exclude=exclude)
    assert result.success, "Spark build failed:\n" + "\n".join(result.failures)
    spark = SparkSession.builder.getOrCreate()  # the session dbt-spark started
    con = duckdb.connect(str(duckdb_file), read_only=True)
    try:
        marts = sorted(
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        )
        on_spark = sorted(table.name for table in spark.catalog.listTables("marts"))
        assert on_spark == marts
        problems = []
        for mart in marts:
            cursor = con.execute(f"select * from marts.{mart}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            expected = cursor.fetchall()
            actual = spark.sql(
                f"select {', '.join(f'`{c}`' for c in columns)} from marts.{mart}"  # noqa: S608
            ).collect()
            if mart in MARTS_WITH_ROWS:
                assert expected, f"marts.{mart} is empty on DuckDB: nothing would be compared"
            problems += [f"marts.{mart}: {p}" for p in table_differences(expected, actual, columns)]
    finally:
        con.close()
    assert not problems, "Spark marts differ from DuckDB's:\n" + "\n".join(problems)


def test_fixture_tree_marts_match_duckdb(built_warehouse, spark_cluster, tmp_path):
    # The whole `dbt build`: seeds, models, data tests and unit tests pass on Spark too.
    assert_marts_match(built_warehouse, tmp_path)


@pytest.mark.shared
def test_shared_tree_marts_match_duckdb(shared_warehouse, spark_cluster, tmp_path):
    # Tests already proved themselves on Spark above: models only, to keep CI short.
    assert_marts_match(
        shared_warehouse, tmp_path, exclude=("resource_type:test", "resource_type:unit_test")
    )


def test_cli_build_target_spark_reports_progress(cli, built_warehouse, spark_cluster):
    result = cli(["build", "--db", built_warehouse, "--target", "spark", "-s", "stg_raw__files"])
    assert result.exit_code == 0, result.output
    assert "registered them on Spark" in result.output
    assert "ok model stg_raw__files" in result.output
    assert "dbt build ok" in result.output
