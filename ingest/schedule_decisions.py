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

from models_tf.scheduling import DECISION_FILE_COLUMNS

KIND = "schedule_decisions"
TABLE = "raw.schedule_decisions"
COLUMNS = DECISION_FILE_COLUMNS  # one declaration, beside the writer
DDL = (
    f"create table if not exists {TABLE} (file_id bigint, row_number bigint, "
    + ", ".join(f"{c} varchar" for c in COLUMNS)
    + ", _deleted boolean)"
)


def matches(path: str) -> bool:
    """`.../scheduling/<Country>/<season>/<policy>_decisions.csv`."""
    parts = path.split("/")
    return len(parts) >= 4 and parts[-4] == "scheduling" and parts[-1].endswith("_decisions.csv")


def parse(text: str) -> tuple[pd.DataFrame | None, str | None]:
    """(rows with `row_number` and the columns as text, None) or (None, why quarantined)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        return None, "empty file"
    if tuple(cell.strip() for cell in header) != COLUMNS:
        return None, f"line 1: header is not the decisions header ({','.join(COLUMNS)})"
    lines = []
    for row in reader:  # validate field counts, remember physical line numbers
        if not row:
            continue
        if len(row) != len(COLUMNS):
            return None, f"line {reader.line_num}: {len(row)} fields, expected {len(COLUMNS)}"
        lines.append(reader.line_num)
    # The values themselves: pandas' C parser (much faster than Python lists of cells).
    frame = pd.read_csv(
        io.StringIO(text), dtype=str, keep_default_na=False, index_col=False, header=0
    )
    if len(frame) != len(lines):  # e.g. a quoted line break: the two parsers disagree
        return None, f"{len(frame)} rows parsed but {len(lines)} data lines found"
    frame.columns = list(COLUMNS)
    frame.insert(0, "row_number", lines)
    return frame, None


def insert(con, frames: list[pd.DataFrame]) -> None:
    """Insert the buffered files' rows (each frame with its `file_id`) in one statement."""
    if not frames:
        return
    columns = ", ".join(COLUMNS)
    con.from_df(pd.concat(frames, ignore_index=True)).query(
        "_decisions",
        f"insert into {TABLE} (file_id, row_number, {columns}, _deleted) "
        f"select file_id, row_number, {columns}, false from _decisions",
    )
