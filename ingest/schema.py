"""The raw layer: schema `raw`, created idempotently by `ingest.load`.

Everything here is text exactly as found in the files; typing happens in dbt. Timestamps
written by ingest (`first_seen_at`, `loaded_at`, `started_at`, `finished_at`, `mtime`) are
naive UTC.

raw.files — the manifest, one row per file ever seen under a scanned root
    file_id        BIGINT   stable id of (root, path); kept when the file changes
    root           VARCHAR  absolute results root the file was found under
    path           VARCHAR  path relative to root, '/'-separated
    kind           VARCHAR  emissions_csv | run_report | slice_metrics | ignored
    header         VARCHAR  CSVs: the original first line (no line terminator, no BOM)
    size_bytes     BIGINT
    mtime          TIMESTAMP  modification time (UTC); `mtime_ns` is the exact value
    mtime_ns       BIGINT     compared with size_bytes to decide "unchanged" (a stat only)
    sha256         VARCHAR  of the bytes loaded (NULL for files ignored by name)
    encoding       VARCHAR  utf-8 | utf-8-sig (BOM) | latin-1 (fallback, see error)
    status         VARCHAR  loaded | loaded_with_rejects | partial | quarantined | ignored |
                            deleted
    error          VARCHAR  why the status is what it is, with line numbers; for `loaded`
                            files it holds warnings (Latin-1 fallback, header only, NUL
                            bytes, short rows, outside the path convention), else NULL
    n_rows         BIGINT   data rows in raw.codecarbon_rows (1 for a loaded JSON file)
    n_rejected     BIGINT   lines in raw.rejected_lines
    model, country, season, run  VARCHAR  path context (NULL outside the convention)
    first_seen_at  TIMESTAMP
    loaded_at      TIMESTAMP  when the current content was loaded: use it for dbt source
                              freshness (unchanged files keep theirs)
    batch_id       BIGINT   the batch that last changed this manifest row

raw.codecarbon_rows — every data row of every emissions CSV (wide)
    file_id, row_number  row_number is the PHYSICAL line number (1-based, the header is
                         line 1) where the record starts, so it matches
                         raw.rejected_lines.line_number and an editor's line numbers
    model, country, season, run  path context, as in raw.files
    _short_row  BOOLEAN  the row had fewer fields than its header (a CodeCarbon bug): the
                         missing cells are NULL
    _has_nul    BOOLEAN  a cell contains NUL bytes (kept verbatim)
    _deleted    BOOLEAN  the file has since been deleted (rows are kept)
    then one VARCHAR column per stripped header name ever seen, values exactly as written
    (not stripped: `' 3.2.3   '` stays padded). A cell is NULL only for short rows.

    Column naming, deterministic: the header name with surrounding spaces stripped. Names
    are matched case-insensitively (DuckDB identifiers are), so `Emissions` and `emissions`
    share a column, spelled as first seen. A name that is empty becomes `unnamed_<pos>`
    (1-based position); a name equal to a meta column (file_id, row_number, model,
    country, season, run) or starting with `_` gets the prefix `csv_`; a name repeated in
    one header gets `__2`, `__3`, ... on its later occurrences.

raw.rejected_lines — every line of an emissions CSV that is not a data row
    file_id, line_number (physical, 1-based), reason, line (verbatim, without its final
    line terminator; a quoted multi-line record keeps its inner newlines)

raw.run_reports — reports/<Model>/<Country>/<season>/<run>.json
    file_id, model, country, season, run, body (the JSON text verbatim), _deleted
raw.slice_metrics — metrics/<Model>/<Country>/<season>/metrics.json
    file_id, model, country, season, body, _deleted

raw.sources — a label per results root (`carbonwh ingest -r LABEL=PATH`)
    root (the absolute path, as raw.files.root), label, labelled_at; a root without a row
    is labelled by its path

raw.ingest_batches — one row per `load` call that committed
    batch_id, started_at, finished_at, roots (JSON list), files_seen, files_new,
    files_changed, files_unchanged, files_deleted, files_quarantined, files_ignored,
    rows_loaded, lines_rejected, seconds
"""

from __future__ import annotations

import duckdb

META_COLUMNS = ("file_id", "row_number", "model", "country", "season", "run")
FLAG_COLUMNS = ("_short_row", "_has_nul", "_deleted")

DDL = """
create schema if not exists raw;
create table if not exists raw.files (
    file_id bigint, root varchar, path varchar, kind varchar, header varchar,
    size_bytes bigint, mtime timestamp, mtime_ns bigint, sha256 varchar, encoding varchar,
    status varchar, error varchar, n_rows bigint, n_rejected bigint,
    model varchar, country varchar, season varchar, run varchar,
    first_seen_at timestamp, loaded_at timestamp, batch_id bigint
);
create table if not exists raw.codecarbon_rows (
    file_id bigint, row_number bigint,
    model varchar, country varchar, season varchar, run varchar,
    _short_row boolean, _has_nul boolean, _deleted boolean
);
create table if not exists raw.rejected_lines (
    file_id bigint, line_number bigint, reason varchar, line varchar
);
create table if not exists raw.run_reports (
    file_id bigint, model varchar, country varchar, season varchar, run varchar,
    body varchar, _deleted boolean
);
create table if not exists raw.slice_metrics (
    file_id bigint, model varchar, country varchar, season varchar,
    body varchar, _deleted boolean
);
create table if not exists raw.ingest_batches (
    batch_id bigint, started_at timestamp, finished_at timestamp, roots varchar,
    files_seen bigint, files_new bigint, files_changed bigint, files_unchanged bigint,
    files_deleted bigint, files_quarantined bigint, files_ignored bigint,
    rows_loaded bigint, lines_rejected bigint, seconds double
);
"""
# Added after the first release: created on its own in older warehouses too.
SOURCES_DDL = """
create table if not exists raw.sources (root varchar, label varchar, labelled_at timestamp);
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema `raw` and its tables if missing (safe to run every time)."""
    from ingest.schedule_decisions import DDL as SCHEDULE_DECISIONS_DDL

    con.execute(DDL)
    con.execute(SCHEDULE_DECISIONS_DDL)
    con.execute(SOURCES_DDL)


def quote(name: str) -> str:
    """A SQL identifier, double-quoted."""
    return '"' + name.replace('"', '""') + '"'


def csv_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The CodeCarbon columns of raw.codecarbon_rows: lower-cased name -> spelling."""
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'codecarbon_rows' order by ordinal_position"
    ).fetchall()
    fixed = set(META_COLUMNS) | set(FLAG_COLUMNS)
    return {name.lower(): name for (name,) in rows if name not in fixed}


def column_names_for_header(names: list[str]) -> list[str]:
    """Map the cells of a header line to raw.codecarbon_rows column names (see module doc)."""
    reserved = set(META_COLUMNS)
    out: list[str] = []
    seen: dict[str, int] = {}
    for pos, cell in enumerate(names, start=1):
        name = cell.strip()
        if not name:
            name = f"unnamed_{pos}"
        elif name.lower() in reserved or name.startswith("_"):
            name = "csv_" + name
        key = name.lower()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            name = f"{name}__{seen[key]}"
        out.append(name)
    return out
