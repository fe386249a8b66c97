"""`make demo` keeps everything it writes under one folder, which `make demo-reset` removes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import REPO_ROOT

PATH_OPTIONS = ("--out", "--data-dir", "--results-dir", "--db")


def _dry_run(target: str) -> str:
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    return subprocess.run(
        ["make", "-n", "--no-print-directory", target, "DEMO_DIR=demo-x"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_demo_writes_only_under_its_folder_and_includes_synthetic_runs():
    commands = _dry_run("demo")
    paths = re.findall(r"(?:" + "|".join(PATH_OPTIONS) + r")\s+(\S+)", commands)
    assert len(paths) == 7  # synth --out x 2, train-matrix x 2, refresh x 3
    assert all(path.startswith("demo-x/") for path in paths), paths
    assert "CARBONWH_INCLUDE_SYNTHETIC=true" in commands


def test_demo_reset_removes_that_folder_only():
    commands = [line for line in _dry_run("demo-reset").splitlines() if line.strip()]
    assert commands == ["rm -rf demo-x"]
