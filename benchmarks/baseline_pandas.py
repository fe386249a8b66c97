"""The published benchmark's way of loading a Results tree: one `pandas.read_csv` per file.

Re-implemented as docs/performance.md describes it, as the benchmark baseline: walk
`emissions/<Model>/<Country>/<season>/`, glob `*_emissions.csv`, read each file with pandas,
apply the seed method to `emissions`, the energy column and `duration`, and collect one row
per file into a DataFrame. The run reports are read the same way (`json.load` per file) and
joined on (model, country, season, run), since the publication tables need the MAE too and
ingest loads reports as well.

Seed method, per file (backups are not read): for each of `emissions` and energy, if the
column never decreases down the file (every step >= -1e-9) take its max, else its sum;
duration: max. Non-numeric values count as 0.

`python -m benchmarks.baseline_pandas RESULTS_DIR` times it and prints a result line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd

ENERGY_COLUMNS = ("energy_consumed", "energy_kwh", "energy_consumed_kwh")
DURATION_COLUMNS = ("duration", "duration_sec")
KEY = ["model", "country", "season", "run"]


def _first_present(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in frame.columns), None)


def _numeric(frame: pd.DataFrame, column: str | None) -> pd.Series:
    if column is None:
        return pd.Series(dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").fillna(0.0)


def seed_total(values: pd.Series) -> float:
    """Max when the column never decreases (cumulative snapshots), else the sum."""
    if values.empty:
        return 0.0
    if (values.diff().dropna() >= -1e-9).all():
        return float(values.max())
    return float(values.sum())


def seed_values(frame: pd.DataFrame) -> dict:
    frame.columns = frame.columns.str.strip()
    duration = _numeric(frame, _first_present(frame, DURATION_COLUMNS))
    return {
        "emissions_kg": seed_total(_numeric(frame, _first_present(frame, ("emissions",)))),
        "energy_kwh": seed_total(_numeric(frame, _first_present(frame, ENERGY_COLUMNS))),
        "duration_s": float(duration.max()) if not duration.empty else 0.0,
        "n_rows": len(frame),
    }


def _cells(base: Path):
    """(model, country, season, directory) for every season directory of the convention."""
    if not base.is_dir():
        return
    for model_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        for country_dir in sorted(p for p in model_dir.iterdir() if p.is_dir()):
            for season_dir in sorted(p for p in country_dir.iterdir() if p.is_dir()):
                yield model_dir.name, country_dir.name, season_dir.name, season_dir


def load_emissions(results: Path) -> pd.DataFrame:
    rows = []
    for model, country, season, directory in _cells(results / "emissions"):
        for path in sorted(directory.glob("*_emissions.csv")):
            frame = pd.read_csv(path)
            run = path.name.removesuffix("_emissions.csv")
            rows.append({"model": model, "country": country, "season": season, "run": run,
                         **seed_values(frame)})  # fmt: skip
    return pd.DataFrame(rows, columns=KEY + ["emissions_kg", "energy_kwh", "duration_s", "n_rows"])


def load_reports(results: Path) -> pd.DataFrame:
    rows = []
    for model, country, season, directory in _cells(results / "reports"):
        for path in sorted(directory.glob("*.json")):
            with path.open(encoding="utf-8") as handle:
                report = json.load(handle)
            metrics = report.get("metrics") or {}
            rows.append({"model": model, "country": country, "season": season,
                         "run": path.stem, **metrics})  # fmt: skip
    return pd.DataFrame(rows, columns=KEY if not rows else None)


def load_published_way(results: str | Path) -> pd.DataFrame:
    """One row per run: seed-method emissions/energy/duration joined with its metrics."""
    results = Path(results)
    emissions = load_emissions(results)
    reports = load_reports(results)
    return emissions.merge(reports, on=KEY, how="left")


def main(argv: list[str] | None = None) -> None:
    from benchmarks.stage import emit

    args = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    runs = load_published_way(args[0])
    seconds = time.perf_counter() - started
    emit({"seconds": seconds, "runs": len(runs), "rows": int(runs["n_rows"].sum())})


if __name__ == "__main__":
    main()
