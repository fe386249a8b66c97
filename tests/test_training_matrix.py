"""`carbonwh train-matrix`: cells in subprocesses, failures isolated, --skip-existing."""

from __future__ import annotations

import json

from models_tf.matrix import Cell, has_metrics, plan
from models_tf.synth_data import write_synthetic


def test_plan_covers_every_cell_in_order():
    cells = plan(["A_Model", "B_Model"], ["de", "DK"], ["Summer"], 2)
    assert len(cells) == 8
    assert (cells[0].model, cells[0].country_code, cells[0].season, cells[0].run) == (
        "A_Model",
        "DE",
        "summer",
        1,
    )
    assert cells[-1].run_name == "B_Model_Denmark_summer_run2"


def test_has_metrics():
    assert has_metrics({"metrics": {"mae": 1.0}})
    assert not has_metrics({"metrics": {"mae": None}}) and not has_metrics(None)


def test_matrix_isolates_a_failing_cell_and_skips_existing(cli, tmp_path):
    data, results = tmp_path / "data", tmp_path / "Results"
    write_synthetic(data, "DK", "summer", years=1)
    args = ["train-matrix", "--models", "DLinear_Model", "--countries", "DK,XX"]
    args += ["--seasons", "summer", "--runs", "1", "--quick", "--skip-existing"]
    args += ["--data-dir", data, "--results-dir", results]

    first = cli(args)
    assert first.exit_code == 1, first.output  # XX has no data file
    report_path = (
        results / "reports/DLinear_Model/Denmark/summer/DLinear_Model_Denmark_summer_run1.json"
    )
    report = json.loads(report_path.read_text())
    assert report["params"] == 10512 and report["metrics"]["mae"] > 0
    assert report["synthetic"] is True
    assert "1 trained, 0 skipped, 1 failed" in first.output
    assert "data file not found" in first.output
    failed_log = results / "logs/DLinear_Model/XX/summer/DLinear_Model_XX_summer_run1.log"
    assert "energy_data_XX_5years_summer.csv" in failed_log.read_text()

    second = cli(args)
    assert second.exit_code == 1
    assert "0 trained, 1 skipped, 1 failed" in second.output
    assert json.loads(report_path.read_text())["finished_at"] == report["finished_at"]


def test_matrix_rejects_unknown_models_before_running(cli, tmp_path):
    result = cli(
        ["train-matrix", "--models", "DLinear_Model,Nope_Model", "--countries", "DE"]
        + ["--results-dir", tmp_path]
    )
    assert result.exit_code == 2 and "Nope_Model" in result.output
    assert not any(tmp_path.iterdir())


def test_cell_paths_follow_the_results_layout(tmp_path):
    cell = Cell("DLinear_Model", "DE", "winter", 3)
    assert cell.report_path(tmp_path) == (
        tmp_path / "reports/DLinear_Model/Germany/winter/DLinear_Model_Germany_winter_run3.json"
    )
