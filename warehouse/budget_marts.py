"""The mart reads of budgets, estimates, the backtest, the CI gate and model cards.

One function per mart, each query in one place, exact-method columns only. Every function
takes an open (read-only) DuckDB connection.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunCost:
    """One measured run of fct_training_runs with its hardware (selected execution)."""

    model: str
    country: str
    country_code: str | None
    season: str
    run: str
    params: int | None
    epochs_run: int
    epochs_max: int | None
    train_windows: int | None
    is_quick: bool
    emissions_kg: float
    energy_kwh: float | None
    duration_s: float | None
    cpu_model: str | None
    gpu_model: str | None
    first_epoch_kg: float | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.model, self.country, self.season, self.run)

    @property
    def kg_per_epoch(self) -> float:
        return self.emissions_kg / self.epochs_run

    @property
    def later_kg_per_epoch(self) -> float:
        """Per-epoch kg after the first epoch (which also pays tracker start and tracing);
        the plain mean when the first epoch's snapshot is unknown."""
        if self.epochs_run < 2 or self.first_epoch_kg is None:
            return self.kg_per_epoch
        return (self.emissions_kg - self.first_epoch_kg) / (self.epochs_run - 1)


def measured_runs(con) -> list[RunCost]:
    """Runs with measured exact-method emissions and a known epoch count."""
    rows = con.execute(
        """
        select
            runs.model, runs.country, runs.country_code, runs.season, runs.run, runs.params,
            runs.epochs_run, runs.epochs_max, runs.train_windows,
            coalesce(runs.is_quick, false), runs.emissions_kg, runs.energy_kwh, runs.duration_s,
            coalesce(runs.hardware_cpu_model, executions.cpu_model), executions.gpu_model,
            first_epoch.cumulative_emissions_kg
        from marts.fct_training_runs as runs
        left join marts.fct_executions as executions
            on executions.is_selected
            and executions.model = runs.model and executions.country = runs.country
            and executions.season = runs.season and executions.run = runs.run
        left join marts.fct_epoch_series as first_epoch
            on first_epoch.epoch = 1
            and first_epoch.model = runs.model and first_epoch.country = runs.country
            and first_epoch.season = runs.season and first_epoch.run = runs.run
        where runs.emissions_kg is not null and runs.epochs_run > 0
            and not coalesce(runs.is_estimated, false)
        order by runs.model, runs.country, runs.season, runs.run
        """
    ).fetchall()
    return [RunCost(*row) for row in rows]


def model_params(con, model: str) -> int | None:
    """Parameter count of a zoo model (dim_models), None when unknown."""
    row = con.execute("select params from marts.dim_models where model = ?", [model]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def epoch_series(con) -> dict[tuple[str, str, str, str], list[float | None]]:
    """Cumulative kg after each epoch, per run cell (model, country, season, run)."""
    rows = con.execute(
        """
        select model, country, season, run, epoch, cumulative_emissions_kg
        from marts.fct_epoch_series
        order by model, country, season, run, epoch
        """
    ).fetchall()
    series: dict[tuple[str, str, str, str], list[float | None]] = {}
    for model, country, season, run, _epoch, kg in rows:
        series.setdefault((model, country, season, run), []).append(kg)
    return series


@dataclass(frozen=True)
class RunTotal:
    """A run's kg for the gate: measured, else estimated."""

    model: str
    country: str
    season: str
    run: str
    kg: float | None
    is_estimated: bool
    started_at: object


def run_totals(con, since=None) -> list[RunTotal]:
    """Every run cell's kg (exact method; the estimate where the measurement is missing),
    started on or after `since` (a date) when given."""
    query = """
        select model, country, season, run,
            case when coalesce(is_estimated, false) then estimated_emissions_kg
                else emissions_kg end,
            coalesce(is_estimated, false), started_at
        from marts.fct_training_runs
    """
    params = []
    if since is not None:
        query += " where started_at >= ?"
        params.append(since)
    rows = con.execute(query + " order by model, country, season, run", params).fetchall()
    return [RunTotal(*row) for row in rows]


@dataclass(frozen=True)
class Regression:
    model: str
    slice: str
    newest_run: str
    newest_value_kg: float
    baseline_kg: float
    change_pct: float | None
    basis: str


def regressions(con) -> list[Regression]:
    """Flagged rows of rpt_emission_regressions."""
    rows = con.execute(
        """
        select model, slice, newest_run, newest_value_kg, baseline_kg, change_pct, basis
        from marts.rpt_emission_regressions
        where is_regression
        order by model, slice
        """
    ).fetchall()
    return [Regression(*row) for row in rows]


@dataclass(frozen=True)
class CardRun:
    model: str
    run: str
    mae: float | None
    emissions_kg: float
    codecarbon_version: str | None
    compute_country_name: str | None
    compute_country_iso: str | None
    cpu_model: str | None
    gpu_model: str | None


def card_runs(con, model: str, country_code: str, season: str) -> list[CardRun]:
    """Measured runs of one model and slice, best MAE first (then lower emissions)."""
    rows = con.execute(
        """
        select runs.model, runs.run, runs.mae, runs.emissions_kg, runs.codecarbon_version,
            executions.compute_country_name, runs.compute_country_iso,
            coalesce(runs.hardware_cpu_model, executions.cpu_model), executions.gpu_model
        from marts.fct_training_runs as runs
        left join marts.fct_executions as executions
            on executions.is_selected
            and executions.model = runs.model and executions.country = runs.country
            and executions.season = runs.season and executions.run = runs.run
        where runs.model = ? and upper(runs.country_code) = upper(?)
            and lower(runs.season) = lower(?) and runs.emissions_kg is not null
        order by runs.mae nulls last, runs.emissions_kg, runs.run
        """,
        [model, country_code, season],
    ).fetchall()
    return [CardRun(*row) for row in rows]
