"""Scheduling decision files -> `raw.schedule_decisions` (a hook of the loader).

`carbonwh schedule-backtest` writes `scheduling/<Country>/<season>/<policy>_decisions.csv`
under a results root (see `models_tf.scheduling.write_decisions`). The loader hands such a
file here instead of to the CodeCarbon parser; rows are kept as text, typed in dbt.

raw.schedule_decisions
    file_id, row_number (physical line, header = 1), the file's columns (VARCHAR), _deleted
"""

from __future__ import annotations

import csv
import io

import pandas as pd

KIND = "schedule_decisions"
TABLE = "raw.schedule_decisions"
COLUMNS = (
    "country_code",
    "country",
    "season",
    "policy",
    "model",
    "model_run",
    "duration_h",
    "deadline_h",
    "arrival",
    "start",
    "share_pct",
    "now_share_pct",
    "random_share_pct",
    "oracle_share_pct",
    "intensity_g_per_kwh",
    "now_intensity_g_per_kwh",
    "random_intensity_g_per_kwh",
    "oracle_intensity_g_per_kwh",
    "forecast_mae_pp",
    "test_start",
    "test_end",
)
DDL = (
    f"create table if not exists {TABLE} (file_id bigint, row_number bigint, "
    + ", ".join(f"{c} varchar" for c in COLUMNS)
    + ", _deleted boolean)"
)


def matches(path: str) -> bool:
    """`.../scheduling/<Country>/<season>/<policy>_decisions.csv`."""
    parts = path.split("/")
    return len(parts) >= 4 and parts[-4] == "scheduling" and parts[-1].endswith("_decisions.csv")


def parse(text: str) -> tuple[list[list], str | None]:
    """(rows as [row_number, *cells], None) or ([], why the file is quarantined)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return [], "empty file"
    if tuple(cell.strip() for cell in header) != COLUMNS:
        return [], f"line 1: header is not the decisions header ({','.join(COLUMNS)})"
    rows = []
    for row in reader:
        if not row:
            continue
        if len(row) != len(COLUMNS):
            return [], f"line {reader.line_num}: {len(row)} fields, expected {len(COLUMNS)}"
        rows.append([reader.line_num, *row])
    return rows, None


def insert(con, rows: list[tuple]) -> None:
    """Insert buffered `(file_id, row_number, *cells)` rows in one statement."""
    if not rows:
        return
    _decisions = pd.DataFrame(rows, columns=["file_id", "row_number", *COLUMNS])  # noqa: F841
    con.execute(
        f"insert into {TABLE} select file_id, row_number, {', '.join(COLUMNS)}, false "
        "from _decisions"
    )
