"""Shared pytest helpers: ../shared lookup, system-tool requirements, CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CARBONWH_SHARED", REPO_ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# Session-scoped warehouses built by ingest + dbt (one dbt build per tree per session).
pytest_plugins = ["fixtures_warehouse"]


def shared_path(*parts: str) -> Path:
    """A path inside ../shared; skips the test with a reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not part of a fresh clone)")
    return path


def require_tool(name: str, why: str) -> str:
    """The path of system tool `name`; skips when absent, but fails under CI=true."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed ({why}); `make system-deps` installs it"
    if IN_CI:
        pytest.fail(f"CI must prove this: {message}")
    pytest.skip(message)


@pytest.fixture
def cli():
    """Invoke `carbonwh` in-process: cli(["ingest", "--json"]) -> click Result."""
    from typer.testing import CliRunner

    from warehouse.cli import app

    runner = CliRunner()

    def invoke(args, **kwargs):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke
