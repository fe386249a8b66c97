"""A batch commits entirely or not at all; a second writer waits, then fails clearly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from ingest_files import CELL, HEADER, csv_row, raw_snapshot, small_tree, write

from ingest import load
from ingest.loader import PAUSE_ENV, PAUSE_MARKER

LOADER = (
    "import sys, duckdb; from ingest import load; load(duckdb.connect(sys.argv[1]), [sys.argv[2]])"
)


def _paused_ingest(db, root, after: int) -> subprocess.Popen:
    """Start an ingest in a subprocess and return once it is paused inside its transaction."""
    env = {**os.environ, PAUSE_ENV: str(after)}
    proc = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(db), str(root)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    line = ""
    while PAUSE_MARKER not in line:
        line = proc.stderr.readline()
        if (not line and proc.poll() is not None) or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"ingest did not pause (exit {proc.poll()}): {line}")
    return proc


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()


def test_killed_batch_leaves_the_database_exactly_as_before(tmp_path):
    root, a, b, _ = small_tree(tmp_path)
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    load(con, [root])
    before = raw_snapshot(con)
    batches = con.execute("select * from raw.ingest_batches").fetchall()
    con.close()
    # a new file, a changed file, a deleted file, and a new column
    for i in range(4):
        text = f"{HEADER},water_consumed\n{','.join(csv_row(i + 1))},0.1\n"
        write(root, f"{CELL}/n{i}_run1_emissions.csv", text.encode())
    a.write_text(f"{HEADER}\n")
    b.unlink()
    proc = _paused_ingest(db, root, after=3)
    _kill(proc)
    con = duckdb.connect(str(db))
    assert raw_snapshot(con) == before
    assert con.execute("select * from raw.ingest_batches").fetchall() == batches
    columns = [
        c
        for (c,) in con.execute("select column_name from (describe raw.codecarbon_rows)").fetchall()
    ]
    assert "water_consumed" not in columns
    summary = load(con, [root])  # and the next batch does the work
    assert (summary.files_new, summary.files_changed, summary.files_deleted) == (4, 1, 1)


def test_second_writer_waits_then_fails_clearly(tmp_path, cli):
    root, *_ = small_tree(tmp_path)
    db = tmp_path / "w.duckdb"
    proc = _paused_ingest(db, root, after=1)
    try:
        result = cli(["ingest", "--results-dir", root, "--db", db, "--wait", "0.5"])
    finally:
        _kill(proc)
    assert result.exit_code == 3
    holder = f"PID {proc.pid})"
    assert (
        f"{db} is in use by " in result.output and f"{holder}; waiting up to 0.5 s" in result.output
    )
    assert f"{holder} holds it and did not release it within 0.5 s" in result.output
    result = cli(["ingest", "--results-dir", root, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
