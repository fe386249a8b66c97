"""`load(con, roots)`: one ingest batch, in one transaction.

Per-file overhead is the cost (see docs/performance.md), so: one stat per file from
the directory walk; unchanged files (same size and mtime) are never opened; a file that is
read is opened once (bytes -> sha256 -> text -> csv records); rows are buffered per header
and inserted as one DuckDB statement per header every FLUSH_ROWS rows (bounded memory).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import numpy as np
import orjson
import pandas as pd

from ingest import schedule_decisions
from ingest.context import NO_CONTEXT, Context, PathInfo, classify
from ingest.csvfile import CsvParser, ParsedCsv
from ingest.decode import decode
from ingest.discover import walk
from ingest.schema import (
    MANIFEST_COLUMNS,
    column_names_for_header,
    csv_columns,
    ensure_schema,
    quote,
)

PAUSE_ENV = "CARBONWH_INGEST_PAUSE_AFTER"
PAUSE_MARKER = "carbonwh-ingest-paused"
FLUSH_ROWS = 200_000
FLUSH_BYTES = 64 * 1024 * 1024
PROGRESS_EVERY = 64
ROW_META = (
    "file_id",
    "row_number",
    "model",
    "country",
    "season",
    "run",
    "_short_row",
    "_has_nul",
    "_deleted",
)
PROBLEM_STATUSES = ("quarantined", "partial", "loaded_with_rejects")
DATA_TABLES = (
    "codecarbon_rows",
    "rejected_lines",
    "run_reports",
    "slice_metrics",
    "schedule_decisions",
)

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


@dataclass(slots=True)
class _Known:
    file_id: int
    sha256: str | None
    first_seen_at: datetime | None = None


@dataclass(slots=True)
class _File:
    """A file to process: where it is and, once read (or stat'ed), its size and mtime."""

    root: str
    path: str
    size: int | None = None
    mtime_ns: int | None = None

    @property
    def full_path(self) -> str:
        root = self.root  # os.path.join, without its per-call checks (paths are relative)
        return root + self.path if root.endswith("/") else f"{root}/{self.path}"


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


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
    started = _utcnow()
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


class _RowBuffer:
    """Rows of one column layout: unsplit lines (fast path) and csv records (slow path)."""

    __slots__ = (
        "line_file_id",  # fast path: per segment file_id, first line number, line count
        "line_first",
        "line_count",
        "lines",
        "file_id",
        "row_number",
        "short",
        "nul",
        "rows",
    )

    def __init__(self):
        for name in self.__slots__:
            setattr(self, name, [])


class _Batch:
    def __init__(self, con, roots: list[Path], started: datetime, progress: Progress | None):
        self.con = con
        self.roots = roots
        self.started = started
        self.progress = progress
        self.columns = csv_columns(con)  # lower -> spelling
        self.header_cache: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.header_by_id: dict[int, tuple[list[str], tuple[str, ...]]] = {}
        self.parser = CsvParser()
        pause = os.environ.get(PAUSE_ENV, "").strip()
        self.pause_after = int(pause) if pause else None
        self._reset_pending()

    # ---- buffers -------------------------------------------------------------------
    def _reset_pending(self):
        self.pending_rows: dict[tuple[str, ...], _RowBuffer] = {}
        self.pending_n = 0
        self.contexts: list[tuple] = []
        self.pending_bytes = 0
        self.rejected: list[tuple] = []
        self.reports: list[tuple] = []
        self.metrics: list[tuple] = []
        self.decisions: list[pd.DataFrame] = []
        self.manifest: list[tuple] = []
        self.replace_ids: list[int] = []
        self.touched: list[tuple[int, int, int]] = []

    # ---- the batch -----------------------------------------------------------------
    def run(self, t0: float) -> IngestSummary:
        con = self.con
        self.batch_id = con.execute(
            "select coalesce(max(batch_id), 0) + 1 from raw.ingest_batches"
        ).fetchall()[0][0]
        s = self.summary = IngestSummary(self.batch_id, [str(r) for r in self.roots])
        root_list = [str(r) for r in self.roots]
        self.next_file_id = con.execute(
            "select coalesce(max(file_id), 0) + 1 from raw.files"
        ).fetchall()[0][0]
        # The manifest of the scanned roots, column-wise: no Python object per row but
        # the path strings (a dict path -> row) and plain lists of ints.
        m = con.execute(
            "select root, path, file_id, size_bytes, mtime_ns, status = 'deleted' as deleted, "
            "status = 'ignored' as ignored from raw.files where list_contains(?, root)",
            [root_list],
        ).fetchnumpy()
        m_root, m_path = m["root"], m["path"]
        m_id, m_size, m_mtime, m_deleted = (
            _ints(m["file_id"]),
            _ints(m["size_bytes"]),
            _ints(m["mtime_ns"]),
            np.asarray(m["deleted"], dtype=bool).tolist(),
        )
        # files_ignored counts the ignored files of the scan, unchanged ones too, so the
        # count means the same on every run.
        m_ignored = np.asarray(m["ignored"], dtype=bool).tolist()
        seen = np.zeros(len(m_root), dtype=bool)
        to_read: list[tuple[_File, int | None]] = []
        for root in root_list:
            rows = np.flatnonzero(m_root == root) if len(m_root) else ()
            known = (
                dict(zip(m_path[rows].tolist(), rows.tolist(), strict=True)) if len(rows) else {}
            )
            for path, size, mtime_ns in walk(Path(root), known.__contains__):
                s.files_seen += 1
                i = known.get(path)
                if i is None:
                    to_read.append((_File(root, path), None))
                    continue
                seen[i] = True
                if not m_deleted[i] and m_size[i] == size and m_mtime[i] == mtime_ns:
                    s.files_unchanged += 1
                    s.files_ignored += m_ignored[i]
                else:
                    to_read.append((_File(root, path, size, mtime_ns), i))
        gone = [m_id[i] for i in np.flatnonzero(~seen).tolist() if not m_deleted[i]]
        del m, m_root, m_path, seen
        known_rows = self._known([(m_id[i], i) for _, i in to_read if i is not None])

        total = len(to_read)
        for done, (f, i) in enumerate(to_read, start=1):
            self._process(f, None if i is None else known_rows[m_id[i]])
            if self.pending_n >= FLUSH_ROWS or self.pending_bytes >= FLUSH_BYTES:
                self._flush()
            if self.progress and (done % PROGRESS_EVERY == 0 or done == total):
                self.progress(done, total)
            if self.pause_after is not None and done == self.pause_after:
                self._pause(done)
        self._flush()
        if self.progress and total == 0:
            self.progress(0, 0)
        if gone:
            self._mark_deleted(gone)
        s.files_deleted = len(gone)
        s.problems = self._problems(root_list)
        s.seconds = round(time.perf_counter() - t0, 4)
        self._log_batch()
        return s

    def _known(self, ids: list[tuple[int, int]]) -> dict[int, _Known]:
        """What replacing a known file needs: its sha256 and first_seen_at (few files)."""
        if not ids:
            return {}
        rows = self.con.execute(
            "select file_id, sha256, status, first_seen_at from raw.files "
            "where list_contains(?, file_id)",
            [[file_id for file_id, _ in ids]],
        ).fetchall()
        return {
            fid: _Known(fid, None if status == "deleted" else sha, first_seen)
            for fid, sha, status, first_seen in rows
        }

    def _pause(self, done: int):
        """Test hook: hold the open transaction so a test can kill the process inside it."""
        self._flush()
        print(f"{PAUSE_MARKER} after {done} files", file=sys.stderr, flush=True)
        time.sleep(3600)

    # ---- one file --------------------------------------------------------------------
    def _process(self, f: _File, k: _Known | None):
        s = self.summary
        info = classify(f.path)
        kind = info.kind
        if kind == "json":
            if info.target == "ignored":
                self._record_unread(f, k, info.reason)
                return
        elif kind == "other":
            reason = "not a CSV, CodeCarbon backup (.csv.bak, .csv_N.bak) or JSON file"
            self._record_unread(f, k, reason)
            return
        try:
            data = _read(f)
        except OSError as exc:
            if k is None and isinstance(exc, FileNotFoundError):
                s.files_seen -= 1  # vanished since the listing (never stat'ed): not seen
                return
            self._stat(f)
            self._record(f, k, None, "quarantined", "quarantined", f"cannot read: {exc}", None)
            return
        sha = hashlib.sha256(data).hexdigest()
        if k and k.sha256 == sha:
            # touched, same bytes: keep everything, remember the new stat
            self.touched.append((k.file_id, f.size, f.mtime_ns))
            s.files_unchanged += 1
            return
        decoded = decode(data)
        self.pending_bytes += len(data)
        if schedule_decisions.matches(f.path):
            self._decisions(f, k, sha, decoded)
        elif kind == "csv":
            parsed = self.parser.parse(decoded.text, expect_codecarbon=info.expect_codecarbon)
            self._csv(f, k, sha, decoded, parsed, info)
        else:
            self._json(f, k, sha, decoded, info)

    def _stat(self, f: _File):
        """Size and mtime of a file that is not read (the walk skips the stat of new files)."""
        if f.size is None:
            try:
                st = os.stat(f.full_path)
            except OSError:
                return
            f.size, f.mtime_ns = st.st_size, st.st_mtime_ns

    def _record_unread(self, f: _File, k: _Known | None, reason: str):
        self._stat(f)
        self._record(f, k, None, "ignored", "ignored", reason, data_sha=None)

    def _new_id(self, k: _Known | None) -> int:
        if k is not None:
            self.replace_ids.append(k.file_id)
            return k.file_id
        file_id = self.next_file_id
        self.next_file_id += 1
        return file_id

    def _count(self, k: _Known | None, status: str, n_rejected: int):
        s = self.summary
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
        if n_rejected:
            s.files_with_rejects += 1
            s.lines_rejected += n_rejected

    def _record(
        self,
        f: _File,
        k: _Known | None,
        file_id: int | None,
        kind: str,
        status: str,
        error: str | None,
        data_sha: str | None,
        *,
        header: str | None = None,
        encoding: str | None = None,
        n_rows: int = 0,
        n_rejected: int = 0,
        ctx: Context = NO_CONTEXT,
    ):
        if file_id is None:
            file_id = self._new_id(k)
        self._count(k, status, n_rejected)
        if status in ("loaded", "loaded_with_rejects", "partial") and error:
            self.summary.warnings.append({"file": f.full_path, "status": status, "error": error})
        self.manifest.append(
            (
                file_id,
                f.root,
                f.path,
                kind,
                header,
                f.size,
                f.mtime_ns,
                data_sha,
                encoding,
                status,
                error,
                n_rows,
                n_rejected,
                ctx.model,
                ctx.country,
                ctx.season,
                ctx.run,
                k.first_seen_at if k else self.started,
                self.started,
                self.batch_id,
            )
        )

    def _csv(self, f: _File, k, sha: str, decoded, parsed: ParsedCsv, info: PathInfo):
        notes = list(parsed.notes)
        if decoded.note:
            notes.append(decoded.note)
        ctx = NO_CONTEXT
        file_id = self._new_id(k)
        if parsed.kind == "emissions_csv" and parsed.status != "quarantined":
            ctx = info.context
            if ctx.warning:
                notes.append(ctx.warning)
            if parsed.n_rows:
                self.contexts.append((file_id, ctx.model, ctx.country, ctx.season, ctx.run))
            for segment in parsed.segments:
                if segment.n_rows:
                    self._buffer_rows(file_id, segment)
            for line_number, reason, line in parsed.rejected:
                self.rejected.append((file_id, line_number, reason, line))
        self.summary.rows_loaded += parsed.n_rows
        self._record(
            f,
            k,
            file_id,
            parsed.kind,
            parsed.status,
            "; ".join(notes) or None,
            sha,
            header=parsed.header_line,
            encoding=decoded.encoding,
            n_rows=parsed.n_rows,
            n_rejected=len(parsed.rejected),
            ctx=ctx,
        )

    def _buffer_rows(self, file_id: int, segment):
        key = self._columns_for(segment.header)
        buf = self.pending_rows.get(key)
        if buf is None:
            buf = self.pending_rows[key] = _RowBuffer()
        if segment.lines is not None:
            n = len(segment.lines)
            buf.line_file_id.append(file_id)
            buf.line_first.append(segment.first_line)
            buf.line_count.append(n)
            buf.lines.extend(segment.lines)
        else:
            n = len(segment.rows)
            buf.file_id.extend([file_id] * n)
            buf.row_number.extend(segment.line_numbers)
            buf.short.extend(segment.short)
            buf.nul.extend(segment.nul)
            buf.rows.extend(segment.rows)
        self.pending_n += n

    def _columns_for(self, header: list[str]) -> tuple[str, ...]:
        # Fast-path files share their verdict's header list: look it up by identity first
        # (the cache holds the list, so its id cannot be reused).
        known = self.header_by_id.get(id(header))
        if known is not None and known[0] is header:
            return known[1]
        cache_key = tuple(header)
        cols = self.header_cache.get(cache_key)
        if cols is None:
            resolved = []
            for name in column_names_for_header(header):
                spelling = self.columns.get(name.lower())
                if spelling is None:
                    self.con.execute(
                        f"alter table raw.codecarbon_rows add column {quote(name)} varchar"
                    )
                    spelling = self.columns[name.lower()] = name
                resolved.append(spelling)
            cols = self.header_cache[cache_key] = tuple(resolved)
        self.header_by_id[id(header)] = (header, cols)
        return cols

    def _json(self, f: _File, k, sha: str, decoded, info: PathInfo):
        target = info.target
        notes = [decoded.note] if decoded.note else []
        text = decoded.text
        status, error = "loaded", None
        file_id = self._new_id(k)
        ctx = info.context
        if not text or text.isspace():  # (no stripped copy of every report)
            status, error = (
                "quarantined",
                "empty file" if not text else "blank file (whitespace only)",
            )
        else:
            status, error = _json_object(text)
        if status == "loaded":
            if ctx.warning:
                notes.append(ctx.warning)
            if target == "run_report":
                self.reports.append((file_id, ctx.model, ctx.country, ctx.season, ctx.run, text))
            else:
                self.metrics.append((file_id, ctx.model, ctx.country, ctx.season, text))
            error = "; ".join(notes) or None
        elif notes:
            error = f"{error}; {'; '.join(notes)}"
        self._record(
            f,
            k,
            file_id,
            target,
            status,
            error,
            sha,
            encoding=decoded.encoding,
            n_rows=1 if status == "loaded" else 0,
            ctx=ctx if status == "loaded" else NO_CONTEXT,
        )

    def _decisions(self, f: _File, k, sha: str, decoded):
        """A scheduling decisions file (the hook in ingest/schedule_decisions.py)."""
        rows, error = schedule_decisions.parse(decoded.text)
        file_id = self._new_id(k)
        n_rows = 0 if rows is None else len(rows)
        if n_rows:
            rows.insert(0, "file_id", file_id)
            self.decisions.append(rows)
            self.pending_n += n_rows
        parts = f.path.split("/")
        self._record(
            f,
            k,
            file_id,
            schedule_decisions.KIND,
            "quarantined" if error else "loaded",
            error,
            sha,
            encoding=decoded.encoding,
            n_rows=n_rows,
            ctx=Context(country=parts[-3], season=parts[-2]),
        )

    # ---- writing ---------------------------------------------------------------------
    def _flush(self):
        con = self.con
        if self.replace_ids:
            ids = self.replace_ids
            for table in (*DATA_TABLES, "files"):
                con.execute(f"delete from raw.{table} where list_contains(?, file_id)", [ids])
        if self.pending_rows:
            ctx_columns = ("file_id", "model", "country", "season", "run")
            frame = pd.DataFrame(
                {
                    c: _objects(v)
                    for c, v in zip(ctx_columns, zip(*self.contexts, strict=True), strict=True)
                }
            )
            frame["file_id"] = frame["file_id"].astype(np.int64)
            for cols, buf in self.pending_rows.items():
                self._insert_rows(cols, buf, frame)
        if self.rejected:
            _insert(
                con,
                "raw.rejected_lines",
                ("file_id", "line_number", "reason", "line"),
                self.rejected,
            )
        if self.reports:
            cols = ("file_id", "model", "country", "season", "run", "body")
            _insert(con, "raw.run_reports", cols, self.reports, extra={"_deleted": "false"})
        if self.metrics:
            cols = ("file_id", "model", "country", "season", "body")
            _insert(con, "raw.slice_metrics", cols, self.metrics, extra={"_deleted": "false"})
        schedule_decisions.insert(con, self.decisions)
        if self.manifest:
            _insert(
                con,
                "raw.files",
                MANIFEST_COLUMNS,
                self.manifest,
                extra={"mtime": "make_timestamp(mtime_ns // 1000)"},
            )
        if self.touched:
            frame = pd.DataFrame(self.touched, columns=["file_id", "size_bytes", "mtime_ns"])
            _touched = frame  # noqa: F841 (scanned by name: see _insert)
            con.execute(
                "update raw.files set size_bytes = t.size_bytes, mtime_ns = t.mtime_ns, "
                "mtime = make_timestamp(t.mtime_ns // 1000) from _touched t "
                "where raw.files.file_id = t.file_id"
            )
        self._reset_pending()

    def _insert_rows(self, cols: tuple[str, ...], buf: _RowBuffer, ctx: pd.DataFrame):
        """One INSERT per layout and path; path context joins in from the `_ctx` frame."""
        width = len(cols)
        targets = ", ".join([*ROW_META, *(quote(c) for c in cols)])
        meta = "r.file_id, r.row_number, c.model, c.country, c.season, c.run"
        if buf.lines:
            counts = np.asarray(buf.line_count, dtype=np.int64)
            # Lines without quotes: DuckDB splits on commas, exactly as the csv module would.
            frame = pd.DataFrame(
                {
                    "file_id": np.repeat(np.asarray(buf.line_file_id, dtype=np.int64), counts),
                    "row_number": _line_numbers(buf.line_first, counts),
                    "line": _objects(buf.lines),
                },
                copy=False,
            )
            cells = ", ".join(f"r.cells[{i + 1}]" for i in range(width))
            self._insert_frame(
                frame,
                f"insert into raw.codecarbon_rows ({targets}) "
                f"select {meta}, false, false, false, {cells} from "
                "(select file_id, row_number, string_split(line, ',') as cells from _rows) r "
                "join _ctx c using (file_id)",
                ctx,
            )
        if buf.rows:
            rows = buf.rows
            if any(buf.short):
                rows = [r if len(r) == width else r + [None] * (width - len(r)) for r in rows]
            data = {
                "file_id": np.asarray(buf.file_id, dtype=np.int64),
                "row_number": np.asarray(buf.row_number, dtype=np.int64),
                "_short_row": np.asarray(buf.short, dtype=bool),
                "_has_nul": np.asarray(buf.nul, dtype=bool),
            }
            for i, column in enumerate(zip(*rows, strict=True)):
                data[f"c{i}"] = _objects(column)
            cells = ", ".join(f"r.c{i}" for i in range(width))
            self._insert_frame(
                pd.DataFrame(data, copy=False),
                f"insert into raw.codecarbon_rows ({targets}) "
                f"select {meta}, r._short_row, r._has_nul, false, {cells} from _rows r "
                "join _ctx c using (file_id)",
                ctx,
            )

    def _insert_frame(self, frame: pd.DataFrame, sql: str, ctx: pd.DataFrame):
        _rows, _ctx = frame, ctx  # noqa: F841 (scanned by name: see _insert)
        self.con.execute(sql)

    def _mark_deleted(self, ids: list[int]):
        con = self.con
        con.execute(
            "update raw.files set status = 'deleted', batch_id = ?, error = "
            "'file no longer exists (rows kept, flagged _deleted); last status ' || status "
            "|| coalesce(': ' || error, '') where list_contains(?, file_id)",
            [self.batch_id, ids],
        )
        for table in ("codecarbon_rows", "run_reports", "slice_metrics", "schedule_decisions"):
            con.execute(
                f"update raw.{table} set _deleted = true where list_contains(?, file_id)", [ids]
            )

    def _problems(self, root_list: list[str]) -> list[dict]:
        rows = self.con.execute(
            "select root, path, status, error from raw.files "
            "where list_contains(?, root) and list_contains(?, status) order by root, path",
            [root_list, list(PROBLEM_STATUSES)],
        ).fetchall()
        return [
            {"file": os.path.join(root, path), "status": status, "error": error}
            for root, path, status, error in rows
        ]

    def _log_batch(self):
        s = self.summary
        self.con.execute(
            "insert into raw.ingest_batches values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                s.batch_id,
                self.started,
                _utcnow(),
                json.dumps(s.roots),
                s.files_seen,
                s.files_new,
                s.files_changed,
                s.files_unchanged,
                s.files_deleted,
                s.files_quarantined,
                s.files_ignored,
                s.rows_loaded,
                s.lines_rejected,
                s.seconds,
            ],
        )


def _read(f: _File) -> bytes:
    """The file's bytes, with its size and mtime from the open file (one open, no extra stat)."""
    fd = os.open(f.full_path, os.O_RDONLY)
    try:
        st = os.fstat(fd)
        data = os.read(fd, st.st_size + 1)
        if len(data) > st.st_size:  # growing while we read: take all there is now
            chunks = [data]
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    f.size, f.mtime_ns = st.st_size, st.st_mtime_ns
    return data


def _json_object(text: str) -> tuple[str, str | None]:
    """('loaded', None) for a JSON object, else ('quarantined', why), with json's message.

    orjson validates ~5x faster; it accepts a subset of what `json` accepts (no NaN, no
    lone surrogates, no huge ints), so anything it refuses is judged again by `json`.
    """
    try:
        if isinstance(orjson.loads(text), dict):
            return "loaded", None
    except orjson.JSONDecodeError:
        pass
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        return "quarantined", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
    if not isinstance(body, dict):
        return "quarantined", f"expected a JSON object, found {type(body).__name__}"
    return "loaded", None


def _ints(values) -> list:
    """A fetched BIGINT column as Python ints (None for NULL)."""
    if isinstance(values, np.ma.MaskedArray):
        return values.astype(object).filled(None).tolist()
    return values.tolist()


def _line_numbers(firsts: list[int], counts: np.ndarray) -> np.ndarray:
    """first, first+1, ... for each segment, concatenated (without a Python int per line)."""
    starts = np.cumsum(counts) - counts  # index of each segment's first line
    shift = np.asarray(firsts, dtype=np.int64) - starts
    return np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(shift, counts)


def _objects(values) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _insert(con, table: str, columns: tuple[str, ...], rows: list[tuple], extra=None):
    """Insert Python tuples through one DataFrame scan (one statement, not one per row)."""
    frame = pd.DataFrame(
        {c: _objects(v) for c, v in zip(columns, zip(*rows, strict=True), strict=True)}
    )
    extra = extra or {}
    targets = ", ".join([*columns, *extra])
    sources = ", ".join([*columns, *extra.values()])
    # Scanned by its variable name (a replacement scan), not con.register(): a registered
    # view is a catalog entry of the open transaction, which keeps the frame and all its
    # strings alive until the commit (the whole batch in memory).
    _frame = frame  # noqa: F841
    con.execute(f"insert into {table} ({targets}) select {sources} from _frame")
