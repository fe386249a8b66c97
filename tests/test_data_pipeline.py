"""Data pipeline: season months, segments at gaps, missing hours, split, scaler, windows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models_tf.data import (
    DataError,
    keep_season,
    load_dataset,
    read_series,
    segment,
    windows,
)


def write_series(path, hours, values):
    stamps = pd.DatetimeIndex(hours).strftime("%Y-%m-%d %H:%M:%S+00:00")
    lines = ["startTime,renewable_percentage"]
    lines += [f"{s},{v:.1f}" for s, v in zip(stamps, values, strict=True)]
    path.write_text("\n".join(lines) + "\n")
    return path


def summer_hours(years=(2021, 2022)):
    parts = [
        pd.date_range(f"{y}-04-01", f"{y}-10-01", freq="h", inclusive="left", tz="UTC")
        for y in years
    ]
    return parts[0].append(parts[1:]) if len(parts) > 1 else parts[0]


def test_window_shapes_and_content():
    values = np.arange(200, dtype=float)
    x, y = windows(values, 72, 72)
    assert x.shape == (200 - 144 + 1, 72) and y.shape == x.shape
    assert x[0, 0] == 0 and x[0, -1] == 71 and y[0, 0] == 72 and y[-1, -1] == 199
    assert windows(np.arange(100.0))[0].shape == (0, 72)


def test_windows_never_touch_missing_hours():
    values = np.arange(300, dtype=float)
    values[150] = np.nan
    x, y = windows(values, 72, 72)
    assert np.isfinite(x).all() and np.isfinite(y).all()
    # Windows starting at 7..150 contain hour 150; only 0..6 and 151..156 remain.
    assert len(x) == (300 - 144 + 1) - 144


def test_season_gap_splits_segments_and_missing_hours_are_reported(tmp_path):
    hours = summer_hours()
    values = 50 + 10 * np.sin(np.arange(len(hours)) / 5)
    keep = np.ones(len(hours), bool)
    keep[1000:1003] = False  # three hours lost inside the first summer
    path = write_series(tmp_path / "energy_data_DE_5years_summer.csv", hours[keep], values[keep])
    series = keep_season(read_series(path), "summer")
    segments = segment(series, "summer")
    assert len(segments) == 2  # one per summer: the off-season gap is a break
    assert segments[0][0] == pd.Timestamp("2021-04-01", tz="UTC")
    assert np.isnan(segments[0][1]).sum() == 3
    dataset = load_dataset(path, "summer")
    assert dataset.info["segments"] == 2
    assert dataset.info["missing_hours"] == 3
    assert dataset.info["first_missing_hour"] == hours[1000].isoformat()
    assert not dataset.synthetic


def test_windows_do_not_cross_the_season_gap(tmp_path):
    hours = summer_hours()
    # Each summer is constant at its own level: a crossing window would mix both.
    values = np.where(hours.year == 2021, 20.0, 80.0)
    dataset = load_dataset(write_series(tmp_path / "f.csv", hours, values), "summer")
    for x, y in ((dataset.x_train, dataset.y_train), (dataset.x_test, dataset.y_test)):
        both = np.concatenate([x, y], axis=1)
        assert (both.min(axis=1) == both.max(axis=1)).all()


def test_out_of_season_rows_are_dropped(tmp_path):
    hours = pd.date_range("2021-03-01", "2021-10-01", freq="h", inclusive="left", tz="UTC")
    dataset = load_dataset(
        write_series(tmp_path / "f.csv", hours, np.full(len(hours), 40.0)), "summer"
    )
    assert dataset.info["out_of_season"] == 31 * 24
    assert dataset.info["hours"] == len(hours) - 31 * 24


def test_split_is_chronological_and_scaler_sees_training_only(tmp_path):
    hours = summer_hours((2021,))
    # A rising series: validation and test hold values the training part never saw.
    values = 10 + 0.1 * np.arange(len(hours))
    dataset = load_dataset(write_series(tmp_path / "f.csv", hours, values), "summer")
    train_end = int(len(hours) * 0.70)
    assert dataset.scaler.min_ == pytest.approx(10.0)
    assert dataset.scaler.min_ + dataset.scaler.scale_ == pytest.approx(values[train_end - 1])
    assert dataset.x_train.max() <= 1.0 + 1e-6 and dataset.y_train.max() <= 1.0 + 1e-6
    assert dataset.x_val.min() > 1.0 and dataset.x_test.min() > dataset.y_val.max()
    original = dataset.scaler.inverse_transform(dataset.y_test[-1, -1])
    assert original == pytest.approx(values[-1], abs=1e-3)
    assert dataset.info["split_times"][0] == hours[train_end].isoformat()


def test_duplicate_hours_keep_the_first(tmp_path):
    hours = summer_hours((2021,))
    stamps = hours.insert(5, hours[5])
    values = np.full(len(stamps), 30.0)
    values[6] = 99.0  # the second copy of hour 5
    dataset = load_dataset(write_series(tmp_path / "f.csv", stamps, values), "summer")
    assert dataset.info["duplicates"] == 1
    assert dataset.x_train.max() == dataset.x_train.min()  # 99.0 was dropped


def test_zero_percent_hours_are_valid(tmp_path):
    hours = summer_hours((2021,))
    values = np.where(np.arange(len(hours)) % 24 == 3, 0.0, 40.0)
    dataset = load_dataset(write_series(tmp_path / "f.csv", hours, values), "summer")
    assert dataset.info["missing_hours"] == 0


def test_too_little_data_is_an_error(tmp_path):
    hours = summer_hours((2021,))[:200]
    with pytest.raises(DataError, match="no complete 72\\+72 h window"):
        load_dataset(write_series(tmp_path / "f.csv", hours, np.full(200, 40.0)), "summer")


def test_real_files_have_one_segment_per_season(tmp_path):
    from conftest import shared_path

    path = shared_path("data", "entsoe", "energy_data_DK_5years_winter.csv")
    dataset = load_dataset(path, "winter")
    assert dataset.info["segments"] == 5  # Jan-Mar 2021, then four Oct-Mar winters
    assert dataset.info["missing_hours"] == 0
    assert dataset.x_train.shape[1:] == (72,) and dataset.y_test.shape[1:] == (72,)
    total = sum(dataset.info["windows"].values())
    assert total < dataset.info["hours"]  # windows never span the gaps
