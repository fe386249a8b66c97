"""`carbonwh report`: charts, LaTeX tables, index.html and summary.md from the marts."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console


class Method(str, Enum):
    exact = "exact"
    published = "published"
    seed = "seed"  # the former name of `published`, accepted for one release


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("report")
    def report(
        db: Path = typer.Option(
            None, "--db", help="Warehouse file (default: CARBONWH_DB or warehouse/carbon.duckdb)."
        ),
        out: Path = typer.Option(None, "--out", help="Output directory (default: reports/out)."),
        method: Method = typer.Option(
            Method.exact,
            "--method",
            help="Aggregation method of the tables and charts (`seed`: former name of `published`).",
        ),
        wait: float = typer.Option(
            30.0, "--wait", help="Seconds to wait while another process holds the warehouse."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
    ) -> None:
        """Write the report (read-only on the warehouse): charts as PNG+SVG, LaTeX tables,
        an offline index.html and summary.md."""
        from warehouse.db import WarehouseBusy, WarehouseMissing, connect
        from warehouse.paths import resolve_db
        from warehouse.refresh import EXIT_BUSY, resolve_report_dir

        err = Console(stderr=True, soft_wrap=True)
        db_path = resolve_db(db)
        out_dir = resolve_report_dir(out)
        try:
            con = connect(db_path, read_only=True, wait=wait, on_wait=err.print)
        except (WarehouseBusy, WarehouseMissing) as exc:
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(EXIT_BUSY if isinstance(exc, WarehouseBusy) else 1) from None
        try:
            from reports import write_report

            result = write_report(con, out_dir, method=method.value)
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
            return
        if result.missing:
            err.print(
                f"[yellow]warning:[/yellow] marts missing (run `carbonwh build`): "
                f"{', '.join(result.missing)}",
                highlight=False,
            )
        typer.echo(
            f"report written in {result.seconds:.1f} s: {len(result.charts)} charts, "
            f"{len(result.tables)} LaTeX tables\n"
            f"  open {result.index_html}\n  summary {result.summary_md}"
        )
