"""The raw layer as dbt needs it: a warehouse nothing was ingested into still builds."""

from __future__ import annotations

from pathlib import Path

import duckdb


def ensure_raw_layer(db_path: str | Path) -> int:
    """Create the raw tables the warehouse lacks (all, if nothing was ingested); the files it holds
    (-1 when another process holds the warehouse).

    dbt's sources must exist for a build; with nothing ingested yet every mart builds
    empty and every test passes, so `carbonwh build` says so instead of failing.
    """
    from ingest.schema import ensure_schema

    try:
        con = duckdb.connect(str(db_path))
    except duckdb.IOException:
        return -1  # held by another process: the build itself waits or fails on the lock
    try:
        # Idempotent; also adds raw tables a newer version introduced (raw.sources).
        ensure_schema(con)
        return con.execute("select count(*) from raw.files where status <> 'deleted'").fetchone()[0]
    finally:
        con.close()
