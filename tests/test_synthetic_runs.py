"""Synthetic runs are a first-class fact: they reach fct_training_runs as `is_synthetic`, stay
out of the publication marts and regressions unless the var include_synthetic is set, and
the report counts and marks them; cells whose executions used different data are flagged.
Real dbt builds of a small Results tree.
"""

from __future__ import annotations

import duckdb
import pytest
from results_tree import write_run, write_tree

from ingest import load
from reports import write_report
from warehouse.dbt_runner import build

SHA_REAL, SHA_SYNTH = "a" * 64, "b" * 64


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("synthetic") / "Results")  # 8 real runs
    # A synthetic model that would win every table (MAE 1.0, tiny emissions).
    for country in ("Denmark", "Germany"):
        write_run(
            root, "Synth_Model", country, "summer", 1, kg_per_epoch=1e-5, mae=1.0,
            synthetic=True, data_sha256=SHA_SYNTH,
        )  # fmt: skip
    # Two more synthetic runs in Denmark: three executions make a regression group.
    for run_number in (2, 3):
        write_run(
            root, "Synth_Model", "Denmark", "summer", run_number, kg_per_epoch=1e-5 * run_number,
            mae=1.0, synthetic=True, data_sha256=SHA_SYNTH,
        )  # fmt: skip
    # A real cell re-trained with --force after a synthetic execution: mixed data.
    write_run(
        root, "Mixed_Model", "Denmark", "summer", 1, mae=4.0, synthetic=False,
        data_sha256=SHA_REAL,
        data_history=[{"codecarbon_run_id": "x", "data_sha256": SHA_SYNTH, "synthetic": True}],
    )  # fmt: skip
    return root


def _build(results, base, vars=None):
    db = base / "carbon.duckdb"
    con = duckdb.connect(str(db))
    try:
        load(con, [results])
    finally:
        con.close()
    result = build(db, quiet=True, vars=vars, target_path=base / "dbt_target")
    assert result.success, result.failures
    return db


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _report(db, out):
    con = duckdb.connect(str(db), read_only=True)
    try:
        write_report(con, out, images=False)
    finally:
        con.close()
    return (out / "summary.md").read_text(), (out / "index.html").read_text()


def test_synthetic_runs_are_flagged_and_left_out_by_default(results, tmp_path):
    db = _build(results, tmp_path)
    flagged = _rows(
        db,
        "select model, country, is_synthetic, has_mixed_data from marts.fct_training_runs "
        "where is_synthetic or has_mixed_data order by model, country",
    )
    assert flagged == [
        ("Mixed_Model", "Denmark", True, True),
        ("Synth_Model", "Denmark", True, False),
        ("Synth_Model", "Denmark", True, False),
        ("Synth_Model", "Denmark", True, False),
        ("Synth_Model", "Germany", True, False),
    ]
    assert _rows(db, "select count(*) from marts.rpt_emission_regressions") == [(0,)]
    for mart, column in [
        ("rpt_mae_summary", "best_model"),
        ("rpt_low_carbon_leaders", "model"),
        ("rpt_top_models_by_slice", "model"),
        ("rpt_pareto_front", "model"),
        ("rpt_efficient_frontier", "model"),
    ]:
        models = {row[0] for row in _rows(db, f"select {column} from marts.{mart}")}
        assert models and not models & {"Synth_Model", "Mixed_Model"}, mart
    assert _rows(db, "select max(n_runs) from marts.rpt_mae_summary") == [(4,)]
    summary, page = _report(db, tmp_path / "report")
    assert "5 of 13 runs are synthetic" in summary and "left out of the tables" in summary
    assert "1 run(s) mix executions trained on different data" in summary
    assert "(synthetic)" not in summary.split("## ", 1)[1]  # no table row is marked
    assert "5 of 13 runs are synthetic" in page


def test_include_synthetic_puts_them_back_marked(results, tmp_path):
    db = _build(results, tmp_path, vars={"include_synthetic": True})
    best = _rows(
        db,
        "select slice, best_model, best_is_synthetic from marts.rpt_mae_summary "
        "where method = 'exact' order by slice",
    )
    assert best == [
        ("Denmark Summer", "Synth_Model", True),
        ("Germany Summer", "Synth_Model", True),
    ]
    regressions = _rows(db, "select model, country, n_earlier from marts.rpt_emission_regressions")
    assert regressions == [("Synth_Model", "Denmark", 2)]
    summary, _ = _report(db, tmp_path / "report")
    assert "included and marked `(synthetic)`" in summary
    assert "| Denmark Summer | Synth\\_Model (synthetic) |" in summary
    assert "| Synth\\_Model (synthetic) | 1.000 |" in summary  # the efficient frontier


def test_a_warehouse_of_synthetic_runs_only_builds_green(tmp_path):
    # A demo warehouse built without include_synthetic: empty publication marts are right.
    root = tmp_path / "Results"
    for country in ("Denmark", "Germany"):
        write_run(root, "Synth_Model", country, "summer", 1, synthetic=True, data_sha256=SHA_SYNTH)
    db = _build(root, tmp_path)
    assert _rows(db, "select count(*) from marts.rpt_mae_summary") == [(0,)]
    summary, _ = _report(db, tmp_path / "report")
    assert "2 of 2 runs are synthetic" in summary and "left out of the tables" in summary
