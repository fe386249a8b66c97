"""The same dbt project on Apache Spark (`--target spark`): raw tables as Parquet, then dbt.

    from warehouse.spark_target import export_raw, build_on_spark
    export_raw("warehouse/carbon.duckdb", "warehouse/spark/raw")   # {table: rows}
    result = build_on_spark("warehouse/carbon.duckdb")              # BuildResult

Ingest stays on DuckDB (it owns the raw layer); Spark reads the raw tables from a Parquet
export, registered as external tables `raw.<table>` by the dbt macro `register_raw_tables`,
so the dbt sources are the same on both engines. The dbt profile's `spark` target uses
dbt-spark's `session` method: this process is the Spark driver, talking to the standalone
cluster of `make spark-up` (CARBONWH_SPARK_MASTER). Its warehouse and Derby metastore live
under CARBONWH_SPARK_DIR (default warehouse/spark/).
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from warehouse.paths import REPO_ROOT

DEFAULT_SPARK_DIR = REPO_ROOT / "warehouse" / "spark"
DEFAULT_MASTER = "spark://127.0.0.1:7077"
RAW_SCHEMA = "raw"
MANIFEST = "_export.json"


class ExportError(RuntimeError):
    """The export cannot proceed (missing warehouse, a folder that is not an export ...)."""


def spark_dir() -> Path:
    """CARBONWH_SPARK_DIR, else warehouse/spark/ of the checkout; absolute."""
    value = os.environ.get("CARBONWH_SPARK_DIR")
    return Path(value).expanduser().resolve() if value else DEFAULT_SPARK_DIR


def raw_tables(con) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [RAW_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows]


def _sql_text(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _restore_interrupted(target: Path) -> None:
    """An export killed between its two renames leaves `<DIR>.old-*`: put it back."""
    if target.exists():
        return
    leftovers = sorted(target.parent.glob(target.name + ".old-*"))
    if leftovers:
        leftovers[-1].rename(target)


def export_raw(db_path: str | os.PathLike, to_dir: str | os.PathLike) -> dict[str, int]:
    """Write every `raw.*` table of the DuckDB file as `<to_dir>/<table>/data.parquet`.

    Atomic: the export is written to a sibling folder and swapped in by rename, so readers
    see the previous export or the new one, never a half-written one. `to_dir` must be
    absent or a previous export (it holds `_export.json`). Returns {table: rows}.
    """
    from warehouse.db import connect

    db = Path(db_path).expanduser().resolve()
    target = Path(to_dir).expanduser().resolve()
    if not db.exists():
        raise ExportError(f"warehouse {db} does not exist: run `carbonwh ingest` first")
    _restore_interrupted(target)
    if target.exists() and not (target / MANIFEST).exists():
        raise ExportError(
            f"{target} exists and is not a raw export (no {MANIFEST}): choose another --to"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f"{target.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    counts: dict[str, int] = {}
    try:
        con = connect(db, read_only=True)
        try:
            tables = raw_tables(con)
            if not tables:
                raise ExportError(f"{db} has no raw tables: run `carbonwh ingest` first")
            for table in tables:
                (staging / table).mkdir()
                out = staging / table / "data.parquet"
                con.execute(
                    f"copy {RAW_SCHEMA}.{table} to {_sql_text(out)} (format parquet)"  # noqa: S608
                )
                counts[table] = con.execute(
                    f"select count(*) from {RAW_SCHEMA}.{table}"  # noqa: S608
                ).fetchone()[0]
        finally:
            con.close()
        manifest = {"warehouse": str(db), "exported_at": time.time(), "tables": counts}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        old = target.with_name(f"{target.name}.old-{os.getpid()}")
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts


def exported_tables(parquet_dir: Path) -> list[str]:
    manifest = json.loads((parquet_dir / MANIFEST).read_text(encoding="utf-8"))
    return sorted(manifest["tables"])


@contextmanager
def spark_env() -> Iterator[Path]:
    """Expose the Spark directory to profiles.yml as an absolute CARBONWH_SPARK_DIR."""
    path = spark_dir()
    path.mkdir(parents=True, exist_ok=True)
    before = os.environ.get("CARBONWH_SPARK_DIR")
    os.environ["CARBONWH_SPARK_DIR"] = str(path)
    try:
        yield path
    finally:
        if before is None:
            os.environ.pop("CARBONWH_SPARK_DIR", None)
        else:
            os.environ["CARBONWH_SPARK_DIR"] = before


def register_raw(db_path, parquet_dir: Path, *, target_path=None) -> list[str]:
    """`dbt run-operation register_raw_tables` on Spark; failure lines (empty when ok)."""
    from warehouse.dbt_runner import _common_args, _global_args, run_dbt

    arguments = {"location": str(parquet_dir), "tables": exported_tables(parquet_dir)}
    args = _global_args(target_path, True) + ["run-operation", "register_raw_tables"]
    args += ["--args", json.dumps(arguments), "--target", "spark"]
    args += _common_args(target_path)
    result = run_dbt(args, db_path)
    if result.success:
        return []
    return [f"register raw tables on Spark: {result.exception or 'dbt run-operation failed'}"]


def build_on_spark(
    db_path: str | os.PathLike,
    *,
    select=None,
    full_refresh: bool = False,
    vars: dict | None = None,
    target_path=None,
    on_progress: Callable[[str, str, float | None], None] | None = None,
    on_step: Callable[[str], None] | None = None,
    exclude: tuple[str, ...] = (),
):
    """Export the raw tables, register them on Spark and `dbt build --target spark`."""
    from warehouse.dbt_runner import BuildResult, build

    started = time.perf_counter()
    step = on_step or (lambda message: None)
    with spark_env() as directory:
        parquet_dir = directory / "raw"
        try:
            counts = export_raw(db_path, parquet_dir)
        except ExportError as exc:
            return BuildResult(False, [str(exc)], time.perf_counter() - started)
        step(f"exported {len(counts)} raw tables to {parquet_dir}")
        problems = register_raw(db_path, parquet_dir, target_path=target_path)
        if problems:
            return BuildResult(False, problems, time.perf_counter() - started)
        step("registered them on Spark as external tables raw.*")
        result = build(
            db_path,
            select=select,
            full_refresh=full_refresh,
            quiet=True,
            vars=vars,
            target_path=target_path,
            on_progress=on_progress,
            target="spark",
            exclude=exclude,
        )
    result.seconds = time.perf_counter() - started
    return result


def copy_marts_to_duckdb(db_path: str | os.PathLike) -> list[str]:
    """Replace the DuckDB file's `marts.*` with the Spark build's (its Parquet files).

    `refresh --target spark` builds on Spark, then the report and `carbonwh sql` read the
    marts from DuckDB: this copies them back. Only for the session target, whose warehouse
    folder is local (`$CARBONWH_SPARK_DIR/warehouse/marts.db/<mart>/`).
    """
    from warehouse.db import connect

    marts_dir = spark_dir() / "warehouse" / "marts.db"
    marts = sorted(p.name for p in marts_dir.iterdir() if any(p.glob("*.parquet")))
    con = connect(db_path)
    try:
        con.execute("set TimeZone = 'UTC'")  # Spark wrote UTC instants
        con.execute("create schema if not exists marts")
        con.execute("begin")
        for mart in marts:
            files = _sql_text(marts_dir / mart / "*.parquet")
            columns = con.execute(f"describe select * from read_parquet({files})").fetchall()
            select = ", ".join(
                f'cast("{name}" as timestamp) as "{name}"'
                if kind == "TIMESTAMP WITH TIME ZONE"
                else f'"{name}"'
                for name, kind, *_ in columns
            )
            con.execute(
                f"create or replace table marts.{mart} as "  # noqa: S608
                f"select {select} from read_parquet({files})"
            )
        con.execute("commit")
    finally:
        con.close()
    return marts
