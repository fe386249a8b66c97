"""The `carbonwh` command line: a thin typer app over the libraries.

Each command group lives in `warehouse/commands/<group>.py` and exposes `register(app)`.
Command modules import heavy libraries (TensorFlow, dbt, Altair) inside the command
functions, so `carbonwh sql` does not pay for importing TensorFlow.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="carbonwh",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

COMMAND_MODULES = (
    "training",
    "zoo",
    "ingest",
    "build",
    "report",
    "refresh",
    "sql",
    "bench",
    "budgets",
    "scheduling",
    "spark",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"carbonwh {version('carbonwh')}")
        raise typer.Exit(0)


@app.callback()
def _main(
    _show_version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """Carbon-accounting warehouse for ML training runs: train, ingest, build, report.

    Start with `make demo`; `carbonwh COMMAND --help` explains each command. Exit codes:
    0 ok, 1 a check failed, 2 usage or bad input, 3 the warehouse is busy.
    """


for _name in COMMAND_MODULES:
    importlib.import_module(f"warehouse.commands.{_name}").register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
