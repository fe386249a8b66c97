"""Refresh decides from the warehouse's own state: raw changes since the last successful
full build, whoever ingested them (`carbonwh ingest`) and whoever built (`carbonwh build`,
plain dbt, a refresh). The stand-in build is used where only the decision matters; one
test runs the real dbt project, whose hooks write main.build_log.
"""

from __future__ import annotations

import duckdb
from fake_build import FakeBuild
from results_tree import write_run, write_tree

from warehouse.refresh import refresh


def _refresh(results, db, out, build=None):
    return refresh([results], db, out, builder=build, wait=5, images=False)


def _query(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_then_refresh_rebuilds(tmp_path, cli, built_warehouse):
    results, db, out = write_tree(tmp_path / "Results"), tmp_path / "c.duckdb", tmp_path / "out"
    build = FakeBuild(built_warehouse)
    assert _refresh(results, db, out, build).status == "ok"
    write_run(results, "DLinear_Model", "Denmark", "summer", 3)
    ingested = cli(["ingest", "--results-dir", results, "--db", db, "--json"])
    assert ingested.exit_code == 0 and '"files_new": 2' in ingested.stdout
    again = _refresh(results, db, out, build)  # its own ingest finds nothing new
    assert (again.status, build.calls) == ("ok", 2)
    assert again.ingest["files_new"] == 0
    assert _refresh(results, db, out, build).status == "skipped"
    assert build.calls == 2


def test_a_failed_build_outside_refresh_makes_refresh_rebuild(tmp_path, built_warehouse):
    results, db, out = write_tree(tmp_path / "Results"), tmp_path / "c.duckdb", tmp_path / "out"
    build = FakeBuild(built_warehouse)
    assert _refresh(results, db, out, build).status == "ok"
    FakeBuild(success=False)(db)  # e.g. a plain `dbt build` that failed half-way
    assert _refresh(results, db, out, build).status == "ok"
    assert build.calls == 2


def test_real_builds_record_themselves_and_refresh_follows_them(tmp_path, cli):
    results, db, out = write_tree(tmp_path / "Results"), tmp_path / "c.duckdb", tmp_path / "out"
    assert _refresh(results, db, out).status == "ok"
    assert "8 runs" in (out / "summary.md").read_text()

    # A manual ingest, then a refresh: rebuilt, the report counts the new run.
    write_run(results, "DLinear_Model", "Denmark", "summer", 3)
    assert cli(["ingest", "--results-dir", results, "--db", db]).exit_code == 0
    rebuilt = _refresh(results, db, out)
    assert rebuilt.status == "ok" and rebuilt.build_seconds
    assert "9 runs" in (out / "summary.md").read_text()

    # A manual ingest and `carbonwh build`: the marts are current, only the report is stale.
    write_run(results, "DLinear_Model", "Germany", "summer", 3)
    assert cli(["ingest", "--results-dir", results, "--db", db]).exit_code == 0
    assert cli(["build", "--db", db, "--quiet"]).exit_code == 0
    reported = _refresh(results, db, out)
    assert reported.status == "skipped" and reported.build_seconds is None
    assert reported.report is not None
    assert "10 runs" in (out / "summary.md").read_text()
    assert _refresh(results, db, out).report is None  # nothing to redo at all

    # A selective build does not count as a build of the marts.
    assert cli(["build", "--db", db, "--quiet", "--select", "stg_raw__files"]).exit_code == 0
    log = _query(
        db,
        "select command, selection, status, raw_batch_id, n_failed from main.build_log "
        "order by started_at",
    )
    assert [row[0] for row in log] == ["build"] * 4
    assert [row[2] for row in log] == ["ok"] * 4 and all(row[4] == 0 for row in log)
    assert [row[1] for row in log] == ["", "", "", "select=stg_raw__files"]
    assert [row[3] for row in log] == [1, 2, 4, 4]  # batch 3 (a refresh) changed nothing
    refreshes = _query(
        db, "select status, raw_batch_id, build_id is not null from warehouse.refresh_log"
    )
    assert refreshes == [
        ("ok", 1, True),
        ("ok", 2, True),
        ("skipped", 4, True),
        ("skipped", 4, True),
    ]
