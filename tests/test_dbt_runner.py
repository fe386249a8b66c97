"""warehouse.dbt_runner and `carbonwh build`: strict parsing, readable failures, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse.dbt_runner import parse_strict
from warehouse.paths import DBT_PROJECT_DIR

pytestmark = pytest.mark.slow


def project_copy(tmp_path: Path) -> Path:
    target = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, target, ignore=shutil.ignore_patterns("target", "logs"))
    return target


def test_misspelt_config_key_fails_the_parse(tmp_path):
    project = project_copy(tmp_path)
    model = project / "models" / "marts" / "dim_models.sql"
    model.write_text("{{ config(materialzied='view') }}\n" + model.read_text())
    manifest, problems = parse_strict(
        tmp_path / "x.duckdb", project_dir=project, target_path=tmp_path / "t"
    )
    assert manifest is not None
    assert problems == [
        "model.carbonwh.dim_models (models/marts/dim_models.sql): "
        "unknown config key(s) materialzied"
    ]


def test_project_path_matching_nothing_fails_the_parse(tmp_path):
    project = project_copy(tmp_path)
    config = project / "dbt_project.yml"
    config.write_text(config.read_text().replace("    marts:\n", "    mart:\n", 1))
    _, problems = parse_strict(
        tmp_path / "x.duckdb", project_dir=project, target_path=tmp_path / "t"
    )
    assert len(problems) == 1 and "models.carbonwh.mart" in problems[0]


def test_build_command_without_warehouse_exits_2(cli, tmp_path):
    result = cli(["build", "--db", tmp_path / "missing.duckdb"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_build_command_reports_progress_and_failures(cli, built_warehouse, tmp_path):
    db = tmp_path / "carbon.duckdb"
    shutil.copy(built_warehouse, db)
    con = duckdb.connect(str(db))
    con.execute("drop table raw.run_reports")
    con.close()
    result = cli(["build", "--db", db, "-s", "stg_raw__files", "-s", "stg_raw__run_reports"])
    assert result.exit_code == 1
    assert "ok view stg_raw__files" in result.output or "ok model stg_raw__files" in result.output
    # The model, or its unit test when that runs first, fails on the missing input.
    failed = result.output.split("FAILED ", 1)[-1]
    assert "stg_raw__run_reports" in result.output and failed != result.output
    text = " ".join(failed.split())
    assert (
        "run_reports does not exist" in text
        or "run_reports\" because the relation doesn't exist" in text
    )


def test_docs_generate_and_source_freshness_work(built_warehouse, tmp_path, monkeypatch):
    import json
    import os

    from warehouse.dbt_runner import run_dbt

    monkeypatch.delenv("CARBONWH_DB", raising=False)
    db = tmp_path / "carbon.duckdb"
    shutil.copy(built_warehouse, db)
    target = ["--target-path", str(tmp_path / "target")]
    seen = []  # the environment while dbt runs: the path reaches dbt through its profile
    docs = run_dbt(
        ["docs", "generate", *target],
        db,
        callbacks=[lambda e: seen.append("CARBONWH_DB" in os.environ)],
    )
    assert docs.success, docs.exception
    assert seen and not any(seen)
    assert catalog_db_is(tmp_path / "target" / "catalog.json", db)
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text())
    assert "model.carbonwh.fct_training_runs" in catalog["nodes"]

    freshness = run_dbt(["source", "freshness", *target], db)
    assert freshness.success, freshness.exception
    checked = {r.node.name for r in freshness.result.results}
    assert "files" in checked


def catalog_db_is(catalog_path: Path, db: Path) -> bool:
    """Whether dbt's catalog was read from the DuckDB file `db` (its database name)."""
    import json

    nodes = json.loads(catalog_path.read_text())["nodes"].values()
    return {node["metadata"]["database"] for node in nodes} == {db.stem}
