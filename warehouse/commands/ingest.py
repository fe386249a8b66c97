"""`carbonwh ingest`: load Results trees into the warehouse's raw layer (see `ingest`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from warehouse.options import DbOption, ResultsDirOption, WaitOption

MAX_LISTED = 20


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("ingest")
    def ingest_command(
        results_dir: ResultsDirOption = None,
        db: DbOption = None,
        strict: bool = typer.Option(
            False,
            "--strict",
            help="Exit 1 when any file is quarantined, partial or has rejected lines.",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
        wait: WaitOption = 30.0,
    ) -> None:
        """Load CodeCarbon CSVs, run reports and slice metrics incrementally into schema raw.

        Exit 0 ok, 1 --strict found a problem file, 2 bad input, 3 busy.
        """
        from ingest import IngestError, StrictIngestError, load
        from warehouse import console
        from warehouse.db import WarehouseBusy, connect
        from warehouse.settings import resolve
        from warehouse.sources import record_labels, split_label

        err = console.err()
        labelled = [split_label(r) for r in results_dir or []]
        settings = resolve(db=db, results_dirs=[path for _, path in labelled])
        roots, db_path = list(settings.results_dirs), settings.db
        labels = {root: label for root, (label, _) in zip(roots, labelled, strict=False) if label}
        for root in roots:
            if not root.is_dir():
                console.fail(f"results directory {root} does not exist", console.EXIT_USAGE)
        settings.announce(console.say)
        try:
            con = connect(db_path, wait=wait, on_wait=lambda msg: console.say(f"[yellow]{msg}[/]"))
        except WarehouseBusy as exc:
            console.fail(str(exc), console.EXIT_BUSY)
        failed_strict = False
        try:
            with _progress(err, enabled=not as_json) as progress:
                try:
                    summary = load(con, roots, strict=strict, progress=progress)
                except StrictIngestError as exc:
                    summary, failed_strict = exc.summary, True
            record_labels(con, labels)
        except IngestError as exc:
            console.fail(str(exc), console.EXIT_USAGE)
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(summary.as_dict()))
        else:
            _print_summary(summary, db_path)
        if failed_strict:
            console.fail(
                f"--strict: {console.plural(len(summary.problems), 'file')} quarantined, "
                "partial or with rejected lines (see above)",
                console.EXIT_CHECK_FAILED,
            )


class _progress:
    """A rich progress bar fed by `load(progress=...)`; a no-op when disabled."""

    def __init__(self, console, *, enabled: bool):
        self.console = console
        self.enabled = enabled
        self.bar = None
        self.task = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("reading new and changed files", total=None)
        return self.update

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def _print_summary(summary, db_path: Path) -> None:
    from rich.table import Table

    from warehouse.console import out as out_console
    from warehouse.console import plural

    out = out_console()
    # The path on a line of its own: a table title would wrap it at the table's width.
    out.print(f"ingest batch {summary.batch_id} -> {db_path}", markup=False)
    table = Table(show_header=False)
    table.add_column("count")
    table.add_column("value", justify="right")
    for label, value in (
        ("files new", summary.files_new),
        ("files changed", summary.files_changed),
        ("files unchanged", summary.files_unchanged),
        ("files deleted", summary.files_deleted),
        ("files quarantined", summary.files_quarantined),
        ("files ignored", summary.files_ignored),
        ("rows loaded", summary.rows_loaded),
        ("lines rejected", summary.lines_rejected),
        ("seconds", f"{summary.seconds:.2f}"),
    ):
        table.add_row(label, value if isinstance(value, str) else f"{value:,}")
    out.print(table)
    if summary.warnings:
        # identical warnings (e.g. many files outside the path convention) print once
        groups: dict[str, list[str]] = {}
        for w in summary.warnings:
            groups.setdefault(w["error"], []).append(w["file"])
        out.print(f"[yellow]{plural(len(summary.warnings), 'file')} loaded with warnings:[/]")
        for text, files in list(groups.items())[:MAX_LISTED]:
            more = f" (and {plural(len(files) - 1, 'more file')})" if len(files) > 1 else ""
            out.print(f"  {files[0]}{more}: {text}", markup=False)
        if len(groups) > MAX_LISTED:
            out.print(f"  ... and {len(groups) - MAX_LISTED} more (see raw.files.error)")
    if summary.problems:
        out.print(
            f"[red]{plural(len(summary.problems), 'file')} quarantined, partial or with rejects:[/]"
        )
        for p in summary.problems[:MAX_LISTED]:
            out.print(f"  {p['file']}: {p['status']}: {p['error']}", markup=False)
        if len(summary.problems) > MAX_LISTED:
            out.print(f"  ... and {len(summary.problems) - MAX_LISTED} more (see raw.files)")
