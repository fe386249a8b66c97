"""`carbonwh build`: run the dbt project (seeds, models, tests) into the warehouse."""

from __future__ import annotations

from enum import Enum

import typer

from warehouse.options import DbOption, VarsOption, WaitOption


class Target(str, Enum):
    """The dbt target (an output of dbt_project/profiles.yml)."""

    duckdb = "duckdb"
    spark = "spark"


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("build")
    def build_command(
        db: DbOption = None,
        select: list[str] = typer.Option(
            None,
            "--select",
            "-s",
            metavar="SELECTOR",
            help="dbt selection, e.g. 'marts' or '+rpt_pareto_front'.",
        ),
        full_refresh: bool = typer.Option(False, "--full-refresh", help="Rebuild everything."),
        dbt_vars: VarsOption = None,
        wait: WaitOption = 30.0,
        quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the summary line."),
        target: Target = typer.Option(
            Target.duckdb,
            "--target",
            help="Engine: duckdb (the warehouse file) or spark (raw tables exported as "
            "Parquet, built on the cluster of `make spark-up`).",
        ),
    ) -> None:
        """Build the marts with dbt (strict parse, then `dbt build` with its tests).

        Exit 0 ok, 1 a model or test failed, 2 no warehouse yet or bad --vars, 3 busy.
        """
        from rich.text import Text

        from warehouse import console
        from warehouse.build_vars import BuildVarsError, parse_vars
        from warehouse.db import WarehouseBusy, ensure_writable
        from warehouse.dbt_runner import build, is_lock_failure
        from warehouse.settings import resolve

        settings = resolve(db=db)
        db_path = settings.db
        if not db_path.exists():
            console.fail(f"warehouse {db_path} does not exist: run `carbonwh ingest` first", 2)
        try:
            variables = parse_vars(dbt_vars)
        except BuildVarsError as exc:
            console.fail(str(exc), console.EXIT_USAGE)
        out, err = console.out(), console.err()
        try:
            ensure_writable(db_path, wait=wait, on_wait=console.say)
        except WarehouseBusy as exc:
            console.fail(str(exc), console.EXIT_BUSY)

        from warehouse.raw_layer import ensure_raw_layer

        if ensure_raw_layer(db_path) == 0:
            out.print(
                "[yellow]nothing ingested yet[/]: the marts build empty "
                "(`carbonwh ingest -r <results dir>` loads CodeCarbon files)"
            )

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
                settings.announce(console.say, results=False)
                out.print(f"dbt build on Spark from {db_path} into {spark_dir()} ...", markup=False)
            result = build_on_spark(
                db_path,
                select=select or None,
                full_refresh=full_refresh,
                vars=variables,
                on_progress=progress,
                on_step=None if quiet else (lambda message: out.print(f"  {message}")),
            )
        else:
            if not quiet:
                settings.announce(console.say, results=False)
                out.print(f"dbt build into {db_path} ...", markup=False)
            result = build(
                db_path,
                select=select or None,
                full_refresh=full_refresh,
                quiet=True,
                vars=variables,
                on_progress=progress,
            )
        counts = ", ".join(f"{n} {status}" for status, n in sorted(result.counts.items()))
        if not result.success:
            for failure in result.failures:
                # dbt messages may hold [brackets]: printed as plain text, never wrapped.
                err.print(Text("FAILED ", style="red") + Text(failure))
            if is_lock_failure(result):
                console.fail(
                    f"dbt build could not open {db_path}: another process took it meanwhile; "
                    "try again when it has finished",
                    console.EXIT_BUSY,
                )
            err.print(
                f"[red]dbt build failed[/] after {result.seconds:.1f} s ({counts or 'nothing ran'})"
            )
            raise typer.Exit(console.EXIT_CHECK_FAILED)
        out.print(f"[green]dbt build ok[/] in {result.seconds:.1f} s ({counts})")
