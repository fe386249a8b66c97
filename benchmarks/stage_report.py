"""Stage: `carbonwh report --db DB --out DIR`, run in-process through the CLI app.

`python -m benchmarks.stage_report DB OUT_DIR` times the whole command (its imports of
Altair and vl-convert included: a user pays them on every report) and prints a result line.
"""

from __future__ import annotations

import sys
import time

from benchmarks.stage import emit


def main(argv: list[str] | None = None) -> None:
    db_path, out_dir = sys.argv[1:3] if argv is None else argv[:2]
    started = time.perf_counter()
    from warehouse.cli import app

    code = app(["report", "--db", db_path, "--out", out_dir], standalone_mode=False)
    emit({"seconds": time.perf_counter() - started, "success": not code, "exit_code": code or 0})


if __name__ == "__main__":
    main()
