"""`carbonwh zoo`: list the registered forecasting models with their parameter counts."""

from __future__ import annotations

import csv
import json
import sys

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("zoo")
    def zoo_command(
        names: list[str] = typer.Argument(None, help="Model names (default: all registered)."),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON list of records."),
        as_csv: bool = typer.Option(False, "--csv", help="Print model,family,version,params."),
        as_markdown: bool = typer.Option(
            False, "--markdown", help="Print the docs/zoo.md table (one row per family)."
        ),
    ) -> None:
        """List the model zoo: name, family, version, parameters, input shape.

        Each model is built (not trained) to count its parameters.
        """
        import os

        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        from models_tf import zoo
        from models_tf.zoo._describe import describe_all, markdown_table

        if sum((as_json, as_csv, as_markdown)) > 1:
            _fail("choose one of --json, --csv, --markdown")
        known = zoo.names()
        unknown = [name for name in names or [] if name not in known]
        if unknown:
            _fail(f"unknown model(s): {', '.join(unknown)}; `carbonwh zoo` lists the {len(known)}")
        records = describe_all(names or None)

        if as_json:
            typer.echo(json.dumps(records, indent=2))
        elif as_csv:
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(["model", "family", "version", "params"])
            for r in records:
                writer.writerow([r["name"], r["family"], r["version"], r["params"]])
        elif as_markdown:
            typer.echo(markdown_table(records), nl=False)
        else:
            _print_table(records)


def _print_table(records: list[dict]) -> None:
    from rich.table import Table

    table = Table(title=f"Model zoo ({len(records)} models)")
    for column in ("name", "family", "version"):
        table.add_column(column)
    table.add_column("params", justify="right")
    table.add_column("input shape")
    for r in records:
        table.add_row(
            r["name"], r["family"], r["version"], f"{r['params']:,}", str(r["input_shape"])
        )
    Console().print(table)


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)
