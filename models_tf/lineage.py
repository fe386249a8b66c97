"""Which data a run cell was trained on, execution after execution.

A run cell (model, country, season, run) collects every execution in one emissions CSV
and one run report. Re-training it on other data than before (say real ENTSO-E data after
the synthetic demo) would append a different experiment to the same cell and mix the two
in every total. So the runner compares the data file's sha256 with the one the cell's run
report recorded and stops unless forced; the report carries `data_history`, the data of
the cell's earlier executions, so the warehouse can flag cells that mix data.
"""

from __future__ import annotations

import json
from pathlib import Path

# Fields of a run report that describe the data of its execution.
DATA_FIELDS = ("codecarbon_run_id", "finished_at", "data_file", "data_sha256", "synthetic")


class DataChanged(ValueError):
    """The cell's earlier executions used other data; the message says what to do."""


def earlier_executions(report_path: Path) -> list[dict]:
    """The data of each earlier execution of the cell, oldest first (from its run report)."""
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no report yet (or unreadable): nothing known about earlier data
    if not isinstance(report, dict):
        return []
    history = [h for h in report.get("data_history") or [] if isinstance(h, dict)]
    return [*history, {key: report.get(key) for key in DATA_FIELDS}]


def _describe(entry: dict) -> str:
    sha = entry.get("data_sha256") or "?"
    kind = "synthetic" if entry.get("synthetic") else "real"
    return f"{entry.get('data_file') or 'unknown file'} ({kind}, sha256 {sha[:12]})"


def check_same_data(
    history: list[dict], run_name: str, data_file: Path, data_sha256: str, synthetic: bool
) -> None:
    """Raise DataChanged when an earlier execution of `run_name` used other data."""
    other = next(
        (h for h in history if h.get("data_sha256") and h["data_sha256"] != data_sha256), None
    )
    if other is None:
        return
    now = {"data_file": str(data_file), "data_sha256": data_sha256, "synthetic": synthetic}
    raise DataChanged(
        f"{run_name} was trained on other data before: {_describe(other)}; this run would use "
        f"{_describe(now)}. Its execution would be appended to the same run cell and mix the "
        "two in every total. Use another results directory (--results-dir) or another run "
        "number (carbonwh train --run N), or --force to append anyway (the warehouse then "
        "flags the cell as has_mixed_data)."
    )
