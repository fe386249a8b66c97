"""`load(con, roots)`: one ingest batch, in one transaction.

The orchestrator of three parts: `ingest.planner` (what changed: one stat per file from
the walk, unchanged files never opened), `ingest.parser` (bytes -> rows, pure) and
`ingest.writer` (rows -> raw tables). A file that is read is opened once (bytes -> sha256
-> text -> csv records); rows are buffered and written every FLUSH_ROWS rows or
FLUSH_BYTES bytes (bounded memory). See docs/ingest.md and docs/performance.md.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from ingest import parser, planner
from ingest.context import classify
from ingest.csvfile import CsvParser
from ingest.planner import FileRef, Known
from ingest.schema import ensure_schema
from ingest.writer import RawWriter, utcnow

PAUSE_ENV = "CARBONWH_INGEST_PAUSE_AFTER"
PAUSE_MARKER = "carbonwh-ingest-paused"
FLUSH_ROWS = 200_000
FLUSH_BYTES = 64 * 1024 * 1024
PROGRESS_EVERY = 64
PROBLEM_STATUSES = ("quarantined", "partial", "loaded_with_rejects")

Progress = Callable[[int, int], None]


class IngestError(RuntimeError):
    """An ingest that cannot start (e.g. a results root that does not exist)."""


class StrictIngestError(RuntimeError):
    """`strict=True` and the scanned roots hold quarantined files or rejected lines.

    Raised after the batch has committed; `.summary` is the batch's IngestSummary.
    """

    def __init__(self, summary: IngestSummary):
        self.summary = summary
        shown = "; ".join(f"{p['file']}: {p['status']}: {p['error']}" for p in summary.problems[:5])
        more = len(summary.problems) - 5
        super().__init__(
            f"--strict: {len(summary.problems)} files quarantined or with rejected lines: {shown}"
            + (f"; and {more} more" if more > 0 else "")
        )


@dataclass
class IngestSummary:
    batch_id: int
    roots: list[str]
    files_seen: int = 0
    files_new: int = 0
    files_changed: int = 0
    files_unchanged: int = 0
    files_deleted: int = 0
    files_quarantined: int = 0
    files_ignored: int = 0
    files_partial: int = 0
    files_with_rejects: int = 0
    rows_loaded: int = 0
    lines_rejected: int = 0
    seconds: float = 0.0
    # Current state of the scanned roots (not only this batch): what --strict fails on.
    problems: list[dict] = field(default_factory=list)
    # Files read in this batch that loaded with a warning (outside the convention, Latin-1 ...)
    warnings: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def load(
    con: duckdb.DuckDBPyConnection,
    roots: Iterable[str | os.PathLike],
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest `roots` into schema `raw` as one batch (one transaction) and summarise it.

    Creates the raw tables if missing. Bad files never stop the batch: they get a status
    and an error in raw.files. With `strict=True`, raises StrictIngestError after the
    commit when the scanned roots hold quarantined files or rejected lines.
    `load` runs its own BEGIN/COMMIT: call it on a connection that is not inside a
    transaction. `progress(done, total)` is called while new and changed files are read.
    """
    started = utcnow()
    t0 = time.perf_counter()
    resolved: list[Path] = []
    for root in roots:
        path = Path(root).expanduser().resolve()
        if not path.is_dir():
            raise IngestError(f"results directory {path} does not exist or is not a directory")
        if path not in resolved:
            resolved.append(path)
    # Bounded memory: DuckDB writes the row groups of a large uncommitted append to the file
    # (optimistic writes) but by default buffers 5 of them (~600,000 rows) before doing so.
    # One DuckDB thread: the batch's inserts are many small appends, which DuckDB's
    # parallel insert makes slower (measured: codecarbon_rows insert 0.39 s -> 0.25 s at
    # 20,000 files); the commit's compression is not faster with two either.
    saved = con.execute(
        "select current_setting('write_buffer_row_group_count'), current_setting('threads')"
    ).fetchone()
    con.execute("set write_buffer_row_group_count = 1")
    con.execute("set threads = 1")
    con.execute("begin transaction")
    try:
        ensure_schema(con)
        summary = _Batch(con, resolved, started, progress).run(t0)
        con.execute("commit")
    except BaseException:
        try:
            con.execute("rollback")
        except duckdb.Error:
            pass
        raise
    finally:
        try:
            con.execute(f"set write_buffer_row_group_count = {int(saved[0])}")
            con.execute(f"set threads = {int(saved[1])}")
        except duckdb.Error:
            pass
    if strict and summary.problems:
        raise StrictIngestError(summary)
    return summary


class _Batch:
    """One batch: plan, then per file read -> parse -> buffer, flushing as buffers fill."""

    def __init__(self, con, roots: list[Path], started: datetime, progress: Progress | None):
        self.con = con
        self.roots = [str(r) for r in roots]
        self.started = started
        self.progress = progress
        self.csv_parser = CsvParser()
        pause = os.environ.get(PAUSE_ENV, "").strip()
        self.pause_after = int(pause) if pause else None

    def run(self, t0: float) -> IngestSummary:
        con = self.con
        self.batch_id = con.execute(
            "select coalesce(max(batch_id), 0) + 1 from raw.ingest_batches"
        ).fetchall()[0][0]
        writer = self.writer = RawWriter(con, self.batch_id, self.started)
        s = self.summary = IngestSummary(self.batch_id, self.roots)
        self.next_file_id = con.execute(
            "select coalesce(max(file_id), 0) + 1 from raw.files"
        ).fetchall()[0][0]
        p = planner.plan(con, self.roots)
        s.files_seen, s.files_unchanged, s.files_ignored = (
            p.files_seen,
            p.files_unchanged,
            p.files_ignored,
        )
        total = len(p.to_read)
        for done, (f, k) in enumerate(p.to_read, start=1):
            self._process(f, k)
            if writer.pending_n >= FLUSH_ROWS or writer.pending_bytes >= FLUSH_BYTES:
                writer.flush()
            if self.progress and (done % PROGRESS_EVERY == 0 or done == total):
                self.progress(done, total)
            if self.pause_after is not None and done == self.pause_after:
                self._pause(done)
        writer.flush()
        if self.progress and total == 0:
            self.progress(0, 0)
        if p.gone:
            writer.mark_deleted(p.gone)
        s.files_deleted = len(p.gone)
        s.problems = self._problems()
        s.seconds = round(time.perf_counter() - t0, 4)
        writer.log_batch(s)
        return s

    def _pause(self, done: int):
        """Test hook: hold the open transaction so a test can kill the process inside it."""
        self.writer.flush()
        print(f"{PAUSE_MARKER} after {done} files", file=sys.stderr, flush=True)
        time.sleep(3600)

    # ---- one file --------------------------------------------------------------------
    def _process(self, f: FileRef, k: Known | None):
        s = self.summary
        info = classify(f.path)
        reason = parser.unread_reason(info)
        if reason is not None:
            f.stat()
            self._record_unread(f, k, "ignored", reason)
            return
        try:
            data = f.read()
        except OSError as exc:
            if k is None and isinstance(exc, FileNotFoundError):
                s.files_seen -= 1  # vanished since the listing (never stat'ed): not seen
                return
            f.stat()
            self._record_unread(f, k, "quarantined", f"cannot read: {exc}")
            return
        sha = hashlib.sha256(data).hexdigest()
        if k and k.sha256 == sha:
            # touched, same bytes: keep everything, remember the new stat
            self.writer.touch(k.file_id, f.size, f.mtime_ns)
            s.files_unchanged += 1
            return
        parsed = parser.parse(f.path, info, data, self.csv_parser)
        file_id = self._file_id(k)
        self.writer.add(file_id, parsed, len(data))
        s.rows_loaded += parsed.rows_loaded
        self._record(f, k, file_id, parsed, sha)

    def _file_id(self, k: Known | None) -> int:
        """A changed file keeps its id (its old rows are replaced); a new one gets the next."""
        if k is not None:
            self.writer.replace(k.file_id)
            return k.file_id
        file_id = self.next_file_id
        self.next_file_id += 1
        return file_id

    def _record_unread(self, f: FileRef, k: Known | None, status: str, error: str):
        parsed = parser.Parsed(status, status, error, None)
        self._record(f, k, self._file_id(k), parsed, None)

    def _record(self, f: FileRef, k: Known | None, file_id: int, parsed, sha: str | None):
        """Count the file in the summary and buffer its raw.files row."""
        s = self.summary
        status, error = parsed.status, parsed.error
        if k is None:
            s.files_new += 1
        else:
            s.files_changed += 1
        if status == "quarantined":
            s.files_quarantined += 1
        elif status == "ignored":
            s.files_ignored += 1
        elif status == "partial":
            s.files_partial += 1
        if parsed.n_rejected:
            s.files_with_rejects += 1
            s.lines_rejected += parsed.n_rejected
        if status in ("loaded", "loaded_with_rejects", "partial") and error:
            s.warnings.append({"file": f.full_path, "status": status, "error": error})
        first_seen_at = k.first_seen_at if k else self.started
        self.writer.add_file(file_id, f, parsed, sha, first_seen_at)

    def _problems(self) -> list[dict]:
        rows = self.con.execute(
            "select root, path, status, error from raw.files "
            "where list_contains(?, root) and list_contains(?, status) order by root, path",
            [self.roots, list(PROBLEM_STATUSES)],
        ).fetchall()
        return [
            {"file": os.path.join(root, path), "status": status, "error": error}
            for root, path, status, error in rows
        ]
