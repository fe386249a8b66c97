"""`carbonwh data synth`: deterministic, same format as the real files, flagged synthetic."""

from __future__ import annotations

import json

import numpy as np

from models_tf.data import load_dataset, read_series
from models_tf.synth_data import synth_series, write_synthetic


def test_same_seed_same_bytes_other_seed_other_values(tmp_path):
    first = write_synthetic(tmp_path / "a", "DE", "summer", seed=3, years=1)
    second = write_synthetic(tmp_path / "b", "DE", "summer", seed=3, years=1)
    assert first.read_bytes() == second.read_bytes()
    other = synth_series("DE", "summer", seed=4, years=1)[1]
    assert not np.array_equal(other, synth_series("DE", "summer", seed=3, years=1)[1])


def test_format_matches_the_real_files(tmp_path):
    path = write_synthetic(tmp_path, "DK", "winter", years=2)
    assert path.name == "energy_data_DK_5years_winter.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == "startTime,renewable_percentage"
    assert lines[1] == "2021-01-01 00:00:00+00:00," + lines[1].split(",")[1]
    series = read_series(path)
    assert series.values.min() >= 0 and series.values.max() <= 100
    assert set(series.times.month) == {10, 11, 12, 1, 2, 3}


def test_realistic_shape(tmp_path):
    hours, values = synth_series("DE", "summer", years=1)
    by_hour = np.array([values[hours.hour == h].mean() for h in range(24)])
    assert by_hour[12] > by_hour[0] + 5  # a solar midday bump
    assert values.std() > 5  # weather varies


def test_sidecar_marks_the_file_synthetic(tmp_path):
    path = write_synthetic(tmp_path, "DE", "summer", seed=7, years=1)
    meta = json.loads((tmp_path / (path.name + ".meta.json")).read_text())
    assert meta["synthetic"] is True and meta["seed"] == 7
    assert load_dataset(path, "summer").synthetic is True


def test_cli_writes_into_the_data_dir(cli, tmp_path):
    result = cli(["data", "synth", "--country", "hu", "--season", "Summer"] + ["--out", tmp_path])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "energy_data_HU_5years_summer.csv").is_file()
    assert (tmp_path / "energy_data_HU_5years_summer.csv.meta.json").is_file()
    bad = cli(["data", "synth", "--country", "HU", "--season", "spring", "--out", tmp_path])
    assert bad.exit_code == 2 and "summer or winter" in bad.output
