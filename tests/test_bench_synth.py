"""carbonwh synth-results: deterministic, realistic synthetic Results trees."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from benchmarks.synth_results import change_fraction, generate

CODECARBON_MUST = {"timestamp", "project_name", "run_id", "duration", "emissions"}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "Results"
    summary = generate(root, 400, seed=7)
    assert summary.files == 400 and summary.reports == 400
    return root


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    first = _tree(generate(tmp_path / "a", 60, seed=3).root)
    again = _tree(generate(tmp_path / "b", 60, seed=3).root)
    other = _tree(generate(tmp_path / "c", 60, seed=4).root)
    assert first == again
    assert first != other


def test_layout_and_counts(tree):
    csvs = sorted(tree.glob("emissions/*/*/*/*_emissions.csv"))
    assert len(csvs) == 400
    for path in csvs:
        model, country, season = path.relative_to(tree / "emissions").parts[:3]
        assert season in {"summer", "winter"}
        run = path.name.removesuffix("_emissions.csv")
        assert run.startswith(f"{model}_") and run.endswith(tuple(f"run{n}" for n in range(1, 9)))
    assert len(list(tree.glob("metrics/*/*/*/metrics.json"))) > 0


def test_headers_are_codecarbon_and_mixed(tree):
    headers = set()
    for path in tree.glob("emissions/**/*_emissions.csv"):
        names, _ = _rows(path)
        assert CODECARBON_MUST <= set(names)
        headers.add(tuple(names))
    assert len(headers) >= 3  # 3.2.x, its append-path reordering, 3.0.8-3.1.x, 2.7-3.0.7


def test_backups_hold_an_older_header_beside_their_file(tree):
    backups = sorted(tree.glob("emissions/**/*.bak"))
    assert backups
    for backup in backups:
        main = backup.with_name(backup.name.split("_emissions.csv")[0] + "_emissions.csv")
        assert main.exists()
        old_names, old_rows = _rows(backup)
        new_names, _ = _rows(main)
        assert old_rows and CODECARBON_MUST <= set(old_names)
        assert old_names != new_names


def test_executions_are_cumulative_with_re_executions(tree):
    re_executed = 0
    for path in tree.glob("emissions/**/*_emissions.csv"):
        _, rows = _rows(path)
        by_run: dict[str, list[float]] = {}
        for row in rows:
            by_run.setdefault(row["run_id"], []).append(float(row["duration"]))
        for durations in by_run.values():
            assert 1 <= len(durations) <= 5
            assert durations == sorted(durations)
        re_executed += len(by_run) > 1
    assert re_executed > 0


def test_every_emissions_file_has_its_report(tree):
    for path in tree.glob("emissions/*/*/*/*_emissions.csv"):
        rel = path.relative_to(tree / "emissions")
        run = path.name.removesuffix("_emissions.csv")
        report_path = tree / "reports" / rel.parent / f"{run}.json"
        report = json.loads(report_path.read_text())
        assert {"mae", "rmse", "mse", "mape"} <= set(report["metrics"])
        if "codecarbon_run_id" in report:  # our runner's layout (else: the published one)
            _, rows = _rows(path)
            assert report["emissions_csv"] == f"emissions/{rel.as_posix()}"
            assert report["codecarbon_run_id"] == rows[-1]["run_id"]
            assert report["run"] == run and report["epochs_run"] == len(report["history"])


def test_change_fraction_appends_one_later_snapshot(tmp_path):
    root = generate(tmp_path / "Results", 200, seed=1).root
    before = _tree(root)
    assert change_fraction(root, 0.01) == 2
    after = _tree(root)
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 2
    for name in changed:
        _, rows = _rows(root / name)
        assert len(rows) == before[name].count(b"\n")  # header + n rows -> n + 1 rows now
        assert rows[-1]["run_id"] == rows[-2]["run_id"]
        assert float(rows[-1]["duration"]) > float(rows[-2]["duration"])


def test_cli_synth_results_json(cli, tmp_path):
    result = cli(["synth-results", "--out", tmp_path / "R", "--files", 25, "--seed", 2, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["files"] == 25 and summary["reports"] == 25
    assert len(list((tmp_path / "R").glob("emissions/**/*_emissions.csv"))) == 25
