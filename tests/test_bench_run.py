"""carbonwh bench: stages in subprocesses, the JSON figures, and one tiny end-to-end run."""

from __future__ import annotations

import json

import pytest

from benchmarks.run import JSON_KEYS, StageResult, figures, run_stage
from benchmarks.synth_results import generate


def test_a_stage_reports_seconds_and_its_own_peak_rss(tmp_path):
    root = generate(tmp_path / "Results", 20, seed=1).root
    result = run_stage("floor", "floor", [root], tmp_path)
    files = sum(1 for p in root.rglob("*") if p.is_file())
    assert result.ok and result.error is None
    assert result.data["files"] == files
    assert result.seconds > 0 and result.wall_s >= result.seconds
    assert 5 < result.peak_rss_mb < 500
    assert (tmp_path / "floor.log").exists()


def test_a_failing_stage_is_reported_not_raised(tmp_path):
    result = run_stage("baseline_pandas", "baseline_pandas", [], tmp_path)
    assert not result.ok and result.seconds is None
    assert "exit code 1" in result.error and "baseline_pandas.log" in result.error


def test_figures_have_exactly_the_issue_keys():
    def ok(name, seconds, **data):
        return StageResult(name, ok=True, seconds=seconds, peak_rss_mb=100.0, data=data)

    stages = {
        "floor": ok("floor", 0.2),
        "baseline_pandas": ok("baseline_pandas", 25.0),
        "ingest": ok("ingest", 1.0),
        "reingest_unchanged": ok("reingest_unchanged", 0.05),
        "reingest_1pct": StageResult("reingest_1pct", ok=False, error="exit code 1"),
        "dbt_build": ok("dbt_build", 30.0),
        "report": ok("report", 10.0),
        "tracker_overhead": ok("tracker_overhead", 99.0, ratio_15s=1.01, ratio_1s=1.05),
    }
    fig = figures({"synth": {"files": 7}, "stages": stages})
    assert tuple(fig) == JSON_KEYS
    assert fig["files"] == 7 and fig["baseline_pandas_s"] == 25.0
    assert fig["reingest_1pct_s"] is None
    assert fig["ingest_peak_rss_mb"] == 100.0
    assert fig["tracker_overhead_ratio_15s"] == 1.01 and fig["tracker_overhead_ratio_1s"] == 1.05


@pytest.mark.slow
def test_bench_json_end_to_end_on_a_tiny_tree(cli, tmp_path):
    """Every stage runs for real (ingest, dbt build, report, a 1-second training)."""
    result = cli(["bench", "--files", 30, "--out", tmp_path / "bench", "--json",
                  "--tracker-seconds", 1, "--tracker-repeats", 1, "--tracker-epochs", 1])  # fmt: skip
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout.strip().splitlines()[-1])
    assert tuple(fig) == JSON_KEYS
    assert fig["files"] == 30
    missing = [key for key, value in fig.items() if value is None]
    assert not missing, f"no figure for {missing}; see {tmp_path / 'bench' / 'logs'}"
    assert all(value > 0 for value in fig.values())
    details = json.loads((tmp_path / "bench" / "bench.json").read_text())
    assert details["stages"]["reingest_unchanged"]["data"]["summary"]["rows_loaded"] == 0
    assert details["stages"]["reingest_1pct"]["data"]["summary"]["files_changed"] >= 1
