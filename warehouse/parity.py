"""Compare two builds of the marts, engine against engine: row for row, order ignored.

    from warehouse.parity import table_differences
    problems = table_differences(duckdb_rows, spark_rows, columns)   # [] when equal

Rows are sequences of Python values (DuckDB's `fetchall()`, Spark's `collect()`). Floats
match within a relative tolerance (sums run in a different order on another engine);
everything else must be equal. NULLs match NULLs only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

REL_TOL = 1e-9
# Differences of values that should be 0 (a - b of equal sums) are rounding noise.
ABS_TOL = 1e-15


def normalise(value):
    """One comparable spelling per value: numbers as int/float, timestamps naive ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sort_key(row: Sequence) -> tuple:
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, bool):
            key.append((1, str(value)))
        elif isinstance(value, int | float):
            key.append((2, f"{value:.6e}"))  # coarse: both engines' floats sort alike
        else:
            key.append((3, str(value)))
    return tuple(key)


def values_match(left, right) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, bool) or isinstance(right, bool):
        return left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        if isinstance(left, int) and isinstance(right, int):
            return left == right
        return math.isclose(left, right, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return left == right


def table_differences(
    expected: Sequence[Sequence], actual: Sequence[Sequence], columns: Sequence[str], limit=5
) -> list[str]:
    """Readable differences between two row sets (at most `limit`); [] when they match."""
    if len(expected) != len(actual):
        return [f"{len(expected)} rows vs {len(actual)} rows"]
    left = sorted(([normalise(v) for v in row] for row in expected), key=_sort_key)
    right = sorted(([normalise(v) for v in row] for row in actual), key=_sort_key)
    problems = []
    for number, (a, b) in enumerate(zip(left, right, strict=True)):
        for column, x, y in zip(columns, a, b, strict=True):
            if not values_match(x, y):
                problems.append(f"sorted row {number}: {column} = {x!r} vs {y!r}")
                break
        if len(problems) >= limit:
            break
    return problems
