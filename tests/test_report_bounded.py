"""The data embedded in the report grows with models x slices, not with runs."""

from __future__ import annotations

import duckdb
from synthetic_marts import COUNTRIES, EPOCHS, MODELS, SEASONS, build_synthetic_warehouse

from reports import write_report


def _report(tmp_path, runs_per_cell):
    db = build_synthetic_warehouse(tmp_path / f"runs{runs_per_cell}.duckdb", runs_per_cell)
    con = duckdb.connect(str(db), read_only=True)
    try:
        n_runs = con.execute("select count(*) from marts.fct_training_runs").fetchone()[0]
        return n_runs, write_report(con, tmp_path / f"out{runs_per_cell}", images=False)
    finally:
        con.close()


def test_embedded_rows_do_not_grow_with_runs(tmp_path):
    small_runs, small = _report(tmp_path, runs_per_cell=2)
    big_runs, big = _report(tmp_path, runs_per_cell=6250)
    assert (small_runs, big_runs) == (32, 100_000)
    assert big.charts == small.charts and len(big.charts) == 8
    assert big.embedded_rows == small.embedded_rows
    models, slices = len(MODELS), len(COUNTRIES) * len(SEASONS)
    # box x2, heatmap, pareto, top-N: models x slices; frontier: models; energy: 3 x models;
    # epochs: each model's latest run only.
    assert big.embedded_rows <= 5 * models * slices + 4 * models + models * EPOCHS
    small_size = small.index_html.stat().st_size
    assert big.index_html.stat().st_size < small_size * 1.05
