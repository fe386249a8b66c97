"""`carbonwh build`: run the dbt project (seeds, models, tests) into the warehouse."""

from __future__ import annotations

from enum import Enum

import typer


class Target(str, Enum):
    """The dbt target (an output of dbt_project/profiles.yml)."""

    duckdb = "duckdb"
    spark = "spark"


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("build")
    def build_command(
        db: str = typer.Option(
            None, "--db", help="DuckDB file (default: CARBONWH_DB, else warehouse/carbon.duckdb)."
        ),
        select: list[str] = typer.Option(
            None, "--select", "-s", help="dbt selection, e.g. 'marts' or '+rpt_pareto_front'."
        ),
        full_refresh: bool = typer.Option(False, "--full-refresh", help="Rebuild everything."),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the summary line."),
        target: Target = typer.Option(
            Target.duckdb,
            "--target",
            help="Engine: duckdb (the warehouse file) or spark (raw tables exported as "
            "Parquet, built on the cluster of `make spark-up`).",
        ),
    ) -> None:
        """Build the marts with dbt (strict parse, then `dbt build`); non-zero exit on failure."""
        from rich.console import Console
        from rich.text import Text

        from warehouse.dbt_runner import build
        from warehouse.paths import resolve_db

        out = Console()
        err = Console(stderr=True)
        db_path = resolve_db(db)
        if not db_path.exists():
            err.print(f"[red]warehouse {db_path} does not exist: run `carbonwh ingest` first[/]")
            raise typer.Exit(2)

        marks = {"success": "[green]ok[/]", "pass": "[green]pass[/]", "warn": "[yellow]warn[/]"}

        def progress(node: str, status: str, seconds: float | None) -> None:
            if quiet:
                return
            mark = marks.get(str(status), f"[red]{status}[/]")
            timing = f" [dim]{seconds:.2f} s[/]" if seconds else ""
            out.print(f"  {mark} {node}{timing}")

        if target is Target.spark:
            from warehouse.spark_target import build_on_spark, spark_dir

            if not quiet:
                out.print(f"dbt build on [bold]Spark[/] from {db_path} into {spark_dir()} ...")
            result = build_on_spark(
                db_path,
                select=select or None,
                full_refresh=full_refresh,
                on_progress=progress,
                on_step=None if quiet else (lambda message: out.print(f"  {message}")),
            )
        else:
            if not quiet:
                out.print(f"dbt build into [bold]{db_path}[/] ...")
            result = build(
                db_path,
                select=select or None,
                full_refresh=full_refresh,
                quiet=True,
                on_progress=progress,
            )
        counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts.items()))
        if not result.success:
            for failure in result.failures:
                # dbt messages may hold [brackets]: print them as plain text, unwrapped.
                err.print(Text("FAILED ", style="red") + Text(failure), soft_wrap=True)
            err.print(
                f"[red]dbt build failed[/] after {result.seconds:.1f} s ({counts or 'nothing ran'})"
            )
            raise typer.Exit(1)
        out.print(f"[green]dbt build ok[/] in {result.seconds:.1f} s ({counts})")
