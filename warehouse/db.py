"""DuckDB connections with the one-writer rule made explicit.

DuckDB lets one process open a file read-write, or several processes read-only. A second
process gets an IOException ("Could not set lock on file"). Writers and readers here retry
for up to `wait` seconds and then raise `WarehouseBusy` with a message a person can act on.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import duckdb


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse file."""


class WarehouseMissing(FileNotFoundError):
    """A read-only open of a warehouse file that does not exist."""


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def lock_holder(exc: Exception) -> str:
    """Who holds the file, from DuckDB's lock error ("... held in /usr/bin/python3 (PID 42)")."""
    found = re.search(r"held in (.+?) \(PID (\d+)\)", str(exc))
    if found:
        return f"{found.group(1)} (PID {found.group(2)})"
    return "another process (an ingest, build or refresh)"


def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    wait: float = 30.0,
    on_wait=None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting up to `wait` seconds while another process holds it.

    `on_wait(message)` is called once when the first attempt finds the file locked, so a
    CLI can tell the user why it is waiting.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseMissing(
            f"warehouse {path} does not exist yet: run `carbonwh ingest` or `carbonwh refresh` first"
        )
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + max(wait, 0.0)
    told = False
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                mode = "read" if read_only else "write to"
                raise WarehouseBusy(
                    f"cannot {mode} {path}: {lock_holder(exc)} holds it and did not release "
                    f"it within {wait:g} s; try again when it has finished, or pass a larger "
                    "--wait"
                ) from exc
            if on_wait and not told:
                on_wait(f"{path} is in use by {lock_holder(exc)}; waiting up to {wait:g} s ...")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def ensure_writable(path: str | Path, *, wait: float = 30.0, on_wait=None) -> None:
    """Wait until the warehouse can be opened read-write (then release it for dbt)."""
    connect(path, wait=wait, on_wait=on_wait).close()


NO_MARTS = "the warehouse {path} has no marts yet: run `carbonwh build` (or `carbonwh refresh`)"


def has_marts(con) -> bool:
    """Whether dbt has built the marts into this warehouse (`marts.fct_training_runs`)."""
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = 'fct_training_runs'"
        ).fetchone()[0]
    )
