"""The Results-tree conventions: env variables -> (model, country, season) -> file paths.

The harness (and older scripts) pass context through the environment: `ENTRY_MODEL_NAME`
or `RUN_MODEL_NAME` (model), `COUNTRY_CODE` (ENTSO-E code of the training data's country),
`BIONET_SEASON` (season). Missing values fall back to `model`, `All` and `unknown`.
Explicit arguments always win over the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from models_tf.countries import country_name

MODEL_FALLBACK = "model"
COUNTRY_FALLBACK = "All"
SEASON_FALLBACK = "unknown"
SEASONS = ("summer", "winter")
# Defaults are relative to the project root (the checkout), paths given by a user to the
# current directory: one rule for every path setting (docs/cli.md).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


@dataclass(frozen=True)
class RunContext:
    """Where a run's files go: `<kind>/<model>/<country>/<season>/`."""

    model: str
    country: str
    season: str
    country_code: str | None = None

    @classmethod
    def resolve(
        cls,
        model: str | None = None,
        country_code: str | None = None,
        season: str | None = None,
    ) -> RunContext:
        """Explicit values, else the environment conventions, else the fallbacks."""
        model = model or _env("ENTRY_MODEL_NAME") or _env("RUN_MODEL_NAME") or MODEL_FALLBACK
        code = (country_code or _env("COUNTRY_CODE") or "").strip() or None
        season = (season or _env("BIONET_SEASON") or SEASON_FALLBACK).strip().lower()
        return cls(
            model=model,
            country=country_name(code),
            season=season or SEASON_FALLBACK,
            country_code=code.upper() if code else None,
        )

    def run_name(self, run: int) -> str:
        """`<Model>_<Country>_<season>_run<N>`, e.g. `DLinear_Model_Denmark_winter_run1`."""
        return f"{self.model}_{self.country}_{self.season}_run{run}"

    def cell_dir(self, results_dir: Path, kind: str) -> Path:
        return Path(results_dir) / kind / self.model / self.country / self.season

    def emissions_csv(self, results_dir: Path, run_name: str) -> Path:
        return self.cell_dir(results_dir, "emissions") / f"{run_name}_emissions.csv"

    def report_json(self, results_dir: Path, run_name: str) -> Path:
        return self.cell_dir(results_dir, "reports") / f"{run_name}.json"


def resolve_results_dir(results_dir: str | os.PathLike | None = None) -> Path:
    """`--results-dir`, else `CARBONWH_RESULTS_DIR`, else `<project>/Results`; absolute."""
    value = results_dir or _env("CARBONWH_RESULTS_DIR")
    return Path(value).expanduser().resolve() if value else PROJECT_ROOT / "Results"


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """`--data-dir`, else `CARBONWH_DATA_DIR`, else `<project>/data`; always absolute."""
    value = data_dir or _env("CARBONWH_DATA_DIR")
    return Path(value).expanduser().resolve() if value else PROJECT_ROOT / "data"
