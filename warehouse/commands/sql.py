"""`carbonwh sql`: ad-hoc, read-only SQL over the warehouse.

Imports stay light (no pandas, Altair or dbt) so a query returns quickly.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
import sys
import uuid
from enum import Enum
from pathlib import Path

import typer

from warehouse.options import DbOption, WaitOption

# Statements that only read; anything else is refused before it reaches DuckDB (and the
# connection is read-only anyway, as a second guard).
READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA", "SET", "VARIABLE_SET", "CALL"}


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class SqlRefused(ValueError):
    """A statement that would write, refused by `carbonwh sql`."""


def check_read_only(query: str) -> list[str]:
    """The statements of `query`; raises SqlRefused for one that is not read-only."""
    import duckdb

    statements = duckdb.extract_statements(query)
    if not statements:
        raise SqlRefused("the query is empty")
    for number, statement in enumerate(statements, start=1):
        kind = statement.type.name
        if kind not in READ_ONLY_STATEMENTS:
            raise SqlRefused(
                f"carbonwh sql is read-only: statement {number} is {kind.replace('_', ' ')} "
                f"({statement.query.strip()[:60]!r}); the warehouse is changed only by "
                "`carbonwh ingest`, `carbonwh build` and `carbonwh refresh`"
            )
    return [s.query for s in statements]


def json_value(value):
    """A JSON-ready value: NaN/inf become null, decimals floats, times ISO strings."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    return str(value)


def write_result(columns: list[str], rows: list[tuple], fmt: Format, out=None) -> None:
    out = out or sys.stdout
    if fmt is Format.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_text(v) for v in row] for row in rows])
    elif fmt is Format.json:
        records = [dict(zip(columns, (json_value(v) for v in row), strict=True)) for row in rows]
        out.write(json.dumps(records, indent=2, ensure_ascii=False, allow_nan=False) + "\n")
    elif fmt is Format.markdown:
        from reports.escape import markdown_table

        out.write(markdown_table(columns, [[_text(v) for v in row] for row in rows]) + "\n")
    else:
        _print_table(columns, rows, out)


def _cell(value) -> str:
    """A table cell: floats to 6 significant digits (csv/json keep every digit)."""
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:.6g}"
    return _text(value)


def _print_table(columns: list[str], rows: list[tuple], out) -> None:
    from rich.markup import escape
    from rich.table import Table

    from reports.units import humanize_columns
    from warehouse.console import make_console, plural, print_table

    numeric = [
        all(isinstance(row[i], (int, float, decimal.Decimal)) for row in rows if row[i] is not None)
        and any(row[i] is not None for row in rows)
        for i in range(len(columns))
    ]
    columns, rows = humanize_columns(columns, rows)  # one unit per kg/kWh/s column
    table = Table(show_lines=False, header_style="bold")
    for column, is_number in zip(columns, numeric, strict=True):
        table.add_column(escape(column), justify="right" if is_number else "left", no_wrap=True)
    for row in rows:
        table.add_row(*[escape(_cell(v)) if v is not None else "[dim]NULL[/dim]" for v in row])
    console = make_console(file=out)
    fits = print_table(console, table)
    console.print(f"{plural(len(rows), 'row')}", style="dim")
    if not fits and console.is_terminal:
        console.print(
            "wider than the terminal: select fewer columns, or use --format csv", style="dim"
        )


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("sql")
    def sql(
        query: str = typer.Argument(None, metavar="QUERY", help="SQL to run (or use --file)."),
        file: Path = typer.Option(
            None,
            "--file",
            "-f",
            metavar="FILE",
            help="Read the SQL from this file (e.g. warehouse/queries/top_emitters.sql).",
        ),
        db: DbOption = None,
        fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
        wait: WaitOption = 30.0,
    ) -> None:
        """Run read-only SQL on the warehouse and print the last statement's result.

        Examples:

          carbonwh sql "select model_name, emissions_kg from marts.fct_training_runs limit 5"

          carbonwh sql -f warehouse/queries/top_emitters.sql --format csv

        Exit 0 ok, 2 bad SQL, a write refused, or no warehouse/marts yet, 3 busy.
        """
        import duckdb

        from warehouse.console import EXIT_BUSY, EXIT_USAGE, fail
        from warehouse.db import NO_MARTS, WarehouseBusy, WarehouseMissing, connect, has_marts
        from warehouse.settings import resolve

        if (query is None) == (file is None):
            fail("give either a QUERY or --file FILE", EXIT_USAGE)
        if file is not None:
            try:
                query = file.read_text(encoding="utf-8")
            except OSError as exc:
                fail(f"cannot read {file}: {exc.strerror or exc}", EXIT_USAGE)
        try:
            statements = check_read_only(query)
        except SqlRefused as exc:
            fail(str(exc), EXIT_USAGE)
        except duckdb.Error as exc:
            fail(f"SQL error: {exc}", EXIT_USAGE)
        db_path = resolve(db=db).db
        try:
            con = connect(db_path, read_only=True, wait=wait, on_wait=_say)
        except WarehouseBusy as exc:
            fail(str(exc), EXIT_BUSY)
        except WarehouseMissing as exc:
            fail(str(exc), EXIT_USAGE)
        try:
            cursor = None
            for statement in statements:
                cursor = con.execute(statement)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            text = str(exc)
            if "read-only" in text or "read only" in text:
                fail(
                    f"carbonwh sql is read-only and the statement tried to write: {text}",
                    EXIT_USAGE,
                )
            if isinstance(exc, duckdb.CatalogException) and not has_marts(con):
                fail(f"SQL error: {text}; {NO_MARTS.format(path=db_path)}", EXIT_USAGE)
            fail(f"SQL error: {text}", EXIT_USAGE)
        finally:
            con.close()
        write_result(columns, rows, fmt)


def _say(message: str) -> None:
    from warehouse.console import say

    say(message, markup=False)
