"""The per-file pandas baseline computes the seed method of the published benchmark."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import shared_path

from benchmarks.baseline_pandas import load_published_way, seed_total
from benchmarks.synth_results import generate

HEADER = "timestamp,project_name,run_id,duration,emissions,energy_consumed\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def tiny(tmp_path) -> Path:
    cell = tmp_path / "emissions" / "M" / "Denmark" / "winter"
    # one execution, cumulative snapshots: max
    _write(
        cell / "M_Denmark_winter_run1_emissions.csv",
        HEADER + "t,p,a,10,0.1,1.0\nt,p,a,20,0.2,2.0\nt,p,a,30,0.3,3.0\n",
    )
    # re-executions whose totals fall: not monotonic, so the sum
    _write(
        cell / "M_Denmark_winter_run2_emissions.csv", HEADER + "t,p,a,10,0.5,5.0\nt,p,b,5,0.2,2.0\n"
    )
    # a non-numeric value counts as 0 (and breaks monotonicity: sum)
    _write(
        cell / "M_Denmark_winter_run3_emissions.csv",
        HEADER + "t,p,a,10,0.4,4.0\nt,p,a,20,oops,n/a\n",
    )
    # backups are not read by the published way
    _write(cell / "M_Denmark_winter_run1_emissions.csv.bak", HEADER + "t,p,z,99,9.0,90.0\n")
    reports = tmp_path / "reports" / "M" / "Denmark" / "winter"
    _write(reports / "M_Denmark_winter_run1.json", json.dumps({"metrics": {"mae": 7.5}}))
    return tmp_path  # fmt: skip


def test_seed_values_on_a_tiny_tree(tiny):
    runs = load_published_way(tiny).set_index("run")
    assert len(runs) == 3
    one, two, three = (runs.loc[f"M_Denmark_winter_run{n}"] for n in (1, 2, 3))
    assert one.emissions_kg == pytest.approx(0.3) and one.energy_kwh == pytest.approx(3.0)
    assert one.duration_s == 30 and one.mae == 7.5
    assert two.emissions_kg == pytest.approx(0.7) and two.energy_kwh == pytest.approx(7.0)
    assert two.duration_s == 10
    assert three.emissions_kg == pytest.approx(0.4) and three.energy_kwh == pytest.approx(4.0)
    assert (one.model, one.country, one.season) == ("M", "Denmark", "winter")


def test_seed_total_tolerates_float_noise():
    import pandas as pd

    assert seed_total(pd.Series([1.0, 2.0, 2.0 - 1e-12])) == 2.0
    assert seed_total(pd.Series([], dtype="float64")) == 0.0


def _seed_by_csv_module(path: Path) -> float:
    with path.open(newline="") as handle:
        values = [float(row["emissions"]) for row in csv.DictReader(handle)]
    rising = all(b - a >= -1e-9 for a, b in zip(values, values[1:], strict=False))
    return max(values) if rising else sum(values)


def test_matches_an_independent_reader_on_a_synthetic_tree(tmp_path):
    root = generate(tmp_path / "Results", 120, seed=5).root
    runs = load_published_way(root)
    assert len(runs) == 120 and runs["mae"].notna().all()
    for row in runs.itertuples():
        path = root / "emissions" / row.model / row.country / row.season
        expected = _seed_by_csv_module(path / f"{row.run}_emissions.csv")
        assert row.emissions_kg == pytest.approx(expected, rel=1e-12)


def test_hand_checked_values_on_the_shared_tree():
    runs = load_published_way(shared_path("reference", "upstream_results", "Results"))
    by_run = runs.set_index(["model", "country", "season", "run"])["emissions_kg"]
    dlinear = by_run[("DLinear_Model", "Denmark", "winter", "DLinear_Model_Denmark_winter_run1")]
    cnn = by_run[
        ("CNN_LSTM_Model_v2", "Denmark", "summer", "CNN_LSTM_Model_v2_Denmark_summer_run1")
    ]
    assert dlinear == pytest.approx(0.002251, abs=1e-6)
    assert cnn == pytest.approx(0.169487, abs=1e-6)
