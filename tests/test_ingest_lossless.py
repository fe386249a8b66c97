"""Raw rows plus rejected lines reproduce every loaded CSV cell for cell (checked with `csv`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from conftest import shared_path

from ingest import load
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
        rows = _rows_by_line(con, file_id, header)
        loaded = 0
        for start, cells in recs[1:]:
            if start in rejected:
                assert [c for _, c in records(rejected.pop(start))] in ([cells], []), (path, start)
                if cells and cells != header and _is_header(cells):
                    header = cells  # the rows below use the new header
                    rows = _rows_by_line(con, file_id, header)
                continue
            row = rows[start]
            assert row[: len(cells)] == cells, (path, start)
            assert all(v is None for v in row[len(cells) :]), (path, start)
            loaded += 1
        assert not rejected, (path, rejected)
        assert loaded == n_rows and len(recs) - 1 == n_rows + n_rejected, path
    return len(files)


def _is_header(cells):
    names = {c.strip() for c in cells}
    return {"timestamp", "project_name", "emissions"} <= names


def _rows_by_line(con, file_id, header):
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in column_names_for_header(header))
    return {
        row[0]: list(row[1:])
        for row in con.execute(
            f"select row_number, {cols} from raw.codecarbon_rows where file_id = ?", [file_id]
        ).fetchall()
    }


def _row(i: int, **over) -> list[str]:
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


def test_tricky_csvs_round_trip(tmp_path):
    root = tmp_path / "Results"
    quoted = io.StringIO()
    writer = csv.writer(quoted, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    writer.writerow(_row(1, project_name='module:ReLU,rep_no:1,"q"'))
    writer.writerow(_row(2, project_name="two\nlines"))
    writer.writerow(_row(3, country_name=""))
    write(root, f"{CELL}/quoted_run1_emissions.csv", quoted.getvalue().encode())
    crlf = "\r\n".join([HEADER, ",".join(_row(1)), ",".join(_row(2))]) + "\r\n"
    write(root, f"{CELL}/crlf_run1_emissions.csv", crlf.encode())
    padded = "\n".join(
        [
            " , ".join(f"{h:<14}" for h in HEADER.split(",")),
            " , ".join(f" {c:<12}" for c in _row(1)),
        ]
    )
    write(root, f"{CELL}/padded_run1_emissions.csv", padded.encode())  # no final newline
    latin = f"{HEADER}\n" + ",".join(_row(1, country_name="Côte d'Ivoire")) + "\n"
    write(root, f"{CELL}/latin_run1_emissions.csv", latin.encode("latin-1"))
    bom = f"{HEADER}\n" + ",".join(_row(1, country_name="Österreich")) + "\n"
    write(root, f"{CELL}/bom_run1_emissions.csv", b"\xef\xbb\xbf" + bom.encode())
    nul = f"{HEADER}\n" + ",".join(_row(1)) + "\n" + "\x00" * 300 + ",".join(_row(2)) + "\n"
    write(root, f"{CELL}/nul_run1_emissions.csv", nul.encode())
    messy = "\n".join(
        [
            HEADER,
            ",".join(_row(1)),
            "<<<<<<< Updated upstream",
            ",".join(_row(2)[:4]),
            "",
            ",".join([*_row(3), "extra"]),
            HEADER,
            ",".join(_row(4)),
        ]
    )
    write(root, f"{CELL}/messy_run1_emissions.csv", (messy + "\n").encode())
    con = duckdb.connect()
    load(con, [root])
    assert assert_lossless(con, root) == 7
    statuses = dict(con.execute("select path, status from raw.files").fetchall())
    assert set(statuses.values()) == {"loaded", "loaded_with_rejects"}
    quoted_names = con.execute(
        "select project_name from raw.codecarbon_rows r join raw.files f using (file_id) "
        "where f.path like '%quoted%' order by row_number"
    ).fetchall()
    assert quoted_names == [('module:ReLU,rep_no:1,"q"',), ("two\nlines",), ("proj3",)]


def test_values_are_not_stripped_and_names_are(tmp_path):
    root = tmp_path / "Results"
    write(
        root,
        f"{CELL}/p_run1_emissions.csv",
        b"timestamp , project_name,duration,emissions \n t ,p,1, 0.5 \n",
    )
    con = duckdb.connect()
    load(con, [root])
    assert con.execute("select timestamp, emissions from raw.codecarbon_rows").fetchall() == [
        (" t ", " 0.5 ")
    ]


@pytest.mark.parametrize(
    "parts", [("reference", "codecarbon_real"), ("reference", "upstream_results", "Results")]
)
def test_shared_trees_are_lossless_and_accounted_for(parts, tmp_path):
    root = shared_path(*parts)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    summary = load(con, [root])
    on_disk = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    in_manifest = [p for (p,) in con.execute("select path from raw.files order by path").fetchall()]
    assert in_manifest == on_disk
    assert summary.files_new == len(on_disk)
    checked = assert_lossless(con, root)
    csvs = [p for p in on_disk if p.endswith((".csv", ".bak"))]
    assert checked == len(csvs)  # every CSV in both trees is CodeCarbon output and loads
    data_rows = 0
    for rel in csvs:
        text = (root / rel).read_bytes().decode("utf-8", errors="replace")
        data_rows += len(records(text)) - 1
    rejected = con.execute("select count(*) from raw.rejected_lines").fetchone()[0]
    rows = con.execute("select count(*) from raw.codecarbon_rows").fetchone()[0]
    assert rows + rejected == data_rows
