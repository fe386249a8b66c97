"""Results roots are sources: `-r lab-b=/path` names one; run cells are per source.

lab-a is the hand-made fixture tree; lab-b holds only a run with the same name as one of
lab-a's (DLinear_Model_Germany_summer_run1) but another execution and other metrics, so
the two must stay two run cells, never one cell with two executions.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from fixtures_warehouse import FIXTURE_RESULTS

from warehouse.sources import split_label

pytestmark = pytest.mark.slow

CELL = ("DLinear_Model", "Germany", "summer")
RUN = "DLinear_Model_Germany_summer_run1"


def test_split_label():
    assert split_label("lab-b=/data/Results") == ("lab-b", "/data/Results")
    assert split_label("/data/a=b/Results") == (None, "/data/a=b/Results")
    assert split_label("Results") == (None, "Results")
    assert split_label("=/data") == (None, "=/data")


def _lab_b(root):
    emissions = root / "emissions" / "/".join(CELL)
    reports = root / "reports" / "/".join(CELL)
    emissions.mkdir(parents=True)
    reports.mkdir(parents=True)
    source = FIXTURE_RESULTS / "emissions" / "/".join(CELL) / f"{RUN}_emissions.csv"
    header = source.read_text(encoding="utf-8").splitlines()[0]
    width = len(header.split(","))
    row = ["2025-05-05T10:00:10", RUN, "bbbbbbbb-9999-4000-8000-000000000009", "exp", "50.0", "0.5"]
    row += [""] * (width - len(row))
    (emissions / f"{RUN}_emissions.csv").write_text(
        header + "\n" + ",".join(row) + "\n", encoding="utf-8"
    )
    report = {"metrics": {"mae": 9.0, "rmse": 9.5}, "codecarbon_run_id": row[2]}
    (reports / f"{RUN}.json").write_text(json.dumps(report), encoding="utf-8")


def test_same_named_run_under_two_labelled_roots_is_two_run_cells(cli, tmp_path):
    from warehouse.dbt_runner import build

    lab_a = tmp_path / "lab-a" / "Results"
    shutil.copytree(FIXTURE_RESULTS, lab_a)
    lab_b = tmp_path / "lab-b" / "Results"
    _lab_b(lab_b)
    db = tmp_path / "carbon.duckdb"
    result = cli(["ingest", "--db", db, "-r", lab_a, "--results-dir", f"lab-b={lab_b}", "--json"])
    assert result.exit_code == 0, result.output
    built = build(db, quiet=True, target_path=tmp_path / "dbt_target")
    assert built.success, built.failures

    con = duckdb.connect(str(db), read_only=True)
    try:
        cells = con.execute(
            "select source, n_executions, emissions_kg, total_emissions_kg, mae "
            "from marts.fct_training_runs where run = ? order by source",
            [RUN],
        ).fetchall()
        executions = con.execute(
            "select source, count(*) from marts.fct_executions where run = ? group by source "
            "order by source",
            [RUN],
        ).fetchall()
    finally:
        con.close()
    assert cells == [
        (str(lab_a), 1, pytest.approx(0.031), pytest.approx(0.031), 2.0),
        ("lab-b", 1, pytest.approx(0.5), pytest.approx(0.5), 9.0),
    ]
    assert executions == [(str(lab_a), 1), ("lab-b", 1)]

    from reports.build import build_report

    report = build_report(db, tmp_path / "report")
    summary = report.summary_md.read_text(encoding="utf-8")
    assert "### Sources" in summary and "| lab-b |" in summary
