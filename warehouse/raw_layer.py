"""The raw layer as dbt needs it: a warehouse nothing was ingested into still builds."""

from __future__ import annotations

from pathlib import Path

import duckdb


def ensure_raw_layer(db_path: str | Path) -> int:
    """Create the raw tables if nothing was ingested yet (and raw.sources where it predates
    it, but never re-create a table someone dropped); the files the warehouse holds
    (-1 when another process holds the warehouse).

    dbt's sources must exist for a build; with nothing ingested yet every mart builds
    empty and every test passes, so `carbonwh build` says so instead of failing.
    """
    from ingest.schema import SOURCES_DDL, ensure_schema

    try:
        con = duckdb.connect(str(db_path))
    except duckdb.IOException:
        return -1  # held by another process: the build itself waits or fails on the lock
    try:
        present = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = 'files'"
        ).fetchone()[0]
        if present:
            con.execute(SOURCES_DDL)  # a warehouse from before raw.sources existed
        else:
            ensure_schema(con)
        return con.execute("select count(*) from raw.files where status <> 'deleted'").fetchone()[0]
    finally:
        con.close()
