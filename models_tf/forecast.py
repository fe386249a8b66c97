"""Trained models as forecasters: where they are saved, loading them back, predicting in %.

A run saves `models/<Model>/<Country>/<season>/<run>.keras` under the results root and
records it in its report as `model_file` (relative to the root), with `scaler` {min, max}:
the min-max range fitted on the training part, which maps the model's [0, 1] outputs back
to renewable percent. Models load in Keras' safe mode (the zoo has no Lambda layers).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from models_tf.data import (
    HOUR,
    LOOK_BACK,
    DataError,
    keep_season,
    read_series,
    split_times,
)
from models_tf.naming import RunContext


def model_file(results_root: Path, context: RunContext, run_name: str) -> Path:
    """`<root>/models/<Model>/<Country>/<season>/<run>.keras`."""
    return context.cell_dir(results_root, "models") / f"{run_name}.keras"


def save_model(net, path: Path) -> Path:
    """Save a Keras model atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.keras")
    net.save(tmp)
    os.replace(tmp, path)
    return path


def load_model(path: Path):
    import keras

    return keras.models.load_model(Path(path), safe_mode=True)


@dataclass
class Forecaster:
    """A loaded model and its scaler: 72 past hours in % -> the next hours in %."""

    name: str
    net: object
    scaler_min: float
    scaler_max: float
    run: str | None = None

    def predict(self, histories: np.ndarray) -> np.ndarray:
        """(n, 72) past hours in % -> (n, horizon) forecasts in %."""
        from models_tf.train import model_inputs

        histories = np.asarray(histories, dtype=float)
        scale = (self.scaler_max - self.scaler_min) or 1.0
        scaled = ((histories - self.scaler_min) / scale).astype("float32")
        if not len(scaled):
            return np.empty((0, self.net.output_shape[1]))
        # Direct calls in chunks: no tf.function tracing (predict() retraces per shape).
        chunks = [
            np.asarray(self.net(model_inputs(self.net, scaled[i : i + 512]), training=False))
            for i in range(0, len(scaled), 512)
        ]
        out = np.concatenate(chunks).astype(float).reshape(len(scaled), -1)
        return out * scale + self.scaler_min


def load_forecaster(results_root: Path, report_path: Path) -> Forecaster:
    """The forecaster a run report describes; `DataError` when it has no usable model."""
    try:
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{report_path}: cannot read the run report ({exc})") from None
    relative, scaler = report.get("model_file"), report.get("scaler") or {}
    if not relative or scaler.get("min") is None or scaler.get("max") is None:
        raise DataError(f"{report_path}: no model_file/scaler (trained before models were kept)")
    path = Path(results_root) / relative
    if not path.is_file():
        raise DataError(f"{path}: model file named by {report_path} is missing")
    return Forecaster(
        name=report.get("model") or path.parent.parent.parent.name,
        net=load_model(path),
        scaler_min=float(scaler["min"]),
        scaler_max=float(scaler["max"]),
        run=report.get("run"),
    )


def saved_runs(results_root: Path, model: str, country: str, season: str) -> list[Path]:
    """Run reports of a (model, country, season) cell whose model file exists, newest first."""
    cell = RunContext(model=model, country=country, season=season)
    found = []
    for report in sorted(cell.cell_dir(results_root, "reports").glob("*.json")):
        try:
            relative = json.loads(report.read_text(encoding="utf-8")).get("model_file")
        except (OSError, ValueError):
            continue
        if relative and (Path(results_root) / relative).is_file():
            found.append(report)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


@dataclass
class HourlyData:
    """A season file as one hourly series (NaN where an hour is missing) and its test period.

    `test_start` is the pipeline's own validation/test cut (`split_times`, as in the run
    reports); `test_end` is one hour after the last observed hour (exclusive).
    """

    path: Path
    values: pd.Series
    test_start: pd.Timestamp
    test_end: pd.Timestamp

    def window(self, start: pd.Timestamp, hours: int) -> np.ndarray:
        """Values of `[start, start + hours)`; NaN for missing hours or outside the file."""
        index = pd.date_range(start, periods=hours, freq="h")
        return self.values.reindex(index).to_numpy(dtype=float)

    def history(self, at: pd.Timestamp, hours: int = LOOK_BACK) -> np.ndarray:
        """The `hours` hours before `at`; `DataError` naming the first missing hour."""
        values = self.window(at - HOUR * hours, hours)
        missing = np.flatnonzero(np.isnan(values))
        if missing.size:
            first = at - HOUR * hours + HOUR * int(missing[0])
            raise DataError(
                f"{self.path}: {missing.size} of the {hours} hours before {at.isoformat()} "
                f"are missing (first {first.isoformat()})"
            )
        return values


def read_hourly(path: Path, season: str) -> HourlyData:
    series = keep_season(read_series(path), season)
    observed = series.times
    full = pd.date_range(observed[0], observed[-1], freq="h")
    values = pd.Series(series.values, index=observed).reindex(full)
    _, test_start = split_times(observed)
    return HourlyData(Path(path), values, test_start, observed[-1] + HOUR)
