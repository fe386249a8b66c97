"""One real short training on ../shared ENTSO-E data, through the CLI."""

from __future__ import annotations

import csv
import json

from conftest import shared_path


def test_quick_dlinear_on_real_german_summer(cli, tmp_path):
    data = shared_path("data", "entsoe")
    shared_path("data", "entsoe", "energy_data_DE_5years_summer.csv")
    result = cli(
        ["train", "--model", "DLinear_Model", "--country", "DE", "--season", "summer"]
        + ["--run", "1", "--quick", "--data-dir", data, "--results-dir", tmp_path]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(
        (
            tmp_path / "reports/DLinear_Model/Germany/summer/DLinear_Model_Germany_summer_run1.json"
        ).read_text()
    )
    assert report["synthetic"] is False
    assert report["params"] == 10512
    assert report["data"]["segments"] == 5 and report["data"]["missing_hours"] == 0
    # Renewable share in percentage points: a 2-epoch DLinear is far from perfect, but sane.
    assert 1 < report["metrics"]["mae"] < 40
    with (tmp_path / report["emissions_csv"]).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[-1]["project_name"] == "DLinear_Model_Germany_summer_run1"
    assert rows[-1]["run_id"] == report["codecarbon_run_id"]
    assert rows[-1]["country_iso_code"] == "DEU"  # where the computer ran (codecarbon.config)
