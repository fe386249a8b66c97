"""Session-scoped warehouses built by ingest + dbt, for tests that read the marts.

Registered as a pytest plugin by `tests/conftest.py`, so any test can ask for them:

    def test_something(built_warehouse):
        con = duckdb.connect(str(built_warehouse), read_only=True)

`built_warehouse` is the DuckDB file built from `tests/fixtures/results_small` (one dbt
build per session, tens of seconds); `shared_warehouse` the one built from
../shared/reference/upstream_results/Results (skipped without ../shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_RESULTS = Path(__file__).resolve().parent / "fixtures" / "results_small"


def build_warehouse(results: Path | list[Path], base: Path) -> Path:
    """Ingest `results` (one root or several) into `base/carbon.duckdb` and dbt-build it;
    fail loudly on error."""
    import duckdb

    from ingest import load
    from warehouse.dbt_runner import build

    base.mkdir(parents=True, exist_ok=True)
    db = base / "carbon.duckdb"
    con = duckdb.connect(str(db))
    try:
        load(con, results if isinstance(results, list) else [results])
    finally:
        con.close()
    # A private target dir: other sessions may build the project at the same time.
    result = build(db, quiet=True, target_path=base / "dbt_target")
    if not result.success:
        pytest.fail("dbt build failed:\n" + "\n".join(result.failures), pytrace=False)
    return db


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """Path of a DuckDB file built from the small fixture Results tree."""
    return build_warehouse(FIXTURE_RESULTS, tmp_path_factory.mktemp("built_warehouse"))


@pytest.fixture(scope="session")
def shared_warehouse(tmp_path_factory) -> Path:
    """Path of a DuckDB file built from ../shared's real DE/DK tree (skips without it)."""
    from conftest import shared_path

    results = shared_path("reference", "upstream_results", "Results")
    return build_warehouse(results, tmp_path_factory.mktemp("shared_warehouse"))


@pytest.fixture(scope="session")
def report_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file dbt-built from `results_tree.write_report_tree`: 4 models (one named
    with every LaTeX special character) x 4 slices x 2 runs, one emission regression."""
    from results_tree import write_report_tree

    base = tmp_path_factory.mktemp("report_warehouse")
    return build_warehouse(write_report_tree(base / "Results"), base)


def copy_marts(source: Path, target: Path) -> None:
    """Copy every mart of a dbt-built warehouse into `target` (a stand-in for a build)."""
    import duckdb

    con = duckdb.connect(str(target))
    try:
        con.execute(f"attach '{source}' as built (read_only)")
        con.execute("create schema if not exists marts")
        tables = con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'built' and table_schema = 'marts'"
        ).fetchall()
        for (table,) in tables:
            con.execute(
                f"create or replace table marts.{table} as select * from built.marts.{table}"
            )
        con.execute("detach built")
    finally:
        con.close()
