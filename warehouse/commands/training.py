"""`carbonwh` training commands: `train`, `train-matrix` and `data synth`.

TensorFlow, Keras and CodeCarbon are imported inside the commands, never at module level.
"""

from __future__ import annotations

import os
import warnings
from enum import Enum

import typer

from warehouse.console import err as _err
from warehouse.console import out as _out
from warehouse.console import plural, print_table

err = _err()
out = _out()

data_app = typer.Typer(help="Input data: synthetic season files for demos and tests.")

SEASONS_HELP = "summer (April-September) or winter (October-March)"
DATA_HELP = "Data folder. [default: $CARBONWH_DATA_DIR, else data]"
RESULTS_HELP = "Results root. [default: $CARBONWH_RESULTS_DIR, else Results]"


class BudgetPolicy(str, Enum):
    stop = "stop"
    warn = "warn"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _fail(message: str, code: int = 2) -> typer.Exit:
    from warehouse.console import labelled

    err.print(labelled("error", "red", message))
    return typer.Exit(code)


def _show_budget_warning(show):
    """A budget warning as one line on stderr (not Python's file:line form)."""
    from models_tf.callbacks import BudgetExceededWarning

    def showwarning(message, category, *args, **kwargs):
        if issubclass(category, BudgetExceededWarning):
            err.print(f"[yellow]budget:[/yellow] {message}", highlight=False)
        else:
            show(message, category, *args, **kwargs)

    return showwarning


def train(
    model: str = typer.Option(
        None, metavar="MODEL", help="Zoo model name. [default: $ENTRY_MODEL_NAME]"
    ),
    country: str = typer.Option(
        None, metavar="CC", help="ENTSO-E country code, e.g. DE. [default: $COUNTRY_CODE]"
    ),
    season: str = typer.Option(
        None, metavar="SEASON", help=f"{SEASONS_HELP}. [default: $BIONET_SEASON]"
    ),
    run: int = typer.Option(
        None, metavar="N", help="Run number N of <Model>_<Country>_<season>_runN. [default: 1]"
    ),
    epochs: int = typer.Option(
        None, metavar="N", help="Maximum epochs (early stopping may end sooner). [default: 30]"
    ),
    quick: bool = typer.Option(False, "--quick", help="At most 2 epochs of 50 steps."),
    seed: int = typer.Option(None, metavar="SEED", help="Random seed. [default: 42]"),
    data_dir: str = typer.Option(None, metavar="DIR", help=DATA_HELP),
    results_dir: str = typer.Option(None, metavar="DIR", help=RESULTS_HELP),
    budget_kg: float = typer.Option(
        None, min=0, metavar="KG", help="Carbon budget of the run, kg CO2e. [default: none]"
    ),
    budget_policy: BudgetPolicy = typer.Option(
        BudgetPolicy.stop, help="On a predicted overrun: stop training, or only warn."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Train even when the cell's earlier executions used other data (a different "
        "data_sha256); the warehouse flags such cells.",
    ),
) -> None:
    """Train one model on one country's season under CodeCarbon; write the run report."""
    from warehouse.console import labelled, require_train_extra

    require_train_extra("train")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from models_tf.data import DataError
    from models_tf.tracking import EmissionsMissingWarning, TrackingConfigError
    from models_tf.train import TrainError, train_run
    from warehouse.paths import resolve_data_dir, resolve_results_dir

    results_root, data_root = resolve_results_dir(results_dir), resolve_data_dir(data_dir)
    err.print(f"results: {results_root}", markup=False)
    err.print(f"data: {data_root}", markup=False)
    prior = None
    if budget_kg is not None:
        from models_tf.naming import RunContext
        from warehouse.commands.budgets import warehouse_estimate

        # The warehouse's prior for this run, as plain numbers (CARBONWH_DB or the default).
        context = RunContext.resolve(model, country, season)
        _estimate, prior = warehouse_estimate(
            None,
            context.model,
            context.country_code or "",
            context.season,
            epochs=epochs,
            quick=quick,
        )
    try:
        with warnings.catch_warnings():
            # The report's `warnings` say it; printed below, once.
            warnings.simplefilter("ignore", EmissionsMissingWarning)
            warnings.showwarning = _show_budget_warning(warnings.showwarning)
            report = train_run(
                model,
                country,
                season,
                run,
                epochs=epochs,
                quick=quick,
                seed=seed,
                data_dir=data_root,
                results_dir=results_root,
                verbose=2,
                budget_kg=budget_kg,
                budget_policy=budget_policy.value,
                budget_prior=prior,
                force=force,
            )
    except (TrainError, DataError, TrackingConfigError) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted (the emissions CSV has its row; no run report)", 130) from None
    for note in report["warnings"]:
        err.print(labelled("warning", "yellow", note))
    metrics = report["metrics"]
    out.print(
        f"[bold]{report['run']}[/bold]: mae {metrics['mae']:.3f}, rmse {metrics['rmse']:.3f}, "
        f"{report['epochs_run']} epochs, {report['params']:,} params, "
        f"emissions {report['emissions_status']}"
        + (f" ({report['emissions_kg']:.3g} kg)" if report.get("emissions_kg") else ""),
        highlight=False,
    )
    if report.get("stopped_by_budget"):
        err.print(f"[yellow]stopped by the carbon budget[/yellow] ({budget_kg:g} kg)")


def train_matrix(
    models: str = typer.Option(
        ..., metavar="M1,M2", help="Comma-separated zoo model names, or `all`."
    ),
    countries: str = typer.Option(
        ..., metavar="CC,CC", help="Comma-separated ENTSO-E codes, e.g. DE,DK."
    ),
    seasons: str = typer.Option(
        "summer,winter", metavar="S1,S2", help="Comma-separated seasons (summer, winter)."
    ),
    runs: int = typer.Option(1, min=1, metavar="N", help="Runs per (model, country, season)."),
    quick: bool = typer.Option(False, "--quick", help="At most 2 epochs of 50 steps per run."),
    skip_existing: bool = typer.Option(
        False, "--skip-existing", help="Skip cells whose run report already has metrics."
    ),
    epochs: int = typer.Option(None, metavar="N", help="Maximum epochs per run. [default: 30]"),
    seed: int = typer.Option(None, metavar="SEED", help="Random seed for every run. [default: 42]"),
    timeout: float = typer.Option(
        None, metavar="SECONDS", help="Seconds after which a cell is stopped. [default: none]"
    ),
    budget_kg: float = typer.Option(
        None,
        min=0,
        metavar="KG",
        help="Carbon budget of the whole matrix, kg CO2e: cells over it are skipped.",
    ),
    data_dir: str = typer.Option(None, metavar="DIR", help=DATA_HELP),
    results_dir: str = typer.Option(None, metavar="DIR", help=RESULTS_HELP),
    force: bool = typer.Option(
        False,
        "--force",
        help="Train even when the cell's earlier executions used other data (a different "
        "data_sha256); the warehouse flags such cells.",
    ),
) -> None:
    """Train every (model, country, season, run) cell, each in its own subprocess."""
    from warehouse.console import require_train_extra

    require_train_extra("train-matrix")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # the zoo imports TensorFlow
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
    from rich.table import Table

    from models_tf import zoo
    from models_tf.data import SEASON_MONTHS
    from models_tf.matrix import plan, run_matrix
    from warehouse.paths import resolve_data_dir, resolve_results_dir

    known = zoo.names()
    model_names = known if models.strip().lower() == "all" else _split(models)
    unknown = [name for name in model_names if name not in known]
    if unknown:
        raise _fail(f"unknown model(s) {', '.join(unknown)}; `carbonwh zoo` lists them")
    season_names = [s.lower() for s in _split(seasons)]
    bad = [s for s in season_names if s not in SEASON_MONTHS]
    if bad or not season_names:
        raise _fail(f"seasons must be summer and/or winter, not {seasons!r}")
    country_codes = _split(countries)
    if not model_names or not country_codes:
        raise _fail("give at least one model and one country")
    cells = plan(model_names, country_codes, season_names, runs)
    results_root, data_root = resolve_results_dir(results_dir), resolve_data_dir(data_dir)
    over_budget = None
    if budget_kg is not None:
        from warehouse.matrix_budget import MatrixBudget

        over_budget = MatrixBudget(budget_kg, cells, epochs=epochs, quick=quick)
    err.print(f"results: {results_root}", markup=False)
    err.print(f"data: {data_root}", markup=False)

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("training", total=len(cells))

        def started(cell) -> None:
            progress.update(task, description=cell.run_name)

        def done(cell) -> None:
            skipped = cell.status.startswith("skipped")
            colour = "green" if cell.status == "ok" else "cyan" if skipped else "red"
            timing = "" if skipped else f" ({cell.seconds:.1f} s)"
            shown = cell.status == "failed" or cell.status.startswith("skipped (")
            detail = f": {cell.detail}" if shown else ""
            progress.console.print(
                f"[{colour}]{cell.status:>7}[/{colour}] {cell.run_name}{timing}{detail}"
            )
            progress.advance(task)

        try:
            run_matrix(
                cells,
                data_dir=data_root,
                results_dir=results_root,
                quick=quick,
                epochs=epochs,
                seed=seed,
                skip_existing=skip_existing,
                timeout=timeout,
                force=force,
                on_start=started,
                on_done=done,
                skip_reason=over_budget,
            )
        except KeyboardInterrupt:
            raise _fail("interrupted; finished cells keep their reports", 130) from None
        progress.update(task, description="done")

    out.print(f"train-matrix: {plural(len(cells), 'cell')} -> {results_root}", markup=False)
    table = Table()
    for column in ("model", "country", "season", "run", "status", "mae", "kg CO2e", "s"):
        numeric = column in {"run", "mae", "kg CO2e", "s"}
        table.add_column(column, justify="right" if numeric else "left", no_wrap=True)
    for cell in cells:
        table.add_row(
            cell.model,
            cell.country_code,
            cell.season,
            str(cell.run),
            cell.status,
            f"{cell.mae:.3f}" if cell.mae is not None else "",
            f"{cell.emissions_kg:.2e}" if cell.emissions_kg is not None else "",
            f"{cell.seconds:.1f}" if not cell.status.startswith("skipped") else "",
        )
    print_table(out, table)
    failed = [cell for cell in cells if cell.status == "failed"]
    counts = {s: sum(c.status.startswith(s) for c in cells) for s in ("ok", "skipped", "failed")}
    out.print(f"{counts['ok']} trained, {counts['skipped']} skipped, {counts['failed']} failed")
    for cell in failed:
        err.print(f"[red]failed:[/red] {cell.run_name}: ", end="")
        err.print(cell.detail, markup=False)
    if failed:
        raise typer.Exit(1)


@data_app.command("synth")
def synth(
    country: str = typer.Option(..., metavar="CC", help="ENTSO-E country code, e.g. DE."),
    season: str = typer.Option(..., metavar="SEASON", help=SEASONS_HELP),
    out_dir: str = typer.Option(None, "--out", metavar="DIR", help=DATA_HELP),
    seed: int = typer.Option(0, metavar="SEED", help="Random seed; same seed, same file."),
    years: int = typer.Option(4, min=1, metavar="N", help="Number of seasons (years) to generate."),
) -> None:
    """Write a synthetic energy_data_<CC>_5years_<season>.csv and its .meta.json sidecar."""
    from models_tf.data import SEASON_MONTHS
    from models_tf.synth_data import write_synthetic
    from warehouse.paths import resolve_data_dir

    if season.lower() not in SEASON_MONTHS:
        raise _fail(f"season must be summer or winter, not {season!r}")
    if not country.strip():
        raise _fail("country code is empty")
    path = write_synthetic(resolve_data_dir(out_dir), country.strip(), season.lower(), seed, years)
    out.print(f"wrote {path} (synthetic, seed {seed})", markup=False)


def register(app: typer.Typer) -> None:
    """Add `train`, `train-matrix` and the `data` group to the app."""
    app.command("train")(train)
    app.command("train-matrix")(train_matrix)
    app.add_typer(data_app, name="data")
