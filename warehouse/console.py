"""The one place that makes the CLI's consoles and words its exits.

Messages are printed with `soft_wrap=True`: rich never inserts a line break, so an error,
a path, a SQL statement or a dbt line stays whole and copy-pasteable at any terminal width
and, when output is not a terminal (cron, systemd, a pipe), every event is one line.
Tables are the only output laid out to the width; they choose columns and number formats
to fit (`print_table` below), they do not wrap cells.

Exit codes (docs/cli.md): 0 ok, 1 a check failed, 2 usage or bad input (including a
missing earlier step, which the message names), 3 the warehouse is busy.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_BUSY = 3

# Width used to lay out tables when output is not a terminal and COLUMNS is unset: wide
# enough that a piped table is never folded, narrow enough to stay readable in a log.
PIPE_WIDTH = 200


def make_console(*, stderr: bool = False, file=None) -> Console:
    """A console that never wraps messages and never highlights numbers or paths."""
    return Console(stderr=stderr, file=file, soft_wrap=True, highlight=False)


def out() -> Console:
    """The console of a command's results (stdout)."""
    return make_console()


def err() -> Console:
    """The console of progress, warnings and errors (stderr)."""
    return make_console(stderr=True)


def say(message: str, *, markup: bool = True) -> None:
    """One progress or status line on stderr."""
    err().print(message, markup=markup)


def labelled(label: str, style: str, message: str) -> Text:
    """`<label>: <message>` with the label styled and the message verbatim (no markup)."""
    return Text(f"{label}: ", style=style) + Text(message)


def warn(message: str) -> None:
    """`warning: <message>`, one line on stderr."""
    err().print(labelled("warning", "yellow", message))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print `error: <message>` as one line on stderr and exit with `code`."""
    err().print(labelled("error", "red", message))
    raise typer.Exit(code)


def table_width(console: Console) -> int:
    """The width a table may use: the terminal's, else COLUMNS, else PIPE_WIDTH."""
    if console.is_terminal:
        return console.width
    import os

    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else PIPE_WIDTH


def natural_width(console: Console, renderable) -> int:
    """The width `renderable` (a table) takes when nothing limits it."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10**6), renderable).maximum


def print_table(console: Console, table) -> bool:
    """Print a table without folding or cutting cells; True when it fit the width.

    Piped output gets the table's natural width; on a terminal a table wider than the
    window is printed at its natural width too (each row stays one line).
    """
    natural = natural_width(console, table)
    fits = natural <= table_width(console)
    if not console.is_terminal or not fits:
        console.width = max(console.width, natural)
    console.print(table)
    return fits


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 cell`, `2 cells`, `1 model`, `3 matches` (give `plural_form` when not +s)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def is_interactive() -> bool:
    return sys.stderr.isatty()


TRAIN_MODULES = ("tensorflow", "keras", "codecarbon")


def require_train_extra(command: str) -> None:
    """Exit 2 with the install line when the `[train]` extra (TensorFlow ...) is absent."""
    import importlib.util

    missing = [m for m in TRAIN_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        fail(
            f"`carbonwh {command}` needs the [train] extra ({', '.join(missing)} not "
            "installed): .venv/bin/pip install -e '.[train]' (make demo installs it)"
        )
