"""`carbonwh refresh`: ingest -> dbt build -> report, for cron/systemd/CI."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from warehouse.commands.build import Target
from warehouse.commands.report import Method


def spark_builder(db_path: Path):
    """Build on Spark, then copy the marts into the DuckDB file the report reads."""
    from warehouse.spark_target import build_on_spark, copy_marts_to_duckdb

    result = build_on_spark(db_path)
    if result.success:
        copy_marts_to_duckdb(db_path)
    return result


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("refresh")
    def refresh(
        results_dir: list[Path] = typer.Option(
            None,
            "--results-dir",
            help="Results tree to ingest (repeatable; default: CARBONWH_RESULTS_DIR or ./Results).",
        ),
        db: Path = typer.Option(
            None, "--db", help="Warehouse file (default: CARBONWH_DB or warehouse/carbon.duckdb)."
        ),
        out: Path = typer.Option(None, "--out", help="Report directory (default: reports/out)."),
        force: bool = typer.Option(
            False, "--force", help="Build and report even when ingest found nothing new."
        ),
        fail_on_regression: bool = typer.Option(
            False, "--fail-on-regression", help="Exit 4 when rpt_emission_regressions flags a run."
        ),
        method: Method = typer.Option(
            Method.exact, "--method", help="Aggregation method of the report."
        ),
        wait: float = typer.Option(
            60.0, "--wait", help="Seconds to wait while another process holds the warehouse."
        ),
        target: Target = typer.Option(
            Target.duckdb,
            "--target",
            help="Engine of the build: duckdb, or spark (the marts are then copied back into "
            "the warehouse file for the report).",
        ),
    ) -> None:
        """Ingest new/changed result files, rebuild the marts (dbt build with tests) and
        rewrite the report; skipped when nothing changed. Exit 0 ok/skipped, 1 failed,
        3 busy, 4 regression (with --fail-on-regression)."""
        from warehouse.db import WarehouseBusy
        from warehouse.paths import resolve_db, resolve_results_dir
        from warehouse.refresh import EXIT_BUSY, RefreshBusy, resolve_report_dir
        from warehouse.refresh import refresh as run_refresh

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        roots = [resolve_results_dir(r) for r in results_dir] or [resolve_results_dir(None)]
        missing = [r for r in roots if not r.is_dir()]
        if missing:
            err.print(f"[red]error:[/red] results directory {missing[0]} does not exist")
            raise typer.Exit(1)
        db_path = resolve_db(db)
        out_dir = resolve_report_dir(out)
        try:
            result = run_refresh(
                roots,
                db_path,
                out_dir,
                force=force,
                fail_on_regression=fail_on_regression,
                method=method.value,
                wait=wait,
                progress=lambda message: err.print(message, markup=False),
                builder=spark_builder if target is Target.spark else None,
            )
        except (RefreshBusy, WarehouseBusy) as exc:
            err.print(f"[red]refresh not started:[/red] {exc}")
            raise typer.Exit(EXIT_BUSY) from None
        if result.status == "failed":
            err.print(f"[red]refresh failed:[/red] {result.error}")
        if result.regressions:
            err.print(
                f"[yellow]warning:[/yellow] {result.regressions} emission regression(s) "
                "flagged in marts.rpt_emission_regressions"
            )
        index = result.report_index or (
            str(out_dir / "index.html") if (out_dir / "index.html").exists() else None
        )
        typer.echo(f"refresh {result.status}" + (f"; report: {index}" if index else ""))
        raise typer.Exit(result.exit_code)
