"""One dbt-built fixture warehouse per test process for the report and sql tests.

`fixtures_warehouse.built_warehouse` is session-scoped, but importing it into several test
modules gives each module its own copy of the fixture, and so its own dbt build (tens of
seconds each). This wraps the same builder and fixture tree in a process-wide cache.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import pytest
from fixtures_warehouse import FIXTURE_RESULTS, build_warehouse


@functools.cache
def _built() -> Path:
    base = Path(tempfile.mkdtemp(prefix="carbonwh-built-marts-"))
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    return build_warehouse(FIXTURE_RESULTS, base)


@pytest.fixture(scope="session")
def built_marts() -> Path:
    """Path of the DuckDB file built (ingest + dbt) from tests/fixtures/results_small."""
    return _built()
