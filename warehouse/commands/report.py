"""`carbonwh report`: charts, LaTeX tables, index.html and summary.md from the marts."""

from __future__ import annotations

import json
from enum import Enum

import typer

from warehouse.options import DbOption, ReportDirOption, WaitOption


class Method(str, Enum):
    exact = "exact"
    published = "published"
    seed = "seed"  # the former name of `published`, accepted for one release


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("report")
    def report(
        db: DbOption = None,
        out: ReportDirOption = None,
        method: Method = typer.Option(
            Method.exact,
            "--method",
            help="Aggregation method of the tables and charts (`seed`: former name of `published`).",
        ),
        wait: WaitOption = 30.0,
        as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
    ) -> None:
        """Write the report (read-only on the warehouse): charts as PNG+SVG, LaTeX tables,
        an offline index.html and summary.md.

        Exit 0 ok, 2 no warehouse or no marts yet (run `carbonwh build`), 3 busy.
        """
        from warehouse import console
        from warehouse.db import NO_MARTS, WarehouseBusy, WarehouseMissing, connect, has_marts
        from warehouse.settings import resolve

        settings = resolve(db=db, report_dir=out)
        db_path, out_dir = settings.db, settings.report_dir
        console.say(f"warehouse: {db_path}")
        console.say(f"report: {out_dir}")
        try:
            con = connect(db_path, read_only=True, wait=wait, on_wait=console.say)
        except WarehouseBusy as exc:
            console.fail(str(exc), console.EXIT_BUSY)
        except WarehouseMissing as exc:
            console.fail(str(exc), console.EXIT_USAGE)
        try:
            if not has_marts(con):
                console.fail(NO_MARTS.format(path=db_path), console.EXIT_USAGE)
            from reports import write_report

            console.say("report: writing charts, tables and pages ...")
            result = write_report(con, out_dir, method=method.value)
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
            return
        if result.missing:
            console.warn(f"marts missing (run `carbonwh build`): {', '.join(result.missing)}")
        typer.echo(
            f"report written in {result.seconds:.1f} s: "
            f"{console.plural(len(result.charts), 'chart')}, "
            f"{console.plural(len(result.tables), 'LaTeX table')}\n"
            f"  open {result.index_html}\n  summary {result.summary_md}"
        )
