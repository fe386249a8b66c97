"""`carbonwh synth-results` and `carbonwh bench`: synthetic Results trees and the benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from warehouse.console import err as err_console
from warehouse.console import labelled, make_console, print_table
from warehouse.console import out as out_console


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("synth-results")
    def synth_results(
        out: Path = typer.Option(
            ..., "--out", metavar="DIR", help="Results root to write (created if absent)."
        ),
        files: int = typer.Option(
            ..., "--files", min=1, metavar="N", help="Number of emissions CSVs."
        ),
        seed: int = typer.Option(0, "--seed", metavar="SEED", help="Same seed and N, same bytes."),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    ) -> None:
        """Write a deterministic synthetic Results tree: CodeCarbon CSVs (1-5 snapshot rows
        per execution, re-executions, older headers, .bak backups) and matching run reports."""
        from benchmarks.synth_results import generate

        summary = generate(out, files, seed=seed).as_dict()
        if as_json:
            print(json.dumps(summary))
            return
        out_console().print(
            f"wrote {summary['files']:,} emissions CSVs, {summary['backups']:,} backups, "
            f"{summary['reports']:,} run reports, {summary['slice_metrics']:,} slice metrics "
            f"({summary['rows']:,} rows, {summary['bytes'] / 1e6:.1f} MB) under {out}"
        )

    @app.command("bench")
    def bench(
        files: int = typer.Option(
            20_000, "--files", min=1, metavar="N", help="Emissions CSVs in the tree."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object of figures."),
        out: Path = typer.Option(
            Path("bench_out"),
            "--out",
            metavar="DIR",
            help="Work directory (tree, warehouse, report, logs).",
        ),
        seed: int = typer.Option(0, "--seed", metavar="SEED", help="Seed of the synthetic tree."),
        skip_tracker: bool = typer.Option(
            False, "--skip-tracker", help="Skip the CodeCarbon overhead measurement."
        ),
        tracker_seconds: float = typer.Option(
            60.0,
            "--tracker-seconds",
            metavar="SECONDS",
            help="Length of one training in the overhead arms.",
        ),
        tracker_repeats: int = typer.Option(
            3, "--tracker-repeats", min=1, metavar="N", help="Runs per arm."
        ),
        tracker_epochs: int = typer.Option(
            10,
            "--tracker-epochs",
            min=1,
            metavar="N",
            help="Epochs (one tracker flush each) per training.",
        ),
        engine: str = typer.Option(
            "duckdb",
            "--engine",
            help="duckdb, or spark: also time the Spark build (needs `make spark-up`).",
        ),
    ) -> None:
        """Measure ingest against the per-file pandas baseline and the read floor, re-ingest,
        dbt build, report, ingest peak RSS and CodeCarbon's training overhead."""
        from benchmarks.run import BenchOptions, figures, run_bench
        from benchmarks.table import render

        console = make_console(stderr=as_json)
        options = BenchOptions(
            files=files,
            out=out,
            seed=seed,
            skip_tracker=skip_tracker,
            tracker_seconds=tracker_seconds,
            tracker_repeats=tracker_repeats,
            tracker_epochs=tracker_epochs,
            engine=engine,
        )
        report = run_bench(options, say=lambda text: console.print(f"[dim]{text}[/dim]"))
        if as_json:
            print(json.dumps(figures(report)))
        else:
            print_table(console, render(report))
            console.print(f"details: {out / 'bench.json'}, logs: {out / 'logs'}")
        failed = [s for s in report["stages"].values() if not s.ok and s.error and
                  not s.error.startswith("skipped: --skip")]  # fmt: skip
        for stage in failed:
            err_console().print(labelled(f"{stage.name} failed", "red", str(stage.error)))
        if failed:
            raise typer.Exit(1)
