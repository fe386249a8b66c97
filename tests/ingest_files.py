"""Small raw files for the ingest tests: a short CodeCarbon header, rows, a three-file tree,
a snapshot of the raw tables, and the cell-for-cell lossless check."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from ingest.schema import column_names_for_header

HEADER = "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_name"
CELL = "emissions/DLinear_Model/Denmark/winter"


def write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def records(text: str) -> list[tuple[int, list[str]]]:
    """(physical start line, cells) of every record, by the csv module alone."""
    reader = csv.reader(io.StringIO(text, newline=""))
    out, prev = [], 0
    for cells in reader:
        out.append((prev + 1, cells))
        prev = reader.line_num
    return out


def assert_lossless(con: duckdb.DuckDBPyConnection, root: Path) -> int:
    """Check every loaded CSV under `root`; returns how many files were checked."""
    files = con.execute(
        "select file_id, path, encoding, header, n_rows, n_rejected from raw.files "
        "where root = ? and kind = 'emissions_csv' "
        "and status in ('loaded', 'loaded_with_rejects', 'partial')",
        [str(root.resolve())],
    ).fetchall()
    for file_id, path, encoding, header_line, n_rows, n_rejected in files:
        data = (root / path).read_bytes()
        text = data.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
        recs = records(text)
        assert text.splitlines()[0] == header_line, path
        header = recs[0][1]
        rejected = dict(
            con.execute(
                "select line_number, line from raw.rejected_lines where file_id = ?", [file_id]
            ).fetchall()
        )
        rows = rows_by_line(con, file_id, header)
        loaded = 0
        for start, cells in recs[1:]:
            if start in rejected:
                assert [c for _, c in records(rejected.pop(start))] in ([cells], []), (path, start)
                if cells and cells != header and is_header(cells):
                    header = cells  # the rows below use the new header
                    rows = rows_by_line(con, file_id, header)
                continue
            row = rows[start]
            assert row[: len(cells)] == cells, (path, start)
            assert all(v is None for v in row[len(cells) :]), (path, start)
            loaded += 1
        assert not rejected, (path, rejected)
        assert loaded == n_rows and len(recs) - 1 == n_rows + n_rejected, path
    return len(files)


def is_header(cells):
    names = {c.strip() for c in cells}
    return {"timestamp", "project_name", "emissions"} <= names


def rows_by_line(con, file_id, header):
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in column_names_for_header(header))
    return {
        row[0]: list(row[1:])
        for row in con.execute(
            f"select row_number, {cols} from raw.codecarbon_rows where file_id = ?", [file_id]
        ).fetchall()
    }


def csv_row(i: int, **over) -> list[str]:
    cells = {
        "timestamp": f"2025-01-0{i}T10:00:00",
        "project_name": f"proj{i}",
        "run_id": f"id-{i}",
        "duration": f"{i}.5",
        "emissions": f"0.00{i}",
        "energy_consumed": f"0.0{i}",
        "country_name": "Denmark",
    }
    cells.update(over)
    return list(cells.values())


ROW = ",".join


def small_tree(tmp_path):
    root = tmp_path / "Results"
    a = write(root, f"{CELL}/a_run1_emissions.csv", f"{HEADER}\n{ROW(csv_row(1))}\n".encode())
    b = write(root, f"{CELL}/b_run1_emissions.csv", f"{HEADER}\n{ROW(csv_row(2))}\n".encode())
    r = write(root, "reports/DLinear_Model/Denmark/winter/a_run1.json", b'{"metrics": {}}')
    return root, a, b, r


def raw_snapshot(con):
    return {
        t: con.execute(f"select * from raw.{t} order by all").fetchall()
        for t in ("files", "codecarbon_rows", "rejected_lines", "run_reports", "slice_metrics")
    }
