"""`warehouse.refresh`: skip when nothing is new, force, failures, regressions, the lock.

dbt is replaced by a stand-in (tests/fake_build.py) that copies the marts of a warehouse
dbt built once per session and records itself in main.build_log (the real builds run in
test_refresh_end_to_end.py and test_refresh_state.py), so these tests check the
orchestration itself.
"""

from __future__ import annotations

from types import SimpleNamespace

import duckdb
import pytest
from fake_build import FakeBuild
from results_tree import write_run, write_tree

from warehouse.refresh import (
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_REGRESSION,
    RefreshBusy,
    lock_path,
    refresh,
    refresh_lock,
)


@pytest.fixture
def setup(tmp_path, built_warehouse, report_warehouse):
    return SimpleNamespace(
        quiet=built_warehouse,  # no emission regression
        flagged=report_warehouse,  # one emission regression
        results=write_tree(tmp_path / "Results"),
        db=tmp_path / "wh" / "carbon.duckdb",
        out=tmp_path / "report",
    )


def _log(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select status, files_new, files_changed, rows_loaded, error, started_at <= finished_at "
            "from warehouse.refresh_log order by refresh_id"
        ).fetchall()
    finally:
        con.close()


def _refresh(s, build, **kwargs):
    kwargs.setdefault("method", "exact")
    return refresh([s.results], s.db, s.out, builder=build, wait=5, images=False, **kwargs)


def test_refresh_is_idempotent_and_skips_when_nothing_is_new(setup):
    build = FakeBuild(setup.quiet)
    first = _refresh(setup, build)
    assert (first.status, first.exit_code, build.calls) == ("ok", 0, 1)
    assert (setup.out / "index.html").exists() and first.report_index
    second = _refresh(setup, build)
    assert (second.status, second.exit_code, build.calls) == ("skipped", 0, 1)
    forced = _refresh(setup, build, force=True)
    assert (forced.status, build.calls) == ("ok", 2)
    write_run(setup.results, "DLinear_Model", "Denmark", "summer", 3)
    fourth = _refresh(setup, build)
    assert (fourth.status, build.calls) == ("ok", 3)
    log = _log(setup.db)
    assert [row[0] for row in log] == ["ok", "skipped", "ok", "ok"]
    assert log[0][1] == 16 and log[0][3] == 24  # 8 CSVs + 8 reports; 8 x 3 CSV rows
    assert log[1][1:4] == (0, 0, 0) and log[3][1] == 2
    assert all(row[5] for row in log) and all(row[4] is None for row in log)


def test_a_failed_build_is_logged_exits_non_zero_and_is_retried(setup):
    failed = _refresh(setup, FakeBuild(success=False))
    assert (failed.status, failed.exit_code) == ("failed", EXIT_FAILED)
    assert "not_null_fct_training_runs_model" in failed.error
    assert not (setup.out / "index.html").exists()
    # Nothing new, but the last refresh failed: build again rather than skip.
    build = FakeBuild(setup.quiet)
    retried = _refresh(setup, build)
    assert (retried.status, build.calls) == ("ok", 1)
    assert [row[0] for row in _log(setup.db)] == ["failed", "ok"]
    assert "not_null" in _log(setup.db)[0][4]


def test_fail_on_regression_exits_non_zero(setup):
    build = FakeBuild(setup.flagged)
    flagged = _refresh(setup, build)
    assert (flagged.status, flagged.exit_code, flagged.regressions) == ("ok", 0, 1)
    strict = _refresh(setup, build, force=True, fail_on_regression=True)
    assert (strict.status, strict.exit_code) == ("failed", EXIT_REGRESSION)
    assert "rpt_emission_regressions" in strict.error


def test_a_second_refresh_is_refused_while_one_runs(setup, cli):
    with refresh_lock(setup.db):
        with pytest.raises(RefreshBusy, match="another refresh is running"):
            _refresh(setup, FakeBuild(setup.quiet))
        result = cli(
            ["refresh", "--results-dir", setup.results, "--db", setup.db, "--out", setup.out]
        )
    assert result.exit_code == EXIT_BUSY
    assert "another refresh is running" in result.stderr and "pid" in result.stderr
    assert str(lock_path(setup.db)) in result.stderr
    assert not setup.db.exists()  # refused before touching the warehouse
    assert _refresh(setup, FakeBuild(setup.quiet)).status == "ok"  # the lock is released


def test_refresh_cli_rejects_a_missing_results_dir(setup, cli):
    result = cli(["refresh", "--results-dir", setup.results / "nope", "--db", setup.db])
    missing = setup.results / "nope"
    assert result.exit_code == 2
    assert f"error: results directory {missing} does not exist" in result.stderr


def test_a_skipped_refresh_rewrites_a_report_of_another_method(setup):
    from reports.build import report_method

    build = FakeBuild(setup.quiet)
    assert _refresh(setup, build).status == "ok" and report_method(setup.out) == "exact"
    again = _refresh(setup, build, method="published")
    assert (again.status, build.calls) == ("skipped", 1)  # no build, but not an old report
    assert report_method(setup.out) == "published"
    assert "Method <code>published</code>" in (setup.out / "index.html").read_text(encoding="utf-8")
