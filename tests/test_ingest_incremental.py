"""Re-ingest: unchanged files cost a stat, changed ones are replaced, deleted ones flagged."""

from __future__ import annotations

import os

import duckdb
from ingest_files import CELL, HEADER, ROW, csv_row, raw_snapshot, small_tree, write

from ingest import load


def test_unchanged_tree_loads_nothing_but_logs_a_batch(tmp_path, monkeypatch):
    root, *_ = small_tree(tmp_path)
    con = duckdb.connect()
    first = load(con, [root])
    assert (first.files_new, first.rows_loaded) == (3, 2)
    before = raw_snapshot(con)
    opened = []
    real_open = open
    real_os_open = os.open
    monkeypatch.setattr(
        "builtins.open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k)
    )
    monkeypatch.setattr(os, "open", lambda p, *a, **k: opened.append(p) or real_os_open(p, *a, **k))
    again = load(con, [root])
    assert opened == []  # a stat only
    assert (again.files_unchanged, again.files_new, again.rows_loaded) == (3, 0, 0)
    assert raw_snapshot(con) == before
    assert con.execute("select count(*) from raw.ingest_batches").fetchone() == (2,)


def test_changed_file_rows_are_replaced(tmp_path):
    root, a, *_ = small_tree(tmp_path)
    con = duckdb.connect()
    load(con, [root])
    fid, first_seen = con.execute(
        "select file_id, first_seen_at from raw.files where path like '%/a_run1_emissions.csv'"
    ).fetchone()
    a.write_text(f"{HEADER}\n{ROW(csv_row(1))}\n{ROW(csv_row(3))}\n")
    os.utime(a, ns=(0, 10**18))
    summary = load(con, [root])
    assert (summary.files_changed, summary.files_unchanged, summary.rows_loaded) == (1, 2, 2)
    rows = con.execute(
        "select project_name from raw.codecarbon_rows where file_id = ? order by row_number", [fid]
    ).fetchall()
    assert rows == [("proj1",), ("proj3",)]
    after = con.execute(
        "select file_id, first_seen_at, n_rows, batch_id from raw.files where file_id = ?", [fid]
    ).fetchone()
    assert after == (fid, first_seen, 2, 2)
    assert con.execute("select count(*) from raw.files").fetchone() == (3,)


def test_touched_file_with_same_bytes_is_unchanged(tmp_path):
    root, a, *_ = small_tree(tmp_path)
    con = duckdb.connect()
    load(con, [root])
    os.utime(a, ns=(0, 10**18))
    summary = load(con, [root])
    assert (summary.files_unchanged, summary.files_changed) == (3, 0)
    assert con.execute(
        "select mtime_ns from raw.files where path like '%/a_run1_emissions.csv'"
    ).fetchone() == (10**18,)
    assert load(con, [root]).files_unchanged == 3


def test_deleted_file_is_flagged_and_rows_kept_then_restored(tmp_path):
    root, a, b, r = small_tree(tmp_path)
    con = duckdb.connect()
    load(con, [root])
    b_bytes = b.read_bytes()
    b.unlink()
    r.unlink()
    summary = load(con, [root])
    assert summary.files_deleted == 2
    status = dict(con.execute("select path, status from raw.files").fetchall())
    assert status[f"{CELL}/b_run1_emissions.csv"] == "deleted"
    assert status["reports/DLinear_Model/Denmark/winter/a_run1.json"] == "deleted"
    assert con.execute(
        "select project_name, _deleted from raw.codecarbon_rows order by project_name"
    ).fetchall() == [("proj1", False), ("proj2", True)]
    assert con.execute("select _deleted from raw.run_reports").fetchall() == [(True,)]
    assert load(con, [root]).files_deleted == 0  # already flagged
    b.write_bytes(b_bytes)
    back = load(con, [root])
    assert (back.files_changed, back.rows_loaded) == (1, 1)
    assert con.execute(
        "select project_name, _deleted from raw.codecarbon_rows order by project_name"
    ).fetchall() == [("proj1", False), ("proj2", False)]


def test_deletion_is_scoped_to_the_scanned_roots(tmp_path):
    root, *_ = small_tree(tmp_path)
    other = tmp_path / "Other"
    write(other, f"{CELL}/c_run1_emissions.csv", f"{HEADER}\n{ROW(csv_row(4))}\n".encode())
    con = duckdb.connect()
    load(con, [root, other])
    summary = load(con, [other])
    assert (summary.files_deleted, summary.files_unchanged) == (0, 1)
    assert con.execute("select count(*) from raw.files where status = 'deleted'").fetchone() == (0,)


def test_partial_file_is_reread_when_it_grows(tmp_path):
    root = tmp_path / "Results"
    path = write(
        root, f"{CELL}/p_run1_emissions.csv", f"{HEADER}\n{ROW(csv_row(1))}\n2025".encode()
    )
    con = duckdb.connect()
    load(con, [root])
    assert con.execute("select status from raw.files").fetchone() == ("partial",)
    path.write_text(f"{HEADER}\n{ROW(csv_row(1))}\n{ROW(csv_row(2))}\n")
    load(con, [root])
    assert con.execute("select status, n_rows, n_rejected from raw.files").fetchone() == (
        "loaded",
        2,
        0,
    )
    assert con.execute("select count(*) from raw.rejected_lines").fetchone() == (0,)


def test_counts_mean_the_same_on_every_run(tmp_path):
    root, *_ = small_tree(tmp_path)
    write(root, "logs/DLinear_Model/Denmark/winter/a_run1.log", b"epoch 1\n")
    con = duckdb.connect()
    first, again = load(con, [root]), load(con, [root])
    assert (first.files_new, first.files_ignored) == (4, 1)
    assert (again.files_unchanged, again.files_ignored) == (4, 1)
