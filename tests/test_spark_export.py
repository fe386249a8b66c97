"""`carbonwh export-raw`: every raw table as Parquet, swapped in atomically."""

from __future__ import annotations

import duckdb
import pytest
from fixtures_warehouse import FIXTURE_RESULTS

from warehouse.spark_target import MANIFEST, export_raw


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    from ingest import load

    db = tmp_path_factory.mktemp("export") / "carbon.duckdb"
    con = duckdb.connect(str(db))
    try:
        load(con, [FIXTURE_RESULTS])
    finally:
        con.close()
    return db


def raw_counts(db) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'raw'"
            ).fetchall()
        ]
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def test_cli_exports_every_raw_table_losslessly(cli, ingested, tmp_path):
    out = tmp_path / "parquet"
    result = cli(["export-raw", "--db", ingested, "--to", out])
    assert result.exit_code == 0, result.output
    assert "exported" in result.output
    expected = raw_counts(ingested)
    assert expected["codecarbon_rows"] > 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(expected)
    con = duckdb.connect()
    for table in expected:
        path = out / table / "data.parquet"
        assert con.execute(f"select count(*) from '{path}'").fetchone()[0] == expected[table]
    # The Parquet copy holds the same rows as the warehouse, column for column.
    db = str(ingested).replace("'", "''")
    con.execute(f"attach '{db}' as wh (read_only)")
    path = out / "codecarbon_rows" / "data.parquet"
    missing = con.execute(
        f"select count(*) from (select * from wh.raw.codecarbon_rows except all "
        f"select * from '{path}')"
    ).fetchone()[0]
    assert missing == 0


def test_reexport_swaps_the_folder_and_keeps_nothing_stale(ingested, tmp_path):
    out = tmp_path / "parquet"
    export_raw(ingested, out)
    (out / "stale_table").mkdir()
    export_raw(ingested, out)
    assert not (out / "stale_table").exists()
    assert (out / MANIFEST).exists()
    assert not list(tmp_path.glob("parquet.*")), "staging or old folders left behind"


def test_interrupted_swap_is_restored(ingested, tmp_path):
    out = tmp_path / "parquet"
    export_raw(ingested, out)
    # Killed between the two renames: the previous export sits aside, DIR is missing.
    out.rename(tmp_path / "parquet.old-4242")
    counts = export_raw(ingested, out)
    assert (out / MANIFEST).exists() and counts["files"] > 0
    assert not list(tmp_path.glob("parquet.*"))


def test_refuses_a_folder_that_is_not_an_export(cli, ingested, tmp_path):
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = cli(["export-raw", "--db", ingested, "--to", precious])
    assert result.exit_code == 2
    assert "is not a raw export" in result.output
    assert (precious / "notes.txt").read_text() == "keep me"


def test_missing_warehouse_is_a_usage_error(cli, tmp_path):
    result = cli(["export-raw", "--db", tmp_path / "nope.duckdb", "--to", tmp_path / "out"])
    assert result.exit_code == 2
    assert "does not exist" in result.output
