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
    help="Carbon-accounting warehouse for ML training runs: train, ingest, build, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
    "spark",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"warehouse.commands.{_name}").register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
