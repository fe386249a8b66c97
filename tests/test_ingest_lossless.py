"""Raw rows plus rejected lines reproduce every loaded CSV cell for cell (checked with `csv`)."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest
from conftest import shared_path
from ingest_files import CELL, HEADER, assert_lossless, csv_row, records, write

from ingest import load


def test_tricky_csvs_round_trip(tmp_path):
    root = tmp_path / "Results"
    quoted = io.StringIO()
    writer = csv.writer(quoted, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    writer.writerow(csv_row(1, project_name='module:ReLU,rep_no:1,"q"'))
    writer.writerow(csv_row(2, project_name="two\nlines"))
    writer.writerow(csv_row(3, country_name=""))
    write(root, f"{CELL}/quoted_run1_emissions.csv", quoted.getvalue().encode())
    crlf = "\r\n".join([HEADER, ",".join(csv_row(1)), ",".join(csv_row(2))]) + "\r\n"
    write(root, f"{CELL}/crlf_run1_emissions.csv", crlf.encode())
    padded = "\n".join(
        [
            " , ".join(f"{h:<14}" for h in HEADER.split(",")),
            " , ".join(f" {c:<12}" for c in csv_row(1)),
        ]
    )
    write(root, f"{CELL}/padded_run1_emissions.csv", padded.encode())  # no final newline
    latin = f"{HEADER}\n" + ",".join(csv_row(1, country_name="Côte d'Ivoire")) + "\n"
    write(root, f"{CELL}/latin_run1_emissions.csv", latin.encode("latin-1"))
    bom = f"{HEADER}\n" + ",".join(csv_row(1, country_name="Österreich")) + "\n"
    write(root, f"{CELL}/bom_run1_emissions.csv", b"\xef\xbb\xbf" + bom.encode())
    nul = f"{HEADER}\n" + ",".join(csv_row(1)) + "\n" + "\x00" * 300 + ",".join(csv_row(2)) + "\n"
    write(root, f"{CELL}/nul_run1_emissions.csv", nul.encode())
    messy = "\n".join(
        [
            HEADER,
            ",".join(csv_row(1)),
            "<<<<<<< Updated upstream",
            ",".join(csv_row(2)[:4]),
            "",
            ",".join([*csv_row(3), "extra"]),
            HEADER,
            ",".join(csv_row(4)),
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
