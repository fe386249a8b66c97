"""Every kind of bad input gets a status and a precise error; none stops the batch."""

from __future__ import annotations

import duckdb
import pytest
from ingest_files import CELL, HEADER, assert_lossless, csv_row, write

from ingest import StrictIngestError, load

ROW1 = ",".join(csv_row(1))
ROW2 = ",".join(csv_row(2))

CASES = {
    # name: (bytes, status, error fragment)
    "empty": (b"", "quarantined", "empty file (0 bytes)"),
    "header_only": (HEADER.encode(), "loaded", "header only: no data rows"),
    "being_written": (
        f"{HEADER}\n{ROW1}\n2025-01-02T10:00:00,proj2,id".encode(),
        "partial",
        "line 3: incomplete last line (3 of 7 fields, no final newline)",
    ),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "quarantined", "binary data"),
    "semicolons": (
        HEADER.replace(",", ";").encode() + b"\n" + ROW1.replace(",", ";").encode() + b"\n",
        "quarantined",
        "line 1: wrong delimiter: the CodeCarbon header is separated by ';'",
    ),
    "short_rows": (
        f"{HEADER}\n{ROW1}\n{','.join(csv_row(2)[:5])}\n".encode(),
        "loaded",
        "1 rows shorter than the header (missing cells NULL, _short_row), first at line 3",
    ),
    "long_row": (
        f"{HEADER}\n{ROW1},x,y\n{ROW2}\n".encode(),
        "loaded_with_rejects",
        "line 2: 9 fields, the header has 7 (rejected)",
    ),
    "repeated_header": (
        f"{HEADER}\n{ROW1}\n{HEADER}\n{ROW2}\n".encode(),
        "loaded_with_rejects",
        "line 3: header repeated mid-file (rejected)",
    ),
    "conflict": (
        f"{HEADER}\n<<<<<<< HEAD\n{ROW1}\n=======\n{ROW2}\n>>>>>>> main\n".encode(),
        "loaded_with_rejects",
        "line 2: git merge-conflict marker (rejected); line 4: git merge-conflict marker",
    ),
    "garbage_line": (
        f"{HEADER}\n{ROW1}\nsome garbage\n".encode(),
        "loaded_with_rejects",
        "line 3: not a CSV row (no delimiter) (rejected)",
    ),
    "bom": (b"\xef\xbb\xbf" + f"{HEADER}\n{ROW1}\n".encode(), "loaded", None),
    "crlf": (f"{HEADER}\r\n{ROW1}\r\n".encode(), "loaded", None),
    "no_final_newline": (f"{HEADER}\n{ROW1}".encode(), "loaded", None),
    "latin1": (
        f"{HEADER}\n{','.join(csv_row(1, country_name='Réunion'))}\n".encode("latin-1"),
        "loaded",
        "not valid UTF-8 (byte 0xe9 at line 2, offset",
    ),
    "nul": (
        f"{HEADER}\n{ROW1}\n".encode() + b"\x00" * 50 + f"{ROW2}\n".encode(),
        "loaded",
        "NUL bytes in 1 rows (kept verbatim, _has_nul), first at line 3",
    ),
    "foreign_header": (b"a,b,c\n1,2,3\n", "quarantined", "line 1: header is not CodeCarbon's"),
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad") / "Results"
    for name, (data, _, _) in CASES.items():
        write(root, f"{CELL}/{name}_run1_emissions.csv", data)
    write(root, "reports/M/Denmark/winter/bad_json.json", b'{"metrics": {"mae": 1.0,}}')
    write(root, "reports/M/Denmark/winter/list.json", b"[1, 2]")
    write(root, "reports/M/Denmark/winter/ok.json", b'{"metrics": {"mae": 1.5}}')
    write(root, "reports/summary.json", b"{}")
    write(root, "metrics/M/Denmark/winter/metrics.json", b'{"mae": 1.5}')
    write(root, "notes/table.csv", b"model,mae\nx,1\n")
    write(root, "images/plot.png", b"\x89PNG")
    con = duckdb.connect()
    summary = load(con, [root])
    return con, root, summary


@pytest.mark.parametrize("name", sorted(CASES))
def test_csv_case_status_and_error(loaded, name):
    con, _, _ = loaded
    _, status, fragment = CASES[name]
    got_status, error = con.execute(
        "select status, error from raw.files where path like ?", [f"%/{name}_run1_emissions.csv"]
    ).fetchone()
    assert got_status == status, error
    if fragment is None:
        assert error is None
    else:
        assert fragment in error


def test_loaded_files_are_lossless(loaded):
    con, root, _ = loaded
    assert assert_lossless(con, root) == 12


def test_short_rows_have_null_tails_and_flag(loaded):
    con, _, _ = loaded
    rows = con.execute(
        "select row_number, _short_row, energy_consumed, country_name from raw.codecarbon_rows "
        "join raw.files using (file_id) where path like '%short_rows%' order by row_number"
    ).fetchall()
    assert rows == [(2, False, "0.01", "Denmark"), (3, True, None, None)]


def test_partial_keeps_complete_rows_and_the_incomplete_line(loaded):
    con, _, _ = loaded
    fid, n_rows = con.execute(
        "select file_id, n_rows from raw.files where path like '%being_written%'"
    ).fetchone()
    assert n_rows == 1
    line = con.execute("select line from raw.rejected_lines where file_id = ?", [fid]).fetchone()
    assert line == ("2025-01-02T10:00:00,proj2,id",)


def test_encodings_are_recorded(loaded):
    con, _, _ = loaded
    enc = dict(
        con.execute(
            "select regexp_extract(path, '/(\\w+)_run1', 1), encoding from raw.files "
            "where kind = 'emissions_csv'"
        ).fetchall()
    )
    assert (enc["bom"], enc["latin1"], enc["crlf"]) == ("utf-8-sig", "latin-1", "utf-8")
    header = con.execute("select header from raw.files where path like '%/bom_%'").fetchone()[0]
    assert header == HEADER


def test_json_and_other_files(loaded):
    con, _, _ = loaded
    got = dict(
        (path, (kind, status, error))
        for path, kind, status, error in con.execute(
            "select path, kind, status, error from raw.files where kind <> 'emissions_csv'"
        ).fetchall()
    )
    assert got["reports/M/Denmark/winter/bad_json.json"][1:] == (
        "quarantined",
        "invalid JSON at line 1 column 25: Expecting property name enclosed in double quotes",
    )
    assert got["reports/M/Denmark/winter/list.json"][1:] == (
        "quarantined",
        "expected a JSON object, found list",
    )
    assert got["reports/M/Denmark/winter/ok.json"] == ("run_report", "loaded", None)
    assert got["metrics/M/Denmark/winter/metrics.json"] == ("slice_metrics", "loaded", None)
    assert got["reports/summary.json"][:2] == ("ignored", "ignored")
    assert "top of reports/" in got["reports/summary.json"][2]
    assert got["notes/table.csv"][:2] == ("ignored", "ignored")
    assert got["images/plot.png"][:2] == ("ignored", "ignored")
    report = con.execute("select model, country, season, run, body from raw.run_reports").fetchall()
    assert report == [("M", "Denmark", "winter", "ok", '{"metrics": {"mae": 1.5}}')]


def test_summary_counts(loaded):
    _, _, summary = loaded
    assert summary.files_new == len(CASES) + 7
    assert summary.files_quarantined == 6
    assert summary.files_partial == 1
    assert {p["status"] for p in summary.problems} == {
        "quarantined",
        "partial",
        "loaded_with_rejects",
    }


def test_strict_raises_after_commit(tmp_path):
    root = tmp_path / "Results"
    write(root, f"{CELL}/x_run1_emissions.csv", f"{HEADER}\n{ROW1}\n<<<<<<< HEAD\n".encode())
    con = duckdb.connect()
    with pytest.raises(StrictIngestError, match="x_run1_emissions.csv: loaded_with_rejects"):
        load(con, [root], strict=True)
    assert con.execute("select count(*) from raw.codecarbon_rows").fetchone() == (1,)


def test_header_change_mid_file_and_name_collisions(tmp_path):
    root = tmp_path / "Results"
    text = (
        f"{HEADER},model,_x,,model\n{ROW1},m1,x,e,m2\n"
        "timestamp,project_name,duration,emissions,water_consumed\nt,p,1,2,3\n"
    )
    write(root, f"{CELL}/h_run1_emissions.csv", text.encode())
    con = duckdb.connect()
    load(con, [root])
    assert con.execute(
        "select model, csv_model, csv__x, unnamed_10, csv_model__2 from raw.codecarbon_rows "
        "where row_number = 2"
    ).fetchone() == ("DLinear_Model", "m1", "x", "e", "m2")
    assert con.execute(
        "select water_consumed, run_id from raw.codecarbon_rows where row_number = 4"
    ).fetchone() == ("3", None)
    assert assert_lossless(con, root) == 1
