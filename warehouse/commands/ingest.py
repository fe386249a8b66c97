"""`carbonwh ingest`: load Results trees into the warehouse's raw layer (see `ingest`)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

MAX_LISTED = 20


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("ingest")
    def ingest_command(
        results_dir: list[Path] = typer.Option(
            None,
            "--results-dir",
            "-r",
            help="Results root to scan (repeatable); LABEL=PATH names it as a source (default "
            "label: its path). Default: CARBONWH_RESULTS_DIR, else ./Results.",
        ),
        db: Path = typer.Option(
            None, "--db", help="Warehouse file. Default: CARBONWH_DB, else warehouse/carbon.duckdb."
        ),
        strict: bool = typer.Option(
            False, "--strict", help="Exit 1 when any file is quarantined or has rejected lines."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
        wait: float = typer.Option(
            30.0, "--wait", help="Seconds to wait while another process holds the warehouse."
        ),
    ) -> None:
        """Load CodeCarbon CSVs, run reports and slice metrics incrementally into schema raw."""
        from rich.console import Console

        from ingest import IngestError, StrictIngestError, load
        from warehouse.db import WarehouseBusy, connect
        from warehouse.paths import resolve_db, resolve_results_dir
        from warehouse.sources import record_labels, split_label

        err = Console(stderr=True, soft_wrap=True, highlight=False)
        labelled = [split_label(r) for r in results_dir or []]
        roots = (
            [resolve_results_dir(path) for _, path in labelled]
            if labelled
            else [resolve_results_dir()]
        )
        labels = {root: label for root, (label, _) in zip(roots, labelled, strict=False) if label}
        db_path = resolve_db(db)
        for root in roots:
            if not root.is_dir():
                err.print(f"[red]error:[/] results directory {root} does not exist")
                raise typer.Exit(2)
        try:
            con = connect(db_path, wait=wait, on_wait=lambda msg: err.print(f"[yellow]{msg}[/]"))
        except WarehouseBusy as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(3) from None
        failed_strict = False
        try:
            with _progress(err, enabled=not as_json) as progress:
                try:
                    summary = load(con, roots, strict=strict, progress=progress)
                except StrictIngestError as exc:
                    summary, failed_strict = exc.summary, True
            record_labels(con, labels)
        except IngestError as exc:
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from None
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(summary.as_dict()))
        else:
            _print_summary(summary, db_path)
        if failed_strict:
            err.print(
                f"[red]--strict:[/] {len(summary.problems)} file(s) quarantined, partial or "
                "with rejected lines (see above)"
            )
            raise typer.Exit(1)


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
    from rich.console import Console
    from rich.table import Table

    out = Console(soft_wrap=True, highlight=False)
    table = Table(title=f"ingest batch {summary.batch_id} -> {db_path}", show_header=False)
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
        table.add_row(label, str(value))
    out.print(table)
    if summary.warnings:
        # identical warnings (e.g. many files outside the path convention) print once
        groups: dict[str, list[str]] = {}
        for w in summary.warnings:
            groups.setdefault(w["error"], []).append(w["file"])
        out.print(f"[yellow]{len(summary.warnings)} file(s) loaded with warnings:[/]")
        for text, files in list(groups.items())[:MAX_LISTED]:
            more = f" (and {len(files) - 1} more files)" if len(files) > 1 else ""
            out.print(f"  {files[0]}{more}: {text}", markup=False)
        if len(groups) > MAX_LISTED:
            out.print(f"  ... and {len(groups) - MAX_LISTED} more (see raw.files.error)")
    if summary.problems:
        out.print(f"[red]{len(summary.problems)} file(s) quarantined, partial or with rejects:[/]")
        for p in summary.problems[:MAX_LISTED]:
            out.print(f"  {p['file']}: {p['status']}: {p['error']}", markup=False)
        if len(summary.problems) > MAX_LISTED:
            out.print(f"  ... and {len(summary.problems) - MAX_LISTED} more (see raw.files)")
