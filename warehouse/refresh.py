"""The nightly refresh: ingest -> dbt build (with its tests) -> report, one at a time.

What to rebuild is decided from the warehouse's own state, never from what this refresh
ingested (warehouse/build_state.py): the marts are rebuilt when raw changed since the last
successful full dbt build, whoever ingested the change (`carbonwh ingest`, another refresh)
and whoever built before (`carbonwh build`, plain `dbt build`, a refresh); the report is
rewritten when the marts it would show differ from those of the last report. Otherwise
both are skipped (unless `force`). A lock file next to the warehouse
(`<db>.refresh.lock`, held with `fcntl.flock`) keeps a second refresh out; the kernel
releases it when the process dies, so a crashed refresh never leaves a stale lock.
Every refresh appends a row to `warehouse.refresh_log`.
"""

from __future__ import annotations

import fcntl
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from warehouse.paths import REPO_ROOT

DEFAULT_REPORT_DIR = REPO_ROOT / "reports" / "out"

EXIT_OK = 0
EXIT_FAILED = 1  # ingest, dbt build/test or report failed
EXIT_BUSY = 3  # another refresh holds the lock, or the warehouse stayed locked
EXIT_REGRESSION = 4  # --fail-on-regression and rpt_emission_regressions flags a run

REFRESH_LOG_DDL = """
create schema if not exists warehouse;
create table if not exists warehouse.refresh_log (
    refresh_id bigint,
    started_at timestamp,
    finished_at timestamp,
    status varchar check (status in ('ok', 'failed', 'skipped')),
    files_new integer,
    files_changed integer,
    files_deleted integer,
    files_quarantined integer,
    rows_loaded bigint,
    forced boolean,
    build_seconds double,
    report_dir varchar,
    regressions integer,
    error varchar
);
-- Added later: the raw change stamp the refresh saw, the build (main.build_log) its marts
-- and report come from.
alter table warehouse.refresh_log add column if not exists raw_batch_id bigint;
alter table warehouse.refresh_log add column if not exists build_id varchar;
"""


class RefreshBusy(RuntimeError):
    """Another refresh holds the refresh lock of this warehouse."""


def resolve_report_dir(out: str | os.PathLike | None = None) -> Path:
    """`--out`, else `CARBONWH_REPORT_DIR`, else `reports/out` in the checkout; absolute."""
    from warehouse.settings import resolve_path

    return resolve_path("report_dir", out)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".refresh.lock")


@contextmanager
def refresh_lock(db_path: Path) -> Iterator[Path]:
    """Hold the refresh lock of `db_path`, or raise RefreshBusy naming the holder."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown process"
        handle.close()
        raise RefreshBusy(
            f"another refresh is running ({holder}); lock file {path}. "
            "Wait for it to finish, then run the refresh again."
        ) from None
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now().isoformat(timespec='seconds')}\n")
        handle.flush()
        yield path
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


@dataclass
class RefreshResult:
    status: str  # ok | failed | skipped
    started_at: datetime
    finished_at: datetime | None = None
    ingest: dict = field(default_factory=dict)
    build_seconds: float | None = None
    report: dict | None = None
    regressions: int = 0
    error: str | None = None
    exit_code: int = EXIT_OK
    raw_batch_id: int | None = None  # raw change stamp after this refresh's ingest
    build_id: str | None = None  # the build (main.build_log) the marts come from

    @property
    def report_index(self) -> str | None:
        return self.report["index_html"] if self.report else None


def _utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _ensure_log(con) -> None:
    con.execute(REFRESH_LOG_DDL)


def _last_report_build(con, out_dir: Path) -> str | None:
    """The build (main.build_log invocation id) behind the last report written to `out_dir`."""
    row = con.execute(
        "select build_id from warehouse.refresh_log where report_dir = ? "
        "order by refresh_id desc limit 1",
        [str(out_dir)],
    ).fetchone()
    return row[0] if row else None


def _append_log(con, result: RefreshResult, forced: bool, report_dir: Path | None) -> None:
    _ensure_log(con)
    ingest = result.ingest
    values = {
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "status": result.status,
        "files_new": ingest.get("files_new"),
        "files_changed": ingest.get("files_changed"),
        "files_deleted": ingest.get("files_deleted"),
        "files_quarantined": ingest.get("files_quarantined"),
        "rows_loaded": ingest.get("rows_loaded"),
        "forced": forced,
        "build_seconds": result.build_seconds,
        "report_dir": str(report_dir) if report_dir and result.report else None,
        "regressions": result.regressions,
        "error": result.error,
        "raw_batch_id": result.raw_batch_id,
        "build_id": result.build_id,
    }
    con.execute(
        f"insert into warehouse.refresh_log (refresh_id, {', '.join(values)}) "
        f"select coalesce(max(refresh_id), 0) + 1, {', '.join('?' for _ in values)} "
        "from warehouse.refresh_log",
        list(values.values()),
    )


def _format_failures(failures) -> str:
    if not failures:
        return "dbt build failed"
    items = [str(f) for f in (failures if isinstance(failures, (list, tuple)) else [failures])]
    shown = "; ".join(items[:10])
    more = f" (and {len(items) - 10} more)" if len(items) > 10 else ""
    return f"dbt build failed: {shown}{more}"


def refresh(
    roots: Sequence[Path],
    db_path: Path,
    out_dir: Path,
    *,
    force: bool = False,
    fail_on_regression: bool = False,
    method: str = "exact",
    wait: float = 30.0,
    progress: Callable[[str], None] | None = None,
    builder: Callable[[Path], object] | None = None,
    images: bool = True,
    dbt_vars: dict | None = None,
) -> RefreshResult:
    """Ingest `roots` into `db_path`, build the marts and write the report to `out_dir`.

    Raises RefreshBusy when another refresh runs and WarehouseBusy when another process
    keeps the warehouse past `wait` seconds; every other failure is recorded in the log
    and returned with `status == "failed"`. `builder(db_path)` defaults to
    `warehouse.dbt_runner.build` (tests pass a stand-in); `images=False` skips the
    PNG/SVG files of the report. `dbt_vars`: dbt vars of the build; None builds with
    the vars of the last build a refresh ran (`warehouse.build_vars`).
    """
    job = _Job(
        roots=[Path(r) for r in roots],
        db_path=Path(db_path),
        out_dir=Path(out_dir),
        force=force,
        method=method,
        wait=wait,
        say=progress or (lambda message: None),
        builder=builder,
        images=images,
        dbt_vars=dbt_vars,
    )
    with refresh_lock(job.db_path):
        result = RefreshResult(status="ok", started_at=_utcnow())
        try:
            job.run(result)
            if result.status != "failed" and fail_on_regression and result.regressions:
                result.status = "failed"
                result.error = (
                    f"{result.regressions} run(s) flagged by marts.rpt_emission_regressions "
                    "(--fail-on-regression)"
                )
                result.exit_code = EXIT_REGRESSION
        except Exception as exc:  # recorded in the log, then reported by the caller
            from warehouse.db import WarehouseBusy

            if isinstance(exc, WarehouseBusy):
                raise
            result.status = "failed"
            result.error = f"{type(exc).__name__}: {exc}"
            result.exit_code = EXIT_FAILED
            job.say(traceback.format_exc())
        result.finished_at = _utcnow()
        with job.connect(read_only=False) as con:
            _append_log(con, result, force, job.out_dir)
        return result


def dbt_build(db_path: Path, dbt_vars: dict | None = None, say=None):
    """`warehouse.dbt_runner.build`, quietly, with a line as each stage starts. It releases
    the DuckDB file dbt-duckdb keeps open, so the report step can open the warehouse
    read-only in this same process."""
    from warehouse.dbt_runner import build, stage_progress

    return build(db_path, quiet=True, vars=dbt_vars, on_progress=stage_progress(say))


@dataclass
class _Job:
    roots: list[Path]
    db_path: Path
    out_dir: Path
    force: bool
    method: str
    wait: float
    say: Callable[[str], None]
    builder: Callable[[Path], object] | None
    images: bool
    dbt_vars: dict | None = None

    @contextmanager
    def connect(self, read_only: bool):
        from warehouse.db import connect

        con = connect(self.db_path, read_only=read_only, wait=self.wait, on_wait=self.say)
        try:
            yield con
        finally:
            con.close()  # dbt and the next step open the file themselves

    def run(self, result: RefreshResult) -> None:
        state, last_report_build = self.ingest(result)
        result.raw_batch_id = state.raw_batch_id
        if state.is_current and not self.force:
            result.status = "skipped"
            result.build_id = state.last_build.invocation_id
            from reports.build import report_method

            kept = report_method(self.out_dir)
            current = (
                (self.out_dir / "index.html").exists()
                and last_report_build == result.build_id
                and kept == self.method
            )
            if current:
                self.say(
                    "marts current (no raw change since the last successful build): "
                    "build and report skipped"
                )
                with self.connect(read_only=True) as con:
                    from reports.data import count_regressions

                    result.regressions = count_regressions(con)
                return
            self.say(
                "marts current (no raw change since the last successful build): "
                "build skipped; report rewritten from them"
                + (
                    f" for method {self.method} (was {kept})"
                    if kept and kept != self.method
                    else ""
                )
            )
            self.report(result, built_at=state.last_build.finished_at)
            return
        self.say("dbt build: " + ("--force" if self.force else state.why_build()))
        if self.build(result):
            self.report(result, built_at=_utcnow())

    def ingest(self, result: RefreshResult):
        from ingest import load
        from warehouse.build_state import build_state

        self.say(f"ingest: {', '.join(str(r) for r in self.roots)} -> {self.db_path}")
        with self.connect(read_only=False) as con:
            _ensure_log(con)
            result.ingest = load(con, self.roots, strict=False).as_dict()
            state = build_state(con)
            last_report_build = _last_report_build(con, self.out_dir)
        counts = {
            k: result.ingest.get(k) or 0
            for k in ("files_new", "files_changed", "files_deleted", "files_quarantined")
        }
        self.say(
            "ingest: {files_new} new, {files_changed} changed, {files_deleted} deleted, "
            "{files_quarantined} quarantined file(s); ".format(**counts)
            + f"{result.ingest.get('rows_loaded') or 0} row(s) loaded"
        )
        return state, last_report_build

    def build(self, result: RefreshResult) -> bool:
        from warehouse import build_vars

        if self.dbt_vars is None:
            with self.connect(read_only=True) as con:
                self.dbt_vars = build_vars.last(con)
        shown = f" with vars {self.dbt_vars}" if self.dbt_vars else ""
        self.say(f"dbt build{shown} ...")
        started = time.perf_counter()
        if self.builder is not None:
            built = self.builder(self.db_path)
        else:
            built = dbt_build(self.db_path, self.dbt_vars, self.say)
        if built.success:  # the marts now follow these vars; the next refresh keeps them
            with self.connect(read_only=False) as con:
                build_vars.remember(con, self.dbt_vars)
        result.build_seconds = getattr(built, "seconds", None) or time.perf_counter() - started
        if not built.success:
            result.status = "failed"
            result.error = _format_failures(getattr(built, "failures", None))
            result.exit_code = EXIT_FAILED
            return False
        self.say(f"dbt build: ok in {result.build_seconds:.1f} s")
        with self.connect(read_only=True) as con:
            from warehouse.build_state import last_full_build

            build = last_full_build(con)
        result.build_id = build.invocation_id if build else None
        return True

    def report(self, result: RefreshResult, built_at: datetime | None) -> None:
        from reports import write_report
        from reports.data import count_regressions

        self.say(f"report: writing {self.out_dir} ...")
        with self.connect(read_only=True) as con:
            report = write_report(
                con, self.out_dir, method=self.method, built_at=built_at, images=self.images
            )
            result.regressions = count_regressions(con)
        result.report = report.as_dict()
        self.say(f"report: {report.index_html}")
