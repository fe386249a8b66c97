"""`carbonwh zoo`: list the registered forecasting models with their parameter counts."""

from __future__ import annotations

import csv
import json
import sys

import typer

# `zoo --json true`: a flag given a value lands among the model names.
FLAG_WORDS = {"true", "false", "yes", "no", "1", "0"}


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("zoo")
    def zoo_command(
        names: list[str] = typer.Argument(
            None, metavar="[MODEL]...", help="Model names. [default: every registered model]"
        ),
        as_json: bool = typer.Option(False, "--json", help="Print a JSON list of records."),
        as_csv: bool = typer.Option(False, "--csv", help="Print model,family,version,params."),
        as_markdown: bool = typer.Option(
            False, "--markdown", help="Print the docs/zoo.md table (one row per family)."
        ),
    ) -> None:
        """List the model zoo: name, family, version, parameters, input shape.

        Each model is built (not trained) to count its parameters.
        """
        from warehouse.console import fail, plural, say

        if sum((as_json, as_csv, as_markdown)) > 1:
            fail("choose one of --json, --csv, --markdown")
        flag_values = [n for n in names or [] if n.lower() in FLAG_WORDS]
        if flag_values:
            fail(
                f"unexpected argument {flag_values[0]!r}: --json, --csv and --markdown are "
                "flags and take no value"
            )
        import os

        from warehouse.console import require_train_extra

        require_train_extra("zoo")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        from models_tf import zoo
        from models_tf.zoo._describe import describe_all, markdown_table

        known = zoo.names()
        unknown = [name for name in names or [] if name not in known]
        if unknown:
            import difflib

            hints = [m for n in unknown for m in difflib.get_close_matches(n, known, n=1)]
            hint = f" (did you mean {', '.join(hints)}?)" if hints else ""
            fail(
                f"unknown model {', '.join(unknown)}{hint}; `carbonwh zoo` lists the "
                f"{plural(len(known), 'model')}"
            )
        count = len(names) if names else len(known)
        say(f"building {plural(count, 'model')} to count their parameters ...")
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
    """A table when it fits the width; else one line per model. Names are never cut."""
    from rich.measure import Measurement
    from rich.table import Table

    from warehouse.console import out, plural, table_width

    console = out()
    table = Table(title=f"Model zoo ({plural(len(records), 'model')})")
    for column in ("name", "family", "version"):
        table.add_column(column, no_wrap=True)
    table.add_column("params", justify="right", no_wrap=True)
    table.add_column("input shape", no_wrap=True)
    for r in records:
        table.add_row(
            r["name"], r["family"], r["version"], f"{r['params']:,}", str(r["input_shape"])
        )
    width = table_width(console)
    natural = Measurement.get(console, console.options.update_width(10**6), table).maximum
    if natural <= width:
        console.width = max(natural, min(console.width, width))
        console.print(table)
        return
    console.print(f"Model zoo ({plural(len(records), 'model')})")
    for r in records:
        console.print(r["name"], markup=False)
        console.print(
            f"  {r['family']} {r['version']}, {r['params']:,} params, input {r['input_shape']}",
            markup=False,
        )
