"""Orchestrate the benchmark: every stage in its own process, timed, its peak RSS taken.

Each stage runs as `sys.executable -m benchmarks.<stage> ...`, so imports and memory do not
leak from one stage into the next; its peak RSS is the stage's own high-water mark
(`VmHWM`, reported by the stage; `os.wait4`'s ru_maxrss where /proc is missing). Seconds are what the stage measured around its own work,
after its imports (the report stage counts its imports: a user pays them every time); the
process wall time is kept beside them in `bench.json`.

Before the floor, the baseline and the first ingest the tree is read once, untimed, so all
three start from the same (warm) page cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import synth_results
from benchmarks.stage import parse, read_all

REPO_ROOT = Path(__file__).resolve().parent.parent
JSON_KEYS = (
    "files",
    "ingest_s",
    "baseline_pandas_s",
    "floor_read_s",
    "reingest_unchanged_s",
    "reingest_1pct_s",
    "dbt_build_s",
    "report_s",
    "ingest_peak_rss_mb",
    "tracker_overhead_ratio_15s",
    "tracker_overhead_ratio_1s",
)


@dataclass
class StageResult:
    name: str
    ok: bool
    seconds: float | None = None
    wall_s: float | None = None
    peak_rss_mb: float | None = None
    data: dict = field(default_factory=dict)
    error: str | None = None
    log: str | None = None


@dataclass
class BenchOptions:
    files: int = 20_000
    out: Path = Path("bench_out")
    seed: int = 0
    skip_tracker: bool = False
    tracker_seconds: float = 60.0
    tracker_repeats: int = 3
    tracker_epochs: int = 10
    changed_fraction: float = 0.01
    engine: str = "duckdb"  # "spark": also build on the loopback Spark cluster


def run_stage(name: str, module: str, args: list, log_dir: Path) -> StageResult:
    """Run `python -m benchmarks.<module> args` with its output in `<log_dir>/<name>.log`."""
    log_path = log_dir / f"{name}.log"
    env = {**os.environ, "PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "2"}
    command = [sys.executable, "-m", f"benchmarks.{module}", *map(str, args)]
    with log_path.open("w") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
                                   env=env)  # fmt: skip
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    result = StageResult(name, ok=False, wall_s=wall, peak_rss_mb=usage.ru_maxrss / 1024,
                         log=str(log_path))  # fmt: skip
    data = parse(log_path.read_text(errors="replace"))
    if code != 0 or data is None:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
        result.error = f"exit code {code}: {tail[0][:300]} (log: {log_path})"
        return result
    result.data = data
    result.peak_rss_mb = data.get("peak_rss_mb") or result.peak_rss_mb
    result.seconds = data.get("seconds")
    result.ok = data.get("success", True)
    if not result.ok:
        failures = data.get("failures") or [f"exit code {data.get('exit_code')}"]
        result.error = "; ".join(map(str, failures))[:500] + f" (log: {log_path})"
    return result


def _skipped(name: str, why: str) -> StageResult:
    return StageResult(name, ok=False, error=f"skipped: {why}")


def _fresh(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


def run_bench(options: BenchOptions, say: Callable[[str], None] = lambda _: None) -> dict:
    """Run every stage; returns {"options", "synth", "stages": {name: StageResult}}."""
    out = options.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    results = _fresh(out / "Results")
    db = out / "bench.duckdb"
    for stale in (db, out / "bench.duckdb.wal", out / "report", out / "dbt_target"):
        _fresh(stale)
    logs = out / "logs"
    logs.mkdir(exist_ok=True)
    stages: dict[str, StageResult] = {}

    say(f"generating {options.files:,} emissions files under {results} ...")
    started = time.perf_counter()
    synth = synth_results.generate(results, options.files, seed=options.seed).as_dict()
    synth["seconds"] = time.perf_counter() - started

    for name, module, args in (
        ("floor", "floor", [results]),
        ("baseline_pandas", "baseline_pandas", [results]),
        ("ingest", "stage_ingest", [results, db]),
    ):
        read_all(results)  # same warm page cache for the three
        say(f"{name} ...")
        stages[name] = run_stage(name, module, args, logs)

    if stages["ingest"].ok:
        say("re-ingest of the unchanged tree ...")
        stages["reingest_unchanged"] = run_stage("reingest_unchanged", "stage_ingest",
                                                 [results, db], logs)  # fmt: skip
        changed = synth_results.change_fraction(results, options.changed_fraction)
        say(f"re-ingest after {changed:,} files changed ...")
        stages["reingest_1pct"] = run_stage("reingest_1pct", "stage_ingest", [results, db], logs)
        stages["reingest_1pct"].data["files_changed_on_disk"] = changed
        say("dbt build ...")
        stages["dbt_build"] = run_stage("dbt_build", "stage_dbt", [db, out / "dbt_target"], logs)
        if options.engine == "spark":
            say("dbt build on Spark (export, register, build) ...")
            stages["spark_build"] = run_stage("spark_build", "stage_spark",
                                              [db, out / "spark_target"], logs)  # fmt: skip
    else:
        for name in ("reingest_unchanged", "reingest_1pct", "dbt_build"):
            stages[name] = _skipped(name, "the first ingest failed")
    if stages["dbt_build"].seconds is not None:
        say("report ...")
        stages["report"] = run_stage("report", "stage_report", [db, out / "report"], logs)
    else:
        stages["report"] = _skipped("report", "dbt build did not run")

    if options.skip_tracker:
        stages["tracker_overhead"] = _skipped("tracker_overhead", "--skip-tracker")
    else:
        say("tracker overhead (DLinear training with and without CodeCarbon) ...")
        tracker_args = [
            out / "tracker",
            "--seconds",
            options.tracker_seconds,
            "--repeats",
            options.tracker_repeats,
            "--epochs",
            options.tracker_epochs,
        ]
        stages["tracker_overhead"] = run_stage("tracker_overhead", "tracker_overhead",
                                               tracker_args, logs)  # fmt: skip

    report = {"options": {**asdict(options), "out": str(out)}, "synth": synth, "stages": stages}
    (out / "bench.json").write_text(json.dumps(to_jsonable(report), indent=2, default=str))
    return report


def figures(report: dict) -> dict:
    """The one JSON object of `carbonwh bench --json` (keys fixed by the issue)."""
    stages: dict[str, StageResult] = report["stages"]

    def seconds(name: str):
        return stages[name].seconds if name in stages else None

    tracker = stages["tracker_overhead"].data if stages["tracker_overhead"].ok else {}
    fig = {
        "files": report["synth"]["files"],
        "ingest_s": seconds("ingest"),
        "baseline_pandas_s": seconds("baseline_pandas"),
        "floor_read_s": seconds("floor"),
        "reingest_unchanged_s": seconds("reingest_unchanged"),
        "reingest_1pct_s": seconds("reingest_1pct"),
        "dbt_build_s": seconds("dbt_build"),
        "report_s": seconds("report"),
        "ingest_peak_rss_mb": stages["ingest"].peak_rss_mb if stages["ingest"].ok else None,
        "tracker_overhead_ratio_15s": tracker.get("ratio_15s"),
        "tracker_overhead_ratio_1s": tracker.get("ratio_1s"),
    }
    if "spark_build" in stages:  # --engine spark: one more key, after the keys
        fig["spark_build_s"] = seconds("spark_build")
    return fig


def to_jsonable(report: dict) -> dict:
    return {**report, "stages": {k: asdict(v) for k, v in report["stages"].items()}}
