"""ENTSO-E season files -> validated hourly segments -> scaled 72 h -> 72 h windows.

A file `energy_data_<CC>_5years_<season>.csv` holds `startTime,renewable_percentage` for
one season's months of several years, so the series has a ~6-month gap every year. The
pipeline:

1. read and validate (header, timestamps, numeric values; errors name file and line);
2. keep the season's months (summer = April-September, winter = October-March, UTC);
3. cut into contiguous hourly segments at the off-season gaps; hours missing inside a
   segment are reported (count, first timestamp) and no window touches them;
4. split chronologically 70/15/15 (train/validation/test) by time, so no window straddles
   two parts;
5. fit a min-max scaler on the training part only and window each part.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

HEADER = ("startTime", "renewable_percentage")
LOOK_BACK = 72
HORIZON = 72
SEASON_MONTHS = {"summer": (4, 5, 6, 7, 8, 9), "winter": (10, 11, 12, 1, 2, 3)}
SPLIT = (0.70, 0.15, 0.15)
HOUR = pd.Timedelta(hours=1)


class DataError(ValueError):
    """A data file that cannot be used; the message names the file (and line)."""


def data_file(data_dir: str | Path, country_code: str, season: str) -> Path:
    """`<data_dir>/energy_data_<CC>_5years_<season>.csv`."""
    return Path(data_dir) / f"energy_data_{country_code.upper()}_5years_{season.lower()}.csv"


def sidecar_path(path: Path) -> Path:
    """`<file>.meta.json`: the synthetic generator's description of a file."""
    return path.with_name(path.name + ".meta.json")


def read_sidecar(path: Path) -> dict:
    meta = sidecar_path(path)
    if not meta.is_file():
        return {}
    try:
        value = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"{meta}: not valid JSON ({exc})") from None
    return value if isinstance(value, dict) else {}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class HourlySeries:
    """A validated season series: sorted unique UTC hours and their values."""

    path: Path
    times: pd.DatetimeIndex
    values: np.ndarray
    rows: int
    duplicates: int = 0
    out_of_season: int = 0


def read_series(path: str | Path) -> HourlySeries:
    """Read and validate one file; raises `DataError` naming the file and line."""
    path = Path(path)
    if not path.is_file():
        hint = " (try `carbonwh data synth`)" if not path.exists() else ""
        raise DataError(f"{path}: data file not found{hint}")
    stamps: list[str] = []
    values: list[float] = []
    lines: list[int] = []
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise DataError(f"{path}: empty file, expected header {','.join(HEADER)}")
        if tuple(cell.strip() for cell in header) != HEADER:
            raise DataError(
                f"{path}, line 1: header is {','.join(header)!r}, expected {','.join(HEADER)!r}"
            )
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise DataError(f"{path}, line {line}: expected 2 fields, found {len(row)}")
            stamp, raw = row[0].strip(), row[1].strip()
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise DataError(
                    f"{path}, line {line}: renewable_percentage {raw!r} is not a finite number"
                )
            stamps.append(stamp)
            values.append(value)
            lines.append(line)
    if not stamps:
        raise DataError(f"{path}: no data rows after the header")
    times = pd.to_datetime(pd.Series(stamps), utc=True, errors="coerce", format="ISO8601")
    bad = np.flatnonzero(times.isna().to_numpy())
    if bad.size:
        i = int(bad[0])
        raise DataError(f"{path}, line {lines[i]}: startTime {stamps[i]!r} is not a timestamp")
    off_grid = np.flatnonzero((times != times.dt.floor("h")).to_numpy())
    if off_grid.size:
        i = int(off_grid[0])
        raise DataError(f"{path}, line {lines[i]}: startTime {stamps[i]!r} is not on the hour")
    frame = pd.DataFrame({"time": times.to_numpy(), "value": values}).sort_values(
        "time", kind="stable"
    )
    unique = frame.drop_duplicates("time", keep="first")
    return HourlySeries(
        path=path,
        times=pd.DatetimeIndex(unique["time"]).as_unit("ns"),
        values=unique["value"].to_numpy(dtype=float),
        rows=len(stamps),
        duplicates=len(frame) - len(unique),
    )


def keep_season(series: HourlySeries, season: str | None) -> HourlySeries:
    """Drop the hours outside the season's months (UTC)."""
    if season not in SEASON_MONTHS:
        return series
    keep = np.isin(series.times.month, SEASON_MONTHS[season])
    series.out_of_season = int((~keep).sum())
    series.times, series.values = series.times[keep], series.values[keep]
    if not len(series.times):
        raise DataError(f"{series.path}: no hours in {season} months")
    return series


def segment(series: HourlySeries, season: str | None) -> list[tuple[pd.Timestamp, np.ndarray]]:
    """Contiguous hourly segments `(start, values)`; hours missing inside are NaN.

    A gap is an off-season break (a new segment) when it spans an hour outside the season's
    months, or, without a season, when it is longer than a week.
    """
    times = series.times
    months = SEASON_MONTHS.get(season or "")
    breaks = [0]
    steps = np.diff(times.asi8) // HOUR.value
    for i in np.flatnonzero(steps > 1):
        before, after = times[i], times[i + 1]
        if months:
            gap = pd.date_range(before + HOUR, after - HOUR, freq="h")
            off_season = bool((~np.isin(gap.month, months)).any())
        else:
            off_season = (after - before) > pd.Timedelta(days=7)
        if off_season:
            breaks.append(int(i) + 1)
    breaks.append(len(times))
    segments = []
    for lo, hi in zip(breaks[:-1], breaks[1:], strict=True):
        start = times[lo]
        offsets = (times[lo:hi].asi8 - start.value) // HOUR.value
        filled = np.full(int(offsets[-1]) + 1, np.nan)
        filled[offsets] = series.values[lo:hi]
        segments.append((start, filled))
    return segments


class MinMaxScaler:
    """Min-max to [0, 1]; fitted on training values only."""

    def __init__(self) -> None:
        self.min_: float | None = None
        self.scale_: float | None = None

    def fit(self, values: np.ndarray) -> MinMaxScaler:
        values = np.asarray(values, dtype=float)
        values = values[np.isfinite(values)]
        low, high = float(values.min()), float(values.max())
        self.min_, self.scale_ = low, (high - low) or 1.0
        return self

    def transform(self, values: np.ndarray) -> np.ndarray:
        return (np.asarray(values, dtype=float) - self.min_) / self.scale_

    def inverse_transform(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(values, dtype=float) * self.scale_ + self.min_


def windows(
    values: np.ndarray, look_back: int = LOOK_BACK, horizon: int = HORIZON
) -> tuple[np.ndarray, np.ndarray]:
    """Stride-1 windows of one segment: X (n, look_back), y (n, horizon); none touch NaN."""
    width = look_back + horizon
    if len(values) < width:
        return np.empty((0, look_back)), np.empty((0, horizon))
    view = np.lib.stride_tricks.sliding_window_view(np.asarray(values, dtype=float), width)
    view = view[np.isfinite(view).all(axis=1)]
    return view[:, :look_back], view[:, look_back:]


@dataclass
class Dataset:
    """Scaled windows per split, plus what is needed to report on the data."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    scaler: MinMaxScaler
    path: Path
    synthetic: bool
    info: dict = field(default_factory=dict)


def _split_segments(segments, cut_times):
    """Cut segments at the split times -> one list of segments per part."""
    parts: list[list[np.ndarray]] = [[] for _ in range(len(cut_times) + 1)]
    for start, values in segments:
        hours = start.value + HOUR.value * np.arange(len(values), dtype="int64")
        bounds = [0, *np.searchsorted(hours, [t.value for t in cut_times]), len(values)]
        for part, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
            if hi > lo:
                parts[part].append(values[lo:hi])
    return parts


def _stack(pairs, look_back, horizon):
    xs = [x for x, _ in pairs] or [np.empty((0, look_back))]
    ys = [y for _, y in pairs] or [np.empty((0, horizon))]
    return np.concatenate(xs).astype("float32"), np.concatenate(ys).astype("float32")


def split_times(observed: pd.DatetimeIndex) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The validation and test start times: 70/15/15 of the observed hours, in time order."""
    n = len(observed)
    return observed[int(n * SPLIT[0])], observed[int(n * sum(SPLIT[:2]))]


def load_dataset(
    path: str | Path,
    season: str | None,
    look_back: int = LOOK_BACK,
    horizon: int = HORIZON,
) -> Dataset:
    """Validate, segment, split 70/15/15 by time, scale (train-fitted) and window a file."""
    series = keep_season(read_series(path), season)
    segments = segment(series, season)
    observed = series.times
    cuts = list(split_times(observed))
    parts = _split_segments(segments, cuts)
    train_values = np.concatenate(parts[0]) if parts[0] else np.empty(0)
    if not np.isfinite(train_values).any():
        raise DataError(f"{series.path}: no training hours")
    scaler = MinMaxScaler().fit(train_values)
    arrays = []
    for name, part in zip(("train", "validation", "test"), parts, strict=True):
        x, y = _stack(
            [windows(scaler.transform(v), look_back, horizon) for v in part], look_back, horizon
        )
        if not len(x):
            raise DataError(
                f"{series.path}: the {name} part has no complete {look_back}+{horizon} h window "
                f"({len(observed)} usable hours in {len(segments)} segments)"
            )
        arrays += [x, y]
    missing = [(start, values) for start, values in segments if np.isnan(values).any()]
    missing_hours = int(sum(np.isnan(v).sum() for _, v in segments))
    first_missing = None
    if missing:
        start, values = missing[0]
        first_missing = (start + HOUR * int(np.flatnonzero(np.isnan(values))[0])).isoformat()
    meta = read_sidecar(series.path)
    info = {
        "rows": series.rows,
        "hours": len(observed),
        "duplicates": series.duplicates,
        "out_of_season": series.out_of_season,
        "segments": len(segments),
        "missing_hours": missing_hours,
        "first_missing_hour": first_missing,
        "windows": {"train": len(arrays[0]), "validation": len(arrays[2]), "test": len(arrays[4])},
        "split_times": [c.isoformat() for c in cuts],
        "scaler": {"min": scaler.min_, "max": scaler.min_ + scaler.scale_},
    }
    return Dataset(
        *arrays,
        scaler=scaler,
        path=series.path,
        synthetic=meta.get("synthetic") is True,
        info=info,
    )


def data_warnings(dataset: Dataset) -> list[str]:
    """Human-readable notes on what was skipped or repaired in the file."""
    info, notes = dataset.info, []
    if info["missing_hours"]:
        notes.append(
            f"{dataset.path}: {info['missing_hours']} hours missing inside segments "
            f"(first {info['first_missing_hour']}); windows touching them were dropped"
        )
    if info["duplicates"]:
        notes.append(f"{dataset.path}: {info['duplicates']} duplicate hours; kept the first")
    if info["out_of_season"]:
        notes.append(f"{dataset.path}: {info['out_of_season']} rows outside the season dropped")
    return notes
