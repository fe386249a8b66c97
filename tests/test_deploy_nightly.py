"""deploy/ and the GitHub workflow: each one's refresh command runs against a fixture tree.

The workflow's step runs first on an empty warehouse (the whole pipeline, real dbt build);
the cron line and the systemd service then run on copies of that warehouse, where nothing
is new: they skip the build and write the report into their own directory.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
import yaml
from conftest import REPO_ROOT
from results_tree import write_tree

pytestmark = pytest.mark.slow  # one real dbt build (the workflow's run), then skipped refreshes

DEPLOY = REPO_ROOT / "deploy"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "nightly.yml"
INSTALL_DIR = "/opt/carbonwh"  # where the deploy files expect the checkout


def _env(root: Path, **overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARBONWH_")}
    # dbt's own variables: a private target/log dir, so parallel sessions do not collide.
    env.update(DBT_TARGET_PATH=str(root / "dbt_target"), DBT_LOG_PATH=str(root / "dbt_logs"))
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def _places(root: Path, name: str) -> SimpleNamespace:
    place = root / name
    place.mkdir()
    return SimpleNamespace(db=place / "carbon.duckdb", out=place / "report", log=place / "log")


def _log_statuses(db: Path) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select status from warehouse.refresh_log order by refresh_id")
        return [r[0] for r in rows.fetchall()]
    finally:
        con.close()


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _refresh_step(workflow: dict) -> dict:
    steps = workflow["jobs"]["refresh"]["steps"]
    return next(s for s in steps if "carbonwh refresh" in s.get("run", ""))


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    root = tmp_path_factory.mktemp("deploy")
    results = write_tree(root / "Results")
    first = _places(root, "workflow")
    job_env = _workflow()["jobs"]["refresh"]["env"]
    # The job's env names the paths; point them at the fixture (relative ones would land
    # in the checkout).
    assert set(job_env) == {"CARBONWH_RESULTS_DIR", "CARBONWH_DB", "CARBONWH_REPORT_DIR"}
    env = _env(
        root, CARBONWH_RESULTS_DIR=results, CARBONWH_DB=first.db, CARBONWH_REPORT_DIR=first.out
    )
    done = subprocess.run(
        ["bash", "-e", "-c", _refresh_step(_workflow())["run"]],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return SimpleNamespace(root=root, results=results, first=first, workflow_run=done)


def test_workflow_parses_runs_nightly_and_keeps_the_report():
    workflow = _workflow()
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1: on -> True
    assert triggers["schedule"][0]["cron"].split()[:2] == ["30", "2"]
    assert "workflow_dispatch" in triggers
    job = workflow["jobs"]["refresh"]
    assert "--fail-on-regression" in _refresh_step(workflow)["run"]
    upload = next(
        s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")
    )
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == job["env"]["CARBONWH_REPORT_DIR"]


def test_workflow_refresh_step_runs_the_whole_pipeline(fixture):
    done = fixture.workflow_run
    assert done.returncode == 0, done.stderr[-3000:]
    assert "refresh ok; report:" in done.stdout
    assert (fixture.first.out / "index.html").exists()
    assert (fixture.first.out / "tables" / "mae_summary.tex").exists()
    assert (fixture.first.out / "charts" / "pareto_front_by_slice.png").exists()
    assert _log_statuses(fixture.first.db) == ["ok"]


def _parse_cron(text: str) -> tuple[dict, list[str], str]:
    env, jobs = {}, []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, value = line.split("=", 1)
            env[name] = value
        else:
            jobs.append(line)
    assert len(jobs) == 1, jobs
    fields = jobs[0].split(None, 5)
    return env, fields[:5], fields[5]


def test_cron_line_runs_the_refresh(fixture):
    env, schedule, command = _parse_cron((DEPLOY / "carbonwh-refresh.cron").read_text())
    assert schedule == ["30", "2", "*", "*", "*"]
    assert "%" not in command  # cron would turn it into a newline
    assert env["CARBONWH_HOME"] == INSTALL_DIR
    place = _places(fixture.root, "cron")
    shutil.copy(fixture.first.db, place.db)
    done = subprocess.run(
        [env.get("SHELL", "/bin/sh"), "-c", command],
        env=_env(
            fixture.root,
            CARBONWH_HOME=REPO_ROOT,
            CARBONWH_RESULTS_DIR=fixture.results,
            CARBONWH_DB=place.db,
            CARBONWH_REPORT_DIR=place.out,
            CARBONWH_LOG=place.log,
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, place.log.read_text() if place.log.exists() else done.stderr
    assert "refresh skipped; report:" in place.log.read_text()
    assert (place.out / "index.html").exists()
    assert _log_statuses(place.db) == ["ok", "skipped"]


def _unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit as {section: {key: [values]}} (keys may repeat, e.g. Environment=)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in (DEPLOY / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
        else:
            key, value = line.split("=", 1)
            current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_systemd_service_runs_the_refresh(fixture):
    service = _unit("carbonwh-refresh.service")["Service"]
    assert service["Type"] == ["oneshot"]
    assert service["WorkingDirectory"] == [INSTALL_DIR]
    place = _places(fixture.root, "systemd")
    shutil.copy(fixture.first.db, place.db)
    values = {
        "CARBONWH_RESULTS_DIR": str(fixture.results),
        "CARBONWH_DB": str(place.db),
        "CARBONWH_REPORT_DIR": str(place.out),
    }
    declared = dict(line.split("=", 1) for line in service["Environment"])
    assert set(declared) == set(values)
    # systemd expands ${NAME} from Environment= in ExecStart; substitute the same way.
    exec_start = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], service["ExecStart"][0])
    argv = shlex.split(exec_start.replace(INSTALL_DIR, str(REPO_ROOT)))
    done = subprocess.run(
        argv, cwd=REPO_ROOT, env=_env(fixture.root), capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "refresh skipped; report:" in done.stdout
    assert (place.out / "index.html").exists()
    assert _log_statuses(place.db) == ["ok", "skipped"]


def test_systemd_units_verify(tmp_path):
    timer = _unit("carbonwh-refresh.timer")["Timer"]
    assert timer["Unit"] == ["carbonwh-refresh.service"] and timer["Persistent"] == ["true"]
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (systemd is not part of make system-deps)")
    calendar = subprocess.run([analyze, "calendar", *timer["OnCalendar"]], capture_output=True)
    assert calendar.returncode == 0, calendar.stderr
    for name in ("carbonwh-refresh.service", "carbonwh-refresh.timer"):
        text = (DEPLOY / name).read_text().replace(INSTALL_DIR, str(REPO_ROOT))
        (tmp_path / name).write_text(text.replace("User=carbonwh", "User=root"))
    verify = subprocess.run(
        [analyze, "verify", *(str(p) for p in sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
