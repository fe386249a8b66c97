"""A stand-in for `warehouse.dbt_runner.build` in refresh tests: copies the marts of a
warehouse dbt built once per session (tests/fixtures_warehouse.py), or fails, and records
itself in main.build_log as dbt's hooks do (dbt_project/macros/build_log.sql), so refresh's
"is the build current?" logic runs as is.
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import duckdb
from fixtures_warehouse import copy_marts


def record_build(db_path, status: str) -> None:
    """The row dbt's hooks write for a full build that started from the current raw state."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute(
            "create table if not exists main.build_log (invocation_id varchar, command varchar, "
            "selection varchar, vars varchar, started_at timestamp, finished_at timestamp, "
            "raw_batch_id bigint, status varchar, n_nodes integer, n_failed integer)"
        )
        con.execute(
            "insert into main.build_log select ?, 'build', '', '{}', now(), now(), "
            "(select max(batch_id) from raw.files), ?, 1, 0",
            [str(uuid.uuid4()), status],
        )
    finally:
        con.close()


class FakeBuild:
    """Copies the marts of `marts_from` (a dbt-built warehouse), or fails; counts its calls."""

    def __init__(self, marts_from=None, success=True):
        self.calls = 0
        self.success = success
        self.marts_from = marts_from

    def __call__(self, db_path):
        self.calls += 1
        if self.success:
            copy_marts(self.marts_from, db_path)
        record_build(db_path, "ok" if self.success else "failed")
        failures = [] if self.success else ["not_null_fct_training_runs_model: 2 failures"]
        return SimpleNamespace(success=self.success, failures=failures, seconds=0.01)
