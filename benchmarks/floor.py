"""The floor: reading every file's bytes under a Results tree with plain Python.

`python -m benchmarks.floor RESULTS_DIR` times it and prints a result line.
"""

from __future__ import annotations

import sys
import time

from benchmarks.stage import emit, read_all


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    started = time.perf_counter()
    files, size = read_all(args[0])
    emit({"seconds": time.perf_counter() - started, "files": files, "bytes": size})


if __name__ == "__main__":
    main()
