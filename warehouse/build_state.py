"""Is the warehouse's build current? Read from the warehouse itself, whoever ingested or built.

Two stamps decide it:
- the raw layer's change stamp: the newest `raw.files.batch_id` (ingest stamps a manifest
  row only when a file is new, changed or deleted, so a batch that found nothing new
  leaves it as it was);
- `main.build_log`, written by the dbt project's own hooks (dbt_project/macros/build_log.sql)
  for every `dbt build`/`dbt run`, through `carbonwh build`, `carbonwh refresh` or plain dbt:
  the change stamp each build started from and whether it succeeded.

The marts are current when the newest full build (no --select/--exclude) succeeded and
started from the current change stamp.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

BUILD_LOG = "main.build_log"


@dataclass(frozen=True)
class LastBuild:
    invocation_id: str
    status: str  # ok | failed | running (a build that died before its end hook)
    raw_batch_id: int | None
    finished_at: object


@dataclass(frozen=True)
class BuildState:
    raw_batch_id: int  # 0 when nothing was ever ingested
    last_build: LastBuild | None  # the newest full build, successful or not
    has_marts: bool

    @property
    def is_current(self) -> bool:
        """The newest full build succeeded from the current raw state, and the marts exist."""
        build = self.last_build
        return (
            self.has_marts
            and build is not None
            and build.status == "ok"
            and (build.raw_batch_id or 0) == self.raw_batch_id
        )

    def why_build(self) -> str:
        """Why a build is needed, in words (for the refresh's progress line)."""
        build = self.last_build
        if not self.has_marts:
            return "no marts yet"
        if build is None:
            return "no full build recorded in main.build_log"
        if build.status != "ok":
            return (
                f"the last full build {'failed' if build.status == 'failed' else 'did not finish'}"
            )
        return (
            f"raw changed since the last successful build (ingest batch {self.raw_batch_id}, "
            f"the build saw {build.raw_batch_id or 0})"
        )


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def raw_change_stamp(con: duckdb.DuckDBPyConnection) -> int:
    """The newest ingest batch that changed raw (new, changed or deleted files); 0 if none."""
    if not _exists(con, "raw", "files"):
        return 0
    return con.execute("select coalesce(max(batch_id), 0) from raw.files").fetchone()[0]


def last_full_build(con: duckdb.DuckDBPyConnection) -> LastBuild | None:
    """The newest `dbt build`/`dbt run` of the whole project recorded in main.build_log."""
    if not _exists(con, "main", "build_log"):
        return None
    row = con.execute(
        f"select invocation_id, status, raw_batch_id, finished_at from {BUILD_LOG} "
        "where coalesce(selection, '') = '' order by started_at desc limit 1"
    ).fetchone()
    return LastBuild(*row) if row else None


def build_state(con: duckdb.DuckDBPyConnection) -> BuildState:
    return BuildState(
        raw_batch_id=raw_change_stamp(con),
        last_build=last_full_build(con),
        has_marts=_exists(con, "marts", "fct_training_runs"),
    )
