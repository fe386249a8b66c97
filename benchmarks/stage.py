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


def own_peak_rss_mb() -> float | None:
    """High-water RSS of this process's own address space (Linux `VmHWM`), in MB.

    The `ru_maxrss` a parent gets from `wait4` is not enough: Linux carries the forked
    copy's RSS (the parent's memory at fork time) across `exec`, so a tiny stage started
    from a large process (pytest with TensorFlow loaded) would report the parent's size.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def emit(result: dict) -> None:
    result = {**result, "peak_rss_mb": own_peak_rss_mb()}
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
