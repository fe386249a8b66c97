"""The data embedded in the report grows with models x slices, not with runs."""

from __future__ import annotations

import duckdb
from fixtures_warehouse import build_warehouse
from results_tree import REPORT_MODELS, REPORT_SLICES, write_report_tree

from reports import write_report

EPOCHS = 3  # write_run's default


def _report(db, out):
    con = duckdb.connect(str(db), read_only=True)
    try:
        n_runs = con.execute("select count(*) from marts.fct_training_runs").fetchone()[0]
        return n_runs, write_report(con, out, images=False)
    finally:
        con.close()


def test_embedded_rows_do_not_grow_with_runs(report_warehouse, tmp_path):
    # Both warehouses are built by dbt from Results trees: 2 and 10 runs per cell.
    big_db = build_warehouse(write_report_tree(tmp_path / "Results", runs_per_cell=10), tmp_path)
    small_runs, small = _report(report_warehouse, tmp_path / "small")
    big_runs, big = _report(big_db, tmp_path / "big")
    assert (small_runs, big_runs) == (32, 160)
    assert big.charts == small.charts and len(big.charts) == 8
    assert big.embedded_rows == small.embedded_rows
    models, slices = len(REPORT_MODELS), len(REPORT_SLICES)
    # box x2, heatmap, pareto, top-N: models x slices; frontier: models; energy: 3 x models;
    # epochs: each model's latest run only.
    assert big.embedded_rows <= 5 * models * slices + 4 * models + models * EPOCHS
    small_size = small.index_html.stat().st_size
    assert big.index_html.stat().st_size < small_size * 1.05
