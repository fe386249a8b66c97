"""What every benchmark stage shares: how a stage reports its result to `benchmarks.run`.

A stage runs as `python -m benchmarks.<stage> ...` in its own process and prints one line
`BENCH_RESULT {json}` last; libraries it calls (dbt, TensorFlow) may print what they like
before it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

MARKER = "BENCH_RESULT "


def emit(result: dict) -> None:
    print(MARKER + json.dumps(result), flush=True)


def parse(stdout: str) -> dict | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(MARKER):
            return json.loads(line[len(MARKER) :])
    return None


def read_all(root: str | Path) -> tuple[int, int]:
    """Read every file's bytes under `root`: (files, bytes). The floor, and the cache warmer."""
    files = size = 0
    for directory, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(directory, name), "rb") as handle:
                size += len(handle.read())
            files += 1
    return files, size
