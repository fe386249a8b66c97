"""`carbonwh estimate`, `estimate-backtest`, `check` and `model-card`: carbon budgets
learned from the warehouse (read-only). The logic lives in `warehouse.estimate`,
`warehouse.backtest` and `warehouse.gate`; the mart reads in `warehouse.budget_marts`.

Exit codes: 0 ok, 1 a check failed, 2 usage / bad input, 3 warehouse busy.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import typer

from warehouse.console import err as _err
from warehouse.console import labelled, make_console, print_table
from warehouse.options import DbOption

err = _err()
ZOO_SEED = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "zoo_models.csv"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(labelled("error", "red", message))
    return typer.Exit(code)


def _open(db: Path | None, *, missing_ok: bool = False):
    """A read-only connection, or None when the file is absent and `missing_ok`."""
    from warehouse.db import WarehouseBusy, WarehouseMissing, connect
    from warehouse.paths import resolve_db

    path = resolve_db(db)
    try:
        return connect(path, read_only=True, on_wait=err.print)
    except WarehouseMissing as exc:
        if missing_ok:
            return None
        raise _fail(str(exc)) from None
    except WarehouseBusy as exc:
        raise _fail(str(exc), 3) from None


def _read(con, reader, *args):
    """Run a `budget_marts` reader; a warehouse without the marts is bad input."""
    import duckdb

    try:
        return reader(con, *args)
    except (duckdb.CatalogException, duckdb.BinderException) as exc:
        first = str(exc).splitlines()[0]
        raise _fail(
            f"the warehouse's marts are missing or old (run `carbonwh build`): {first}"
        ) from None


def zoo_params(model: str) -> int | None:
    """Parameter count from the zoo seed, for an empty warehouse."""
    with ZOO_SEED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["model"] == model:
                return int(row["params"])
    return None


def this_hardware() -> str | None:
    from models_tf.report import hardware

    return hardware()["cpu_model"]


def this_gpu() -> str | None:
    """This machine's first NVIDIA GPU (nvidia-smi), None without one."""
    import shutil
    import subprocess

    if not shutil.which("nvidia-smi"):
        return None
    try:
        done = subprocess.run(
            ["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    names = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    return names[0] if done.returncode == 0 and names else None


def warehouse_estimate(
    db: Path | None,
    model: str,
    country: str,
    season: str,
    *,
    epochs: int | None = None,
    quick: bool = False,
    hardware: str | None = None,
    gpu: str | None = None,
    runs=None,
):
    """(Estimate, Prior) from the warehouse (or the defaults when it does not exist yet).
    Raises typer.Exit on bad input; `runs` skips the read when already loaded."""
    from warehouse import budget_marts
    from warehouse.estimate import EstimateError, estimate_run

    params = None
    if runs is None:
        con = _open(db, missing_ok=True)
        runs = []
        if con is not None:
            try:
                runs = _read(con, budget_marts.measured_runs)
                params = _read(con, budget_marts.model_params, model)
            finally:
                con.close()
    params = params or zoo_params(model)
    if params is None and not any(r.model == model for r in runs):
        raise _fail(f"unknown model {model!r}: not in the zoo and no run in the warehouse")
    try:
        return estimate_run(
            runs,
            model,
            country.upper(),
            season,
            epochs=epochs,
            quick=quick,
            hardware=hardware or this_hardware(),
            gpu=(None if gpu.lower() == "none" else gpu) if gpu else this_gpu(),
            params=params,
        )
    except EstimateError as exc:
        raise _fail(str(exc)) from None


def _check_slice(country: str, season: str) -> None:
    if season.lower() not in ("summer", "winter"):
        raise _fail(f"season must be summer or winter, not {season!r}")
    if not country.strip():
        raise _fail("country code is empty")


def register(app: typer.Typer) -> None:
    """Add `estimate`, `estimate-backtest`, `check` and `model-card` to the app."""

    @app.command("estimate")
    def estimate(
        model: str = typer.Argument(..., help="Zoo model name."),
        country: str = typer.Option(
            ..., help="ENTSO-E country code of the training data, e.g. DE."
        ),
        season: str = typer.Option(..., help="summer or winter."),
        epochs: int = typer.Option(None, min=1, help="Maximum epochs of the run [30]."),
        quick: bool = typer.Option(False, "--quick", help="Estimate a --quick run."),
        hardware: str = typer.Option(None, help="CPU model to match runs on [this machine's]."),
        gpu: str = typer.Option(
            None, help="GPU model to match runs on, or `none` [this machine's, via nvidia-smi]."
        ),
        db: DbOption = None,
        as_json: bool = typer.Option(False, "--json", help="Print the estimate as JSON."),
    ) -> None:
        """Predict one run's energy, emissions, duration and epochs, with an 80 % interval."""
        _check_slice(country, season)
        result, _prior = warehouse_estimate(
            db, model, country, season, epochs=epochs, quick=quick, hardware=hardware, gpu=gpu
        )
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
            return
        typer.echo(
            f"{model} {country.upper()} {season.lower()}: {result.emissions_kg:.4g} kg CO2e "
            f"(80 % interval {result.emissions_kg_low:.4g}-{result.emissions_kg_high:.4g}), "
            + (f"{result.energy_kwh:.4g} kWh, " if result.energy_kwh is not None else "")
            + (f"{result.duration_s:.0f} s, " if result.duration_s is not None else "")
            + f"{result.epochs_expected:.1f} epochs expected; source {result.source} "
            f"({result.n_runs_used} runs used)"
        )

    @app.command("estimate-backtest")
    def estimate_backtest(
        db: DbOption = None,
        as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON."),
    ) -> None:
        """Backtest the predictors on the warehouse's runs: MAPE after epoch 1, 2, 3 of
        carbontracker's rule (linear) and ours (carbonwh), and of pre-run estimates."""
        from warehouse import budget_marts
        from warehouse.backtest import backtest

        con = _open(db)
        try:
            runs = _read(con, budget_marts.measured_runs)
            series = _read(con, budget_marts.epoch_series)
        finally:
            con.close()
        rows = backtest(runs, series)
        if as_json:
            typer.echo(json.dumps(rows, indent=2))
            return
        if not rows:
            typer.echo("no run with 3 epochs of series and a known epochs_max: nothing to backtest")
            return
        from rich.table import Table

        table = Table(title="estimate-backtest: mean absolute percentage error of the final kg")
        for column in ("runs", "method", "after epochs", "n runs", "MAPE %"):
            table.add_column(column, justify="right" if column in ("n runs", "MAPE %") else "left")
        for row in rows:
            table.add_row(
                row["subset"],
                row["method"],
                str(row["after_epochs"]),
                str(row["n_runs"]),
                f"{row['mape_pct']:.1f}",
            )
        print_table(make_console(), table)

    @app.command("check")
    def check(
        db: DbOption = None,
        max_total_kg: float = typer.Option(
            None, min=0, help="Budget for all runs together, kg CO2e."
        ),
        max_run_kg: float = typer.Option(None, min=0, help="Budget for any one run, kg CO2e."),
        since: str = typer.Option(
            None, help="Only runs started on or after this date (YYYY-MM-DD)."
        ),
        regressions: bool = typer.Option(
            False, "--regressions", help="Fail on any flagged row of rpt_emission_regressions."
        ),
    ) -> None:
        """Gate for CI: exit 1 with one line per breach, 0 otherwise; a Markdown summary on
        stdout, appended to $GITHUB_STEP_SUMMARY when set."""
        from warehouse import budget_marts
        from warehouse.gate import gate

        since_date = None
        if since is not None:
            try:
                since_date = dt.date.fromisoformat(since)
            except ValueError:
                raise _fail(f"--since {since!r} is not a date (YYYY-MM-DD)") from None
        con = _open(db)
        try:
            runs = _read(con, budget_marts.run_totals, since_date)
            flagged = _read(con, budget_marts.regressions) if regressions else None
        finally:
            con.close()
        result = gate(runs, flagged, max_total_kg=max_total_kg, max_run_kg=max_run_kg, since=since)
        typer.echo(result.markdown, nl=False)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(result.markdown + "\n")
        for breach in result.breaches:
            err.print(f"[red]breach:[/red] {breach}", highlight=False)
        if not result.passed:
            raise typer.Exit(1)

    @app.command("model-card")
    def model_card(
        model: str = typer.Argument(..., help="Model name."),
        country: str = typer.Option(
            ..., help="ENTSO-E country code of the training data, e.g. DE."
        ),
        season: str = typer.Option(..., help="summer or winter."),
        db: DbOption = None,
    ) -> None:
        """Print the Hugging Face model-card `co2_eq_emissions:` block (grams, exact method)
        of the model's best-MAE measured run on this slice."""
        from warehouse import budget_marts
        from warehouse.gate import model_card as card

        _check_slice(country, season)
        con = _open(db)
        try:
            runs = _read(con, budget_marts.card_runs, model, country, season)
        finally:
            con.close()
        if not runs:
            raise _fail(
                f"no measured run of {model} on {country.upper()} {season.lower()} in the warehouse"
            )
        typer.echo(card(runs[0], len(runs)), nl=False)
