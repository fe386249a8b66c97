"""Carbon-aware scheduling: pick a job's start from a renewable-share forecast, and score it.

Pure logic on numpy/pandas (no files but CodeCarbon's bundled energy mix, no warehouse):
- `best_offset`: the start within a deadline that maximises the mean share over the job;
- `persistence_forecast`: yesterday's same hours;
- `IntensityModel`: renewable % -> g CO2e/kWh from CodeCarbon's per-country energy mix;
- `backtest`: arrivals over a test period, every policy's decision, and the summary figures.

A policy sees only the 72 hours before an arrival; it is scored on the actual series.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from models_tf.data import HORIZON, HOUR, LOOK_BACK

# Policies that need no trained model. `now` starts at once; `random` is the expected
# value of a uniformly random allowed start; `oracle` knows the actual future.
BASELINES = ("now", "random", "persistence", "oracle")
NO_FORECAST = ("now", "random", "oracle")
TIE_TOLERANCE = 1e-9  # window means this close count as equal: the earliest start wins

Forecast = Callable[[np.ndarray], np.ndarray]  # (n, 72) past hours in % -> (n, 72) in %


class ScheduleError(ValueError):
    """Bad scheduling input (duration, deadline...); the message says why."""


def check_job(duration: int, deadline: int, horizon: int = HORIZON) -> None:
    if duration < 1:
        raise ScheduleError(f"duration must be at least 1 hour, not {duration}")
    if deadline > horizon:
        raise ScheduleError(f"deadline {deadline} h is beyond the {horizon} h forecast horizon")
    if duration > deadline:
        raise ScheduleError(f"duration {duration} h is longer than the deadline {deadline} h")


def window_means(values: np.ndarray, duration: int, deadline: int) -> np.ndarray:
    """Mean of `[k, k + duration)` for every start k in `[0, deadline - duration]`.

    `values` is (..., >= deadline); the result is (..., deadline - duration + 1).
    """
    values = np.asarray(values, dtype=float)[..., :deadline]
    view = np.lib.stride_tricks.sliding_window_view(values, duration, axis=-1)
    return view.mean(axis=-1)


def earliest_argmax(means: np.ndarray) -> np.ndarray:
    """Index of the largest value along the last axis; ties (within 1e-9): the first."""
    means = np.asarray(means, dtype=float)
    best = np.nanmax(means, axis=-1, keepdims=True)
    return np.argmax(means >= best - TIE_TOLERANCE, axis=-1)


def best_offset(forecast: np.ndarray, duration: int, deadline: int) -> int:
    """Hours after the arrival at which to start: argmax of the forecast window mean."""
    check_job(duration, deadline, max(len(forecast), deadline))
    return int(earliest_argmax(window_means(forecast, duration, deadline)))


def persistence_forecast(histories: np.ndarray, horizon: int = HORIZON) -> np.ndarray:
    """Forecast of hour a + h = actual at a - 24 + (h mod 24): the last day repeated."""
    histories = np.atleast_2d(np.asarray(histories, dtype=float))
    hours = np.arange(horizon)
    return histories[:, histories.shape[1] - 24 + hours % 24]


# ---- intensity -----------------------------------------------------------------------
def energy_mix() -> dict:
    """CodeCarbon's bundled per-country energy mix (`data/private_infra/global_energy_mix.json`)."""
    path = resources.files("codecarbon") / "data" / "private_infra" / "global_energy_mix.json"
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class IntensityModel:
    """`intensity(t) = fossil_intensity * max(0, 1 - renewable(t)/100 - nuclear_share)`.

    fossil_intensity (g per fossil kWh) = carbon_intensity * total_TWh / fossil_TWh:
    CodeCarbon's yearly average intensity, all of it attributed to the fossil share.
    """

    iso_code: str
    year: int | None
    carbon_intensity: float
    fossil_intensity: float
    nuclear_share: float

    @classmethod
    def from_mix(cls, entry: dict) -> IntensityModel:
        total, fossil = float(entry["total_TWh"]), float(entry["fossil_TWh"])
        intensity = float(entry["carbon_intensity"])
        return cls(
            iso_code=entry["iso_code"],
            year=entry.get("year"),
            carbon_intensity=intensity,
            fossil_intensity=intensity * total / fossil if fossil > 0 else 0.0,
            nuclear_share=float(entry.get("nuclear_TWh") or 0.0) / total if total > 0 else 0.0,
        )

    def intensity(self, renewable_pct: np.ndarray) -> np.ndarray:
        share = 1.0 - np.asarray(renewable_pct, dtype=float) / 100.0 - self.nuclear_share
        return self.fossil_intensity * np.maximum(0.0, share)


ENERGY_MIX_COLUMNS = (
    "iso_code",
    "country_name",
    "year",
    "carbon_intensity",
    "total_twh",
    "fossil_twh",
    "nuclear_twh",
    "fossil_intensity_g_per_kwh",
    "nuclear_share",
)


def energy_mix_rows(mix: dict | None = None) -> list[dict]:
    """The per-country intensity-model figures (the dbt seed `codecarbon_energy_mix`)."""
    mix = energy_mix() if mix is None else mix
    rows = []
    for iso3 in sorted(mix):
        model = intensity_model(iso3, mix)
        if model is None:
            continue
        entry = mix[iso3]
        rows.append(
            {
                "iso_code": iso3,
                "country_name": entry.get("country_name"),
                "year": entry.get("year"),
                "carbon_intensity": float(entry["carbon_intensity"]),
                "total_twh": float(entry["total_TWh"]),
                "fossil_twh": float(entry["fossil_TWh"]),
                "nuclear_twh": float(entry.get("nuclear_TWh") or 0.0),
                "fossil_intensity_g_per_kwh": model.fossil_intensity,
                "nuclear_share": model.nuclear_share,
            }
        )
    return rows


def intensity_model(iso3: str | None, mix: dict | None = None) -> IntensityModel | None:
    """The model for an ISO alpha-3 code, None when CodeCarbon has no mix for it."""
    mix = energy_mix() if mix is None else mix
    entry = mix.get(iso3 or "")
    if not entry or not entry.get("total_TWh") or not entry.get("fossil_TWh"):
        return None
    return IntensityModel.from_mix(entry)


# ---- backtest ------------------------------------------------------------------------
def arrival_times(
    values: pd.Series,
    test_start: pd.Timestamp,
    test_end: pd.Timestamp,
    deadline: int,
    every: int = 1,
    look_back: int = LOOK_BACK,
) -> pd.DatetimeIndex:
    """Arrivals every `every` h from `test_start` with `[a - 72, a + deadline)` all present
    and `a + deadline <= test_end`; arrivals across a gap are skipped."""
    candidates = pd.date_range(test_start, test_end - HOUR * deadline, freq=f"{every}h")
    if not len(candidates):
        return candidates
    needed = _stack(values, candidates, -look_back, look_back + deadline)
    return candidates[np.isfinite(needed).all(axis=1)]


def _stack(values: pd.Series, times: pd.DatetimeIndex, offset: int, hours: int) -> np.ndarray:
    """(len(times), hours): values of `[t + offset, t + offset + hours)`; NaN where missing."""
    full = values.reindex(
        pd.date_range(times.min() + HOUR * offset, times.max() + HOUR * (offset + hours), freq="h")
    ).to_numpy(dtype=float)
    first = ((times - times.min()) // HOUR).to_numpy(dtype=int)
    return full[first[:, None] + np.arange(hours)[None, :]]


@dataclass
class Backtest:
    decisions: pd.DataFrame  # one row per policy x duration x deadline x arrival
    summary: pd.DataFrame  # one row per policy x duration x deadline


SUMMARY_COLUMNS = (
    "policy",
    "model",
    "model_run",
    "duration_h",
    "deadline_h",
    "n_arrivals",
    "mean_share_pct",
    "now_share_pct",
    "random_share_pct",
    "oracle_share_pct",
    "gain_pp",
    "oracle_capture",
    "co2_reduction_pct",
    "co2_reduction_vs_random_pct",
    "forecast_mae_pp",
)


def backtest(
    values: pd.Series,
    test_start: pd.Timestamp,
    test_end: pd.Timestamp,
    policies: dict[str, Forecast | None],
    durations: list[int],
    deadlines: list[int],
    every: int = 1,
    intensity: IntensityModel | None = None,
    models: dict[str, tuple[str, str | None]] | None = None,
) -> Backtest:
    """Run every policy on every arrival of the test period.

    `policies` maps a name to a forecast function, or None for `now`, `random` and
    `oracle`; `models` maps a policy name to the (model, run) it used (for the records).
    """
    for deadline in deadlines:
        for duration in durations:
            if duration <= deadline:
                check_job(duration, deadline)
    models = models or {}
    longest = max(deadlines)
    # Every candidate arrival of any deadline; each deadline keeps its own valid subset.
    candidates = arrival_times(values, test_start, test_end, min(deadlines), every)
    rows: list[pd.DataFrame] = []
    if len(candidates):
        history = _stack(values, candidates, -LOOK_BACK, LOOK_BACK)
        future = _stack(values, candidates, 0, max(HORIZON, longest))
        forecasts = {
            name: np.asarray(forecast(history), dtype=float)[:, :HORIZON]
            for name, forecast in policies.items()
            if forecast is not None
        }
        for deadline in deadlines:
            keep = np.isfinite(future[:, :deadline]).all(axis=1) & (
                candidates + HOUR * deadline <= test_end
            )
            for duration in durations:
                if duration > deadline:
                    continue
                rows += _decisions(
                    candidates[keep],
                    future[keep],
                    {name: f[keep] for name, f in forecasts.items()},
                    policies,
                    models,
                    duration,
                    deadline,
                    intensity,
                )
    decisions = pd.concat(rows, ignore_index=True) if rows else _empty_decisions()
    return Backtest(decisions, summarise(decisions))


DECISION_COLUMNS = (
    "policy",
    "model",
    "model_run",
    "duration_h",
    "deadline_h",
    "arrival",
    "start",
    "share_pct",
    "now_share_pct",
    "random_share_pct",
    "oracle_share_pct",
    "intensity_g_per_kwh",
    "now_intensity_g_per_kwh",
    "random_intensity_g_per_kwh",
    "oracle_intensity_g_per_kwh",
    "forecast_mae_pp",
)
# The columns of a decision file, in order (`write_decisions`; ingest reads this too).
DECISION_FILE_COLUMNS = (
    "country_code",
    "country",
    "season",
    *DECISION_COLUMNS,
    "test_start",
    "test_end",
)


def _empty_decisions() -> pd.DataFrame:
    return pd.DataFrame({name: [] for name in DECISION_COLUMNS})


def _decisions(arrivals, future, forecasts, policies, models, duration, deadline, intensity):
    actual = window_means(future, duration, deadline)  # (n, starts)
    if intensity is not None:
        grams = window_means(intensity.intensity(future[:, :deadline]), duration, deadline)
    else:
        grams = np.full_like(actual, np.nan)
    n = len(arrivals)
    rows = np.arange(n)
    oracle = earliest_argmax(actual) if n else np.zeros(0, dtype=int)
    common = {
        "duration_h": duration,
        "deadline_h": deadline,
        "arrival": arrivals,
        "now_share_pct": actual[:, 0],
        "random_share_pct": actual.mean(axis=1),
        "oracle_share_pct": actual[rows, oracle],
        "now_intensity_g_per_kwh": grams[:, 0],
        "random_intensity_g_per_kwh": grams.mean(axis=1),
        "oracle_intensity_g_per_kwh": grams[rows, oracle],
    }
    frames = []
    for name in policies:
        mae = np.full(n, np.nan)
        if name == "random":
            offset = None
            share, gram = common["random_share_pct"], common["random_intensity_g_per_kwh"]
        else:
            if name == "now":
                offset = np.zeros(n, dtype=int)
            elif name == "oracle":
                offset = oracle
            else:
                predicted = forecasts[name]
                offset = (
                    earliest_argmax(window_means(predicted, duration, deadline))
                    if n
                    else np.zeros(0, dtype=int)
                )
                # MAE over the 72 forecast hours where the data has the actual value.
                with np.errstate(all="ignore"):
                    error = np.abs(predicted - future[:, :HORIZON])
                    mae = np.nanmean(np.where(np.isfinite(error), error, np.nan), axis=1)
            share, gram = actual[rows, offset], grams[rows, offset]
        frame = pd.DataFrame(common)
        frame.insert(0, "policy", name)
        model, run = models.get(name, (None, None))
        frame.insert(1, "model", model)
        frame.insert(2, "model_run", run)
        frame["start"] = arrivals + HOUR * offset if offset is not None else pd.NaT
        frame["share_pct"] = share
        frame["intensity_g_per_kwh"] = gram
        frame["forecast_mae_pp"] = mae
        frames.append(frame[list(DECISION_COLUMNS)])
    return frames


def summarise(decisions: pd.DataFrame) -> pd.DataFrame:
    """The figures per policy x duration x deadline (see docs/scheduling.md)."""
    out = []
    keys = ["policy", "duration_h", "deadline_h"]
    for (policy, duration, deadline), group in decisions.groupby(keys, sort=False):
        share, now = group["share_pct"], group["now_share_pct"]
        oracle_gain = float((group["oracle_share_pct"] - now).sum())
        grams = group["intensity_g_per_kwh"].sum(min_count=1)
        now_grams = group["now_intensity_g_per_kwh"].sum(min_count=1)
        random_grams = group["random_intensity_g_per_kwh"].sum(min_count=1)
        out.append(
            {
                "policy": policy,
                "model": group["model"].iloc[0],
                "model_run": group["model_run"].iloc[0],
                "duration_h": int(duration),
                "deadline_h": int(deadline),
                "n_arrivals": len(group),
                "mean_share_pct": share.mean(),
                "now_share_pct": now.mean(),
                "random_share_pct": group["random_share_pct"].mean(),
                "oracle_share_pct": group["oracle_share_pct"].mean(),
                "gain_pp": share.mean() - now.mean(),
                "oracle_capture": float((share - now).sum()) / oracle_gain
                if oracle_gain > 0
                else None,
                "co2_reduction_pct": _reduction(grams, now_grams),
                "co2_reduction_vs_random_pct": _reduction(grams, random_grams),
                "forecast_mae_pp": group["forecast_mae_pp"].mean()
                if group["forecast_mae_pp"].notna().any()
                else None,
            }
        )
    return pd.DataFrame(out, columns=list(SUMMARY_COLUMNS))


def _reduction(grams: float, baseline: float) -> float | None:
    """100 x (1 - grams / baseline): the % of CO2 saved; None without a baseline."""
    if not np.isfinite(grams) or not np.isfinite(baseline) or baseline <= 0:
        return None
    return 100.0 * (1.0 - grams / baseline)


# ---- decision files ------------------------------------------------------------------
DECISIONS_NAME = "{policy}_decisions.csv"


def decisions_file(results_root, country: str, season: str, policy: str):
    """`<root>/scheduling/<Country>/<season>/<policy>_decisions.csv` (what ingest loads)."""

    return (
        Path(results_root) / "scheduling" / country / season / DECISIONS_NAME.format(policy=policy)
    )


def write_decisions(
    results_root,
    country_code: str,
    country: str,
    season: str,
    test_start: pd.Timestamp,
    test_end: pd.Timestamp,
    decisions: pd.DataFrame,
) -> list:
    """One CSV per policy (replaced atomically); returns the paths written."""
    written = []
    for policy, group in decisions.groupby("policy", sort=False):
        path = decisions_file(results_root, country, season, str(policy))
        path.parent.mkdir(parents=True, exist_ok=True)
        frame = group.copy()
        frame.insert(0, "country_code", country_code)
        frame.insert(1, "country", country)
        frame.insert(2, "season", season)
        frame["test_start"] = test_start
        frame["test_end"] = test_end
        for column in ("arrival", "start", "test_start", "test_end"):
            frame[column] = pd.to_datetime(frame[column], utc=True).dt.strftime("%Y-%m-%dT%H:%MZ")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        frame.to_csv(tmp, index=False, float_format="%.6f")
        os.replace(tmp, path)
        written.append(path)
    return written


def write_energy_mix_seed(path) -> Path:
    """Write `energy_mix_rows()` as CSV (floats in repr form: they read back exactly)."""
    import csv

    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=ENERGY_MIX_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(energy_mix_rows())
    return path


# python -m models_tf.scheduling dbt_project/seeds/codecarbon_energy_mix.csv
if __name__ == "__main__":
    import sys

    print(write_energy_mix_seed(sys.argv[1]))
