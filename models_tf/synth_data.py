"""Synthetic ENTSO-E-like season files, so the demo runs without real data.

The series is the hourly renewable share (%) of a country: a country level, a seasonal
cycle across the season's months, a solar-like diurnal cycle (stronger in summer), and
weather: a persistent AR(1) process (wind fronts last days) plus hourly noise. Values are
rounded to whole percent and clipped to [0, 100], like the published files. The output
has the same format and season gaps as the real files, and a sidecar `<file>.meta.json`
marks it as synthetic. Same arguments and seed -> byte-identical files.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from models_tf.data import HEADER, SEASON_MONTHS, data_file, sidecar_path

# Typical renewable share (%) and weather variability per country; others get a default.
PROFILES = {
    "DE": (48.0, 14.0),
    "DK": (68.0, 16.0),
    "ES": (50.0, 12.0),
    "HU": (30.0, 8.0),
}
DEFAULT_PROFILE = (45.0, 12.0)
FIRST_YEAR = 2021


def season_hours(season: str, years: int = 4, first_year: int = FIRST_YEAR) -> pd.DatetimeIndex:
    """The UTC hours of `years` seasons: summer April-September, winter October-March."""
    if season not in SEASON_MONTHS:
        raise ValueError(f"season must be summer or winter, not {season!r}")
    start = pd.Timestamp(f"{first_year}-01-01", tz="UTC")
    if season == "summer":
        end = pd.Timestamp(f"{first_year + years - 1}-10-01", tz="UTC")
    else:
        end = pd.Timestamp(f"{first_year + years}-04-01", tz="UTC")
    hours = pd.date_range(start, end, freq="h", inclusive="left")
    return hours[np.isin(hours.month, SEASON_MONTHS[season])]


def synth_series(
    country: str, season: str, seed: int = 0, years: int = 4
) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """Hours and renewable percentages; deterministic for (country, season, seed, years)."""
    country, season = country.upper(), season.lower()
    hours = season_hours(season, years)
    rng = np.random.default_rng([seed, zlib.crc32(f"{country}:{season}".encode())])
    level, weather_sd = PROFILES.get(country, DEFAULT_PROFILE)
    hour_of_day = hours.hour.to_numpy()
    day_of_year = hours.day_of_year.to_numpy()
    summer = season == "summer"
    # Solar: a daylight bump around noon UTC, stronger in summer.
    solar = (14.0 if summer else 5.0) * np.clip(np.cos((hour_of_day - 12) * np.pi / 12), 0, None)
    # Seasonal: more solar towards midsummer, more wind towards midwinter.
    seasonal = 6.0 * np.cos(2 * np.pi * (day_of_year - (172 if summer else 355)) / 365.25)
    # Weather: AR(1) with ~2-day memory (fronts), plus hourly noise.
    phi = np.exp(-1 / 48)
    shocks = rng.normal(0.0, weather_sd * np.sqrt(1 - phi**2), len(hours))
    weather = np.empty(len(hours))
    state = rng.normal(0.0, weather_sd)
    for i, shock in enumerate(shocks):
        state = phi * state + shock
        weather[i] = state
    noise = rng.normal(0.0, 1.5, len(hours))
    values = np.clip(np.round(level + solar + seasonal + weather + noise), 0, 100)
    return hours, values


def write_synthetic(
    out_dir: str | Path, country: str, season: str, seed: int = 0, years: int = 4
) -> Path:
    """Write `energy_data_<CC>_5years_<season>.csv` and its `.meta.json` sidecar."""
    hours, values = synth_series(country, season, seed, years)
    path = data_file(out_dir, country, season)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame({HEADER[0]: hours.strftime("%Y-%m-%d %H:%M:%S+00:00"), HEADER[1]: values})
    frame.to_csv(path, index=False, float_format="%.1f", lineterminator="\n")
    meta = {
        "synthetic": True,
        "generator": "carbonwh data synth",
        "country_code": country.upper(),
        "season": season.lower(),
        "seed": seed,
        "years": years,
        "rows": len(frame),
    }
    sidecar_path(path).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return path
