"""The training matrix: every (model, country, season, run) cell in its own subprocess.

A crashing cell (out of memory, a broken model, bad data) cannot stop the others. Each
subprocess is `python -m models_tf.train` with the env conventions set, so code that only
reads the environment names its files the same way. Output of each cell goes to
`<results>/logs/<Model>/<Country>/<season>/<run>.log`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models_tf.naming import RunContext


@dataclass
class Cell:
    model: str
    country_code: str
    season: str
    run: int
    status: str = "pending"  # ok | skipped | skipped (budget) | failed
    detail: str = ""
    seconds: float = 0.0
    mae: float | None = None
    emissions_kg: float | None = None

    @property
    def context(self) -> RunContext:
        return RunContext.resolve(self.model, self.country_code, self.season)

    @property
    def run_name(self) -> str:
        return self.context.run_name(self.run)

    def report_path(self, results_dir: Path) -> Path:
        return self.context.report_json(results_dir, self.run_name)

    def log_path(self, results_dir: Path) -> Path:
        return self.context.cell_dir(results_dir, "logs") / f"{self.run_name}.log"


def plan(
    models: Iterable[str], countries: Iterable[str], seasons: Iterable[str], runs: int
) -> list[Cell]:
    return [
        Cell(model, country.upper(), season.lower(), run)
        for model in models
        for country in countries
        for season in seasons
        for run in range(1, runs + 1)
    ]


def read_report(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def has_metrics(report: dict | None) -> bool:
    metrics = (report or {}).get("metrics")
    return isinstance(metrics, dict) and metrics.get("mae") is not None


def _last_error(log: Path) -> str:
    try:
        lines = [line.strip() for line in log.read_text(errors="replace").splitlines()]
    except OSError:
        return ""
    for line in reversed(lines):
        if line.startswith("error:") or "Error" in line.split(":")[0]:
            return line.removeprefix("error:").strip()
    return next((line for line in reversed(lines) if line), "")


def _run_child(command: list[str], log, env: dict, timeout: float | None) -> int | None:
    """Run a cell; None on timeout. On timeout or Ctrl-C the child gets SIGTERM and a grace
    period, so its tracker can stop and write its row (subprocess.run would SIGKILL it)."""
    child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        return child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _terminate(child)
        return None
    except KeyboardInterrupt:
        # A terminal's Ctrl-C reached the child too: give it time to stop on its own.
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _terminate(child)
        raise


def _terminate(child: subprocess.Popen, grace: float = 15.0) -> None:
    child.terminate()
    try:
        child.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def run_cell(
    cell: Cell,
    *,
    data_dir: Path,
    results_dir: Path,
    quick: bool,
    epochs: int | None,
    seed: int | None,
    timeout: float | None = None,
    force: bool = False,
) -> Cell:
    """Train one cell in a subprocess; fills in status, detail, seconds, mae, emissions."""
    command = [
        sys.executable,
        "-m",
        "models_tf.train",
        "--model",
        cell.model,
        "--country",
        cell.country_code,
        "--season",
        cell.season,
        "--run",
        str(cell.run),
        "--data-dir",
        str(data_dir),
        "--results-dir",
        str(results_dir),
    ]
    if quick:
        command.append("--quick")
    if epochs:
        command += ["--epochs", str(epochs)]
    if seed is not None:
        command += ["--seed", str(seed)]
    if force:
        command.append("--force")
    env = {
        **os.environ,
        "ENTRY_MODEL_NAME": cell.model,
        "COUNTRY_CODE": cell.country_code,
        "BIONET_SEASON": cell.season,
        "CARBONWH_RUN": str(cell.run),
        "CARBONWH_DATA_DIR": str(data_dir),
        "CARBONWH_RESULTS_DIR": str(results_dir),
        "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0"),
    }
    env.pop("RUN_MODEL_NAME", None)
    log = cell.log_path(results_dir)
    log.parent.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    with log.open("w", encoding="utf-8") as handle:
        code = _run_child(command, handle, env, timeout)
    cell.seconds = time.perf_counter() - clock
    report = read_report(cell.report_path(results_dir))
    if code == 0 and has_metrics(report):
        cell.status = "ok"
        cell.mae = report["metrics"]["mae"]
        cell.emissions_kg = report.get("emissions_kg")
        if report.get("emissions_status") != "measured":
            cell.detail = str(report.get("emissions_status"))
    else:
        cell.status = "failed"
        reason = "timed out" if code is None else _last_error(log) or f"exit code {code}"
        cell.detail = f"{reason} (log: {log})"
    return cell


def run_matrix(
    cells: list[Cell],
    *,
    data_dir: Path,
    results_dir: Path,
    quick: bool = False,
    epochs: int | None = None,
    seed: int | None = None,
    skip_existing: bool = False,
    timeout: float | None = None,
    force: bool = False,
    on_start: Callable[[Cell], None] | None = None,
    on_done: Callable[[Cell], None] | None = None,
    skip_reason: Callable[[Cell], str | None] | None = None,
) -> list[Cell]:
    """Run the cells one after the other; `--skip-existing` skips reports with metrics;
    `skip_reason(cell)` returning a reason skips that cell too (`skipped (budget)`)."""
    for cell in cells:
        if on_start:
            on_start(cell)
        report = read_report(cell.report_path(results_dir)) if skip_existing else None
        if has_metrics(report):
            cell.status, cell.detail = "skipped", "report with metrics exists"
            cell.mae = report["metrics"]["mae"]
            cell.emissions_kg = report.get("emissions_kg")
        elif skip_reason and (reason := skip_reason(cell)):
            # e.g. a carbon budget: the cell is not trained, and says why.
            cell.status, cell.detail = "skipped (budget)", reason
        else:
            run_cell(
                cell,
                data_dir=data_dir,
                results_dir=results_dir,
                quick=quick,
                epochs=epochs,
                seed=seed,
                timeout=timeout,
                force=force,
            )
        if on_done:
            on_done(cell)
    return cells
