"""Results roots as named sources: `-r lab-b=/data/lab-b/Results` labels a root.

A source is a results root; its label defaults to the root's absolute path. Run cells are
per source in the marts, so two labs' `..._run1` stay apart, while the same measurement seen
under two roots still counts once (see docs/dbt.md).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb


def split_label(value: str | Path) -> tuple[str | None, str]:
    """`lab-b=/data/Results` -> ("lab-b", "/data/Results"); a plain path -> (None, path).

    The text before the first `=` is a label only when it is non-empty and holds no path
    separator, so a path that merely contains `=` stays a path.
    """
    text = str(value)
    label, sep, path = text.partition("=")
    if sep and label.strip() and "/" not in label and "\\" not in label and path:
        return label.strip(), path
    return None, text


def record_labels(con: duckdb.DuckDBPyConnection, labels: dict[Path, str]) -> None:
    """Store `root -> label` (the latest label of a root wins)."""
    from ingest.schema import ensure_schema

    if not labels:
        return
    ensure_schema(con)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute("begin")
    try:
        for root, label in labels.items():
            con.execute("delete from raw.sources where root = ?", [str(root)])
            con.execute("insert into raw.sources values (?, ?, ?)", [str(root), label, now])
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
