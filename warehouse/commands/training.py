"""`carbonwh` training commands: `train`, `train-matrix` and `data synth`.

TensorFlow, Keras and CodeCarbon are imported inside the commands, never at module level.
"""

from __future__ import annotations

import os
import warnings

import typer
from rich.console import Console

err = Console(stderr=True, soft_wrap=True)
out = Console()

data_app = typer.Typer(help="Input data: synthetic season files for demos and tests.")

SEASONS_HELP = "summer (April-September) or winter (October-March)"


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def train(
    model: str = typer.Option(None, help="Zoo model name (fallback: ENTRY_MODEL_NAME)."),
    country: str = typer.Option(None, help="ENTSO-E country code (fallback: COUNTRY_CODE)."),
    season: str = typer.Option(None, help=f"{SEASONS_HELP} (fallback: BIONET_SEASON)."),
    run: int = typer.Option(None, help="Run number N of <Model>_<Country>_<season>_runN [1]."),
    epochs: int = typer.Option(None, help="Maximum epochs (early stopping may end sooner) [30]."),
    quick: bool = typer.Option(False, "--quick", help="At most 2 epochs of 50 steps."),
    seed: int = typer.Option(None, help="Random seed [42]."),
    data_dir: str = typer.Option(None, help="Data folder (fallback: CARBONWH_DATA_DIR, data)."),
    results_dir: str = typer.Option(
        None, help="Results root (fallback: CARBONWH_RESULTS_DIR, Results)."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Train even when the cell's earlier executions used other data (a different "
        "data_sha256); the warehouse flags such cells.",
    ),
) -> None:
    """Train one model on one country's season under CodeCarbon; write the run report."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from models_tf.data import DataError
    from models_tf.tracking import EmissionsMissingWarning, TrackingConfigError
    from models_tf.train import TrainError, train_run
    from warehouse.paths import resolve_data_dir, resolve_results_dir

    try:
        with warnings.catch_warnings():
            # The report's `warnings` say it; printed below, once.
            warnings.simplefilter("ignore", EmissionsMissingWarning)
            report = train_run(
                model,
                country,
                season,
                run,
                epochs=epochs,
                quick=quick,
                seed=seed,
                data_dir=resolve_data_dir(data_dir) if data_dir else None,
                results_dir=resolve_results_dir(results_dir) if results_dir else None,
                verbose=2,
                force=force,
            )
    except (TrainError, DataError, TrackingConfigError) as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail("interrupted (the emissions CSV has its row; no run report)", 130) from None
    for note in report["warnings"]:
        err.print(f"[yellow]warning:[/yellow] {note}", highlight=False)
    metrics = report["metrics"]
    out.print(
        f"[bold]{report['run']}[/bold]: mae {metrics['mae']:.3f}, rmse {metrics['rmse']:.3f}, "
        f"{report['epochs_run']} epochs, {report['params']:,} params, "
        f"emissions {report['emissions_status']}"
        + (f" ({report['emissions_kg']:.3g} kg)" if report.get("emissions_kg") else ""),
        highlight=False,
    )


def train_matrix(
    models: str = typer.Option(..., help="Comma-separated zoo model names, or `all`."),
    countries: str = typer.Option(..., help="Comma-separated ENTSO-E codes, e.g. DE,DK."),
    seasons: str = typer.Option("summer,winter", help="Comma-separated seasons."),
    runs: int = typer.Option(1, min=1, help="Runs per (model, country, season)."),
    quick: bool = typer.Option(False, "--quick", help="At most 2 epochs of 50 steps per run."),
    skip_existing: bool = typer.Option(
        False, "--skip-existing", help="Skip cells whose run report already has metrics."
    ),
    epochs: int = typer.Option(None, help="Maximum epochs per run [30]."),
    seed: int = typer.Option(None, help="Random seed for every run [42]."),
    timeout: float = typer.Option(None, help="Seconds after which a cell is stopped."),
    data_dir: str = typer.Option(None, help="Data folder (fallback: CARBONWH_DATA_DIR, data)."),
    results_dir: str = typer.Option(
        None, help="Results root (fallback: CARBONWH_RESULTS_DIR, Results)."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Train even when the cell's earlier executions used other data (a different "
        "data_sha256); the warehouse flags such cells.",
    ),
) -> None:
    """Train every (model, country, season, run) cell, each in its own subprocess."""
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
            colour = {"ok": "green", "skipped": "cyan"}.get(cell.status, "red")
            progress.console.print(
                f"[{colour}]{cell.status:>7}[/{colour}] {cell.run_name} "
                f"({cell.seconds:.1f} s){': ' + cell.detail if cell.status == 'failed' else ''}",
                highlight=False,
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
            )
        except KeyboardInterrupt:
            raise _fail("interrupted; finished cells keep their reports", 130) from None
        progress.update(task, description="done")

    table = Table(title=f"train-matrix: {len(cells)} cells -> {results_root}")
    for column in ("model", "country", "season", "run", "status", "mae", "kg CO2e", "s"):
        table.add_column(
            column, justify="right" if column in {"run", "mae", "kg CO2e", "s"} else "left"
        )
    for cell in cells:
        table.add_row(
            cell.model,
            cell.country_code,
            cell.season,
            str(cell.run),
            cell.status,
            f"{cell.mae:.3f}" if cell.mae is not None else "",
            f"{cell.emissions_kg:.3g}" if cell.emissions_kg is not None else "",
            f"{cell.seconds:.1f}",
        )
    out.print(table)
    failed = [cell for cell in cells if cell.status == "failed"]
    counts = {s: sum(c.status == s for c in cells) for s in ("ok", "skipped", "failed")}
    out.print(f"{counts['ok']} trained, {counts['skipped']} skipped, {counts['failed']} failed")
    for cell in failed:
        err.print(f"[red]failed:[/red] {cell.run_name}: {cell.detail}", highlight=False)
    if failed:
        raise typer.Exit(1)


@data_app.command("synth")
def synth(
    country: str = typer.Option(..., help="ENTSO-E country code, e.g. DE."),
    season: str = typer.Option(..., help=SEASONS_HELP),
    out_dir: str = typer.Option(
        None, "--out", help="Output folder (fallback: CARBONWH_DATA_DIR, data)."
    ),
    seed: int = typer.Option(0, help="Random seed; same seed, same file."),
    years: int = typer.Option(4, min=1, help="Number of seasons (years) to generate."),
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
    out.print(f"wrote {path} (synthetic, seed {seed})", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `train`, `train-matrix` and the `data` group to the app."""
    app.command("train")(train)
    app.command("train-matrix")(train_matrix)
    app.add_typer(data_app, name="data")
