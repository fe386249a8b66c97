"""Stage: one `carbonwh ingest` batch of a Results tree into a warehouse file.

`python -m benchmarks.stage_ingest RESULTS_DIR DB` times connect + load + close (the close
checkpoints DuckDB's WAL, which a user of the CLI waits for too) and prints a result line
with the ingest summary.
"""

from __future__ import annotations

import sys
import time

from benchmarks.stage import emit


def main(argv: list[str] | None = None) -> None:
    from ingest import load
    from warehouse.db import connect

    results_dir, db_path = sys.argv[1:3] if argv is None else argv[:2]
    started = time.perf_counter()
    con = connect(db_path)
    try:
        summary = load(con, [results_dir])
    finally:
        con.close()
    emit({"seconds": time.perf_counter() - started, "summary": summary.as_dict()})


if __name__ == "__main__":
    main()
