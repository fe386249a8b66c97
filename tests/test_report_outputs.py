"""`carbonwh report`: stable output names, both methods, read-only on the warehouse."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

CHARTS = [
    "emissions_by_model_box",
    "emissions_by_model_box_log",
    "emissions_heatmap_by_season",
    "pareto_front_by_slice",
    "top_models_by_mae",
    "epoch_loss_emissions",
    "efficient_frontier",
    "energy_split_by_model",
    # the projects section (any CodeCarbon file): reports/projects.py
    "project_emissions_over_time",
    "project_emissions_energy",
    "intensity_by_compute_country",
]
TABLES = [
    "mae_summary",
    "low_carbon_leaders",
    "top10_mae_by_slice",
    "top10_mae_by_slice_tabular",
    "pareto_leaders",
    "low_carbon_leaders_si",
    "pareto_leaders_si",
]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def written(built_warehouse, tmp_path_factory):
    from typer.testing import CliRunner

    from warehouse.cli import app

    out = tmp_path_factory.mktemp("report") / "out"
    before = _digest(built_warehouse)
    args = ["report", "--db", str(built_warehouse), "--out", str(out), "--json"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result, out, before


def test_report_writes_the_documented_files(written):
    result, out, _ = written
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["missing"] == []
    assert summary["charts"] == CHARTS  # the fixture has data for every chart
    for name in summary["charts"]:
        assert (out / "charts" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        root = ElementTree.parse(out / "charts" / f"{name}.svg").getroot()
        assert root.tag.endswith("svg")
    assert sorted(p.stem for p in (out / "tables").glob("*.tex")) == sorted(TABLES)
    assert (out / "index.html").exists()
    text = (out / "summary.md").read_text(encoding="utf-8")
    for heading in ("Low-carbon leaders", "Pareto leaders", "Efficient frontier"):
        assert f"## {heading}" in text


def test_report_never_writes_the_warehouse(written, built_warehouse):
    *_, before = written
    assert _digest(built_warehouse) == before


def test_published_method_reads_the_published_rows(cli, built_warehouse, tmp_path):
    result = cli(["report", "--db", built_warehouse, "--out", tmp_path, "--method", "published"])
    assert result.exit_code == 0, result.output
    assert "open " in result.stdout and str(tmp_path / "index.html") in result.stdout
    assert "method published" in (tmp_path / "tables" / "mae_summary.tex").read_text()
    assert "Method <code>published</code>" in (tmp_path / "index.html").read_text()
    assert cli(["report", "--db", built_warehouse, "--method", "median"]).exit_code == 2
    # `seed`, the method's former name, is still accepted for one release
    alias = cli(["report", "--db", built_warehouse, "--out", tmp_path / "a", "--method", "seed"])
    assert alias.exit_code == 0, alias.output
    assert "Method <code>published</code>" in (tmp_path / "a" / "index.html").read_text()


def test_missing_and_busy_warehouses_are_explained(cli, built_warehouse, tmp_path):
    missing = cli(["report", "--db", tmp_path / "absent.duckdb", "--out", tmp_path])
    assert missing.exit_code == 2 and "does not exist yet" in missing.stderr
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(built_warehouse.read_bytes())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(60)",
            str(copy),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        busy = cli(["report", "--db", copy, "--out", tmp_path / "o", "--wait", "0.3"])
    finally:
        holder.kill()
        holder.wait()
    assert busy.exit_code == 3
    assert f"(PID {holder.pid})" in busy.stderr and "--wait" in busy.stderr
    assert not (tmp_path / "o").exists()


def test_every_output_name_is_documented():
    from conftest import REPO_ROOT

    from reports.charts import CHART_NAMES
    from reports.projects import PROJECT_CHART_NAMES

    readme = (REPO_ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    for name in CHART_NAMES + PROJECT_CHART_NAMES:
        assert f"charts/{name}.{{png,svg}}" in readme, name
    for name in TABLES:
        assert f"tables/{name}.tex" in readme, name


def test_a_chart_left_out_loses_its_old_images(report_warehouse, tmp_path):
    import duckdb
    from fixtures_warehouse import copy_marts

    from reports import write_report

    db = tmp_path / "w.duckdb"
    copy_marts(report_warehouse, db)
    con = duckdb.connect(str(db))
    con.execute("delete from marts.rpt_epoch_series_latest")
    con.close()
    stale = tmp_path / "out" / "charts" / "epoch_loss_emissions.png"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = write_report(con, tmp_path / "out")
    finally:
        con.close()
    assert "epoch_loss_emissions" not in result.charts and len(result.charts) == 7
    assert not stale.exists()
