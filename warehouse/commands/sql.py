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
from rich.console import Console

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
        from rich.markup import escape
        from rich.measure import Measurement
        from rich.table import Table

        from reports.units import humanize_columns

        columns, rows = humanize_columns(columns, rows)  # one unit per kg/kWh/s column
        table = Table(show_lines=False, header_style="bold")
        for column in columns:
            table.add_column(escape(column), overflow="fold")
        for row in rows:
            table.add_row(*[escape(_text(v)) if v is not None else "[dim]NULL[/dim]" for v in row])
        console = Console(file=out, highlight=False, soft_wrap=False)
        if not console.is_terminal:
            # Piped or redirected: print at the table's natural width instead of folding
            # every cell into 80 columns.
            natural = Measurement.get(console, console.options.update_width(10**6), table)
            console.width = max(console.width, natural.maximum)
        console.print(table)
        console.print(f"{len(rows)} row(s)", style="dim")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("sql")
    def sql(
        query: str = typer.Argument(None, help="SQL to run (or use --file)."),
        file: Path = typer.Option(
            None,
            "--file",
            "-f",
            help="Read the SQL from this file (e.g. warehouse/queries/top_emitters.sql).",
        ),
        db: Path = typer.Option(
            None, "--db", help="Warehouse file (default: CARBONWH_DB or warehouse/carbon.duckdb)."
        ),
        fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
        wait: float = typer.Option(
            30.0,
            "--wait",
            help="Seconds to wait while another process (a refresh) holds the warehouse.",
        ),
    ) -> None:
        """Run read-only SQL on the warehouse and print the last statement's result."""
        import duckdb

        from warehouse.db import WarehouseBusy, WarehouseMissing, connect
        from warehouse.paths import resolve_db

        err = Console(stderr=True, highlight=False, soft_wrap=True)

        def fail(message: str, code: int = 1):
            err.print(f"[red]error:[/red] {message}", markup=True)
            raise typer.Exit(code)

        if (query is None) == (file is None):
            fail("give either a QUERY or --file FILE", 2)
        if file is not None:
            try:
                query = file.read_text(encoding="utf-8")
            except OSError as exc:
                fail(f"cannot read {file}: {exc.strerror or exc}")
        try:
            statements = check_read_only(query)
        except SqlRefused as exc:
            fail(str(exc))
        except duckdb.Error as exc:
            fail(f"SQL error: {exc}")
        try:
            con = connect(resolve_db(db), read_only=True, wait=wait, on_wait=err.print)
        except (WarehouseBusy, WarehouseMissing) as exc:
            fail(str(exc), 3 if isinstance(exc, WarehouseBusy) else 1)
        try:
            cursor = None
            for statement in statements:
                cursor = con.execute(statement)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as exc:
            text = str(exc)
            if "read-only" in text or "read only" in text:
                fail(f"carbonwh sql is read-only and the statement tried to write: {text}")
            fail(f"SQL error: {text}")
        finally:
            con.close()
        write_result(columns, rows, fmt)
