"""`carbonwh export-raw`: the raw tables as Parquet, for the Spark target (and any engine)."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("export-raw")
    def export_raw_command(
        to: Path = typer.Option(..., "--to", help="Folder to write (<table>/data.parquet each)."),
        db: Path = typer.Option(
            None, "--db", help="Warehouse file (default: CARBONWH_DB or warehouse/carbon.duckdb)."
        ),
    ) -> None:
        """Write every raw table as Parquet (DuckDB COPY), atomically: a new folder is
        swapped in, so an interrupted export leaves the previous one readable."""
        from rich.console import Console

        from warehouse.db import WarehouseBusy
        from warehouse.paths import resolve_db
        from warehouse.spark_target import ExportError, export_raw

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        try:
            counts = export_raw(resolve_db(db), to)
        except ExportError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        except WarehouseBusy as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(3) from None
        rows = sum(counts.values())
        typer.echo(f"exported {len(counts)} raw tables ({rows} rows) to {to.resolve()}")
