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
