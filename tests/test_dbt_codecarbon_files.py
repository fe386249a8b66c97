"""Any CodeCarbon user's files: task rows, copies, several roots, no path convention.

tests/fixtures/codecarbon_files holds hand-made files outside the benchmark's layout:
- task_only/: a task file alone (run 1111…): three tasks, the total is their sum;
- with_main/: a main file and the task file of its run 2222…2222 (gialluted's shape: the
  main row's duration, 2.6 s, is shorter than one task's, 86.6 s): the total is the main
  snapshot, the tasks are its breakdown; the main file also holds another run (…0000);
- copies/: a main file and an identical copy in a sub-folder (run 3333…);
- concat/all_emissions.csv: a pandas concatenation of both task files with an index column
  and floats re-printed with fewer digits;
- v1/, v1_copy/: a CodeCarbon 1.x file (no run_id) and a renamed copy of it.
"""

from __future__ import annotations

import math
import shutil
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from fixtures_warehouse import FIXTURE_RESULTS, build_warehouse

pytestmark = pytest.mark.slow

CODECARBON_FILES = Path(__file__).resolve().parent / "fixtures" / "codecarbon_files"
TASKS_ALONE = "11111111-1111-4111-8111-111111111111"
WITH_MAIN = "22222222-2222-4222-8222-222222222222"
OTHER_MAIN = "22222222-0000-4000-8000-000000000000"
COPIED = "33333333-3333-4333-8333-333333333333"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build_warehouse(CODECARBON_FILES, tmp_path_factory.mktemp("codecarbon_files"))
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def execution(con, run_id):
    cursor = con.execute("select * from marts.fct_executions where run_id = ?", [run_id])
    names = [d[0] for d in cursor.description]
    found = cursor.fetchall()
    assert len(found) == 1, f"{run_id}: {len(found)} executions"
    return dict(zip(names, found[0], strict=True))


def test_task_file_alone_sums_its_tasks(con):
    alone = execution(con, TASKS_ALONE)
    assert alone["total_source"] == "tasks"
    assert alone["n_tasks"] == 3
    assert alone["emissions_kg"] == pytest.approx(0.0035)
    assert alone["energy_kwh"] == pytest.approx(0.007)
    assert alone["duration_s"] == pytest.approx(35.0)
    assert alone["n_copies"] == 3  # the concatenation repeats its three tasks


def test_main_snapshot_is_the_total_and_tasks_its_breakdown(con):
    run = execution(con, WITH_MAIN)
    assert run["total_source"] == "snapshots"
    assert run["emissions_kg"] == pytest.approx(0.0001530317908966)  # not main + tasks
    assert run["duration_s"] == pytest.approx(2.606368475000181)  # not the 86.6 s task
    assert run["n_tasks"] == 3
    tasks = 1.0696586402178147e-06 + 9.494572340605058e-05 + 5.0913113644134513e-05
    assert run["tasks_emissions_kg"] == pytest.approx(tasks)
    assert run["tasks_emissions_kg"] <= run["emissions_kg"]
    assert execution(con, OTHER_MAIN)["emissions_kg"] == pytest.approx(6.3e-05)


def test_copied_file_counts_once(con):
    copied = execution(con, COPIED)
    assert copied["emissions_kg"] == pytest.approx(0.03)
    assert copied["n_snapshots"] == 3 and copied["n_copies"] == 3


def test_v1_file_without_run_id_and_its_renamed_copy_are_one_execution(con):
    legacy = con.execute(
        "select count(*), sum(emissions_kg), sum(n_copies) from marts.fct_executions "
        "where project_name = 'legacy'"
    ).fetchone()
    assert legacy[0] == 1 and legacy[1] == pytest.approx(0.005) and legacy[2] == 1


def test_tasks_are_counted_once_with_their_run(con):
    tasks = con.execute(
        "select run_id, task_name, emissions_kg, n_copies from marts.fct_tasks "
        "order by run_id, recorded_at"
    ).fetchall()
    assert [(r[0][:4], r[1]) for r in tasks] == [
        ("1111", "load_model"),
        ("1111", "train"),
        ("1111", "evaluate"),
        ("2222", "C++"),
        ("2222", "R"),
        ("2222", "Julia"),
    ]
    assert all(r[3] == 1 for r in tasks)
    assert tasks[4][2] == pytest.approx(9.494572340605058e-05)  # the full-precision copy


def test_duplicate_measurements_name_the_counted_file(con):
    pairs = con.execute(
        "select counted_file_path, copy_file_path, n_shared_measurements, n_shared_task_rows "
        "from marts.rpt_duplicate_measurements order by counted_file_path"
    ).fetchall()
    assert pairs == [
        ("copies/backup_copy/emissions.csv", "copies/emissions.csv", 3, 0),
        (f"task_only/emissions_base_{TASKS_ALONE}.csv", "concat/all_emissions.csv", 3, 3),
        ("v1/emissions.csv", "v1_copy/emissions_renamed.csv", 1, 0),
        (f"with_main/emissions_base_{WITH_MAIN}.csv", "concat/all_emissions.csv", 3, 3),
    ]


def test_projects_and_days(con):
    projects = con.execute(
        "select project_name, n_executions, n_files, emissions_kg, countries, on_cloud "
        "from marts.agg_projects order by project_name"
    ).fetchall()
    assert [(p[0], p[1], p[2]) for p in projects] == [
        ("Confronto_ML", 2, 2),
        ("copied", 1, 1),
        ("legacy", 1, 1),
        ("tasks_alone", 1, 1),
    ]
    by_name = {p[0]: p for p in projects}
    assert by_name["Confronto_ML"][1] == 2
    assert by_name["Confronto_ML"][3] == pytest.approx(0.0001530317908966 + 6.3e-05)
    assert by_name["tasks_alone"][3] == pytest.approx(0.0035)
    assert by_name["copied"][4] == "France" and by_name["copied"][5] is False
    total = con.execute("select sum(emissions_kg) from marts.agg_project_daily").fetchone()[0]
    assert total == pytest.approx(sum(p[3] for p in projects))
    days = con.execute(
        "select day, n_executions from marts.agg_project_daily where project_name = 'Confronto_ML'"
    ).fetchall()
    assert [(str(d), n) for d, n in days] == [("2026-06-16", 2)]


def test_no_run_cells_and_the_build_is_green(con):
    # build_warehouse fails the fixture on any failing dbt test; nothing follows the layout.
    assert con.execute("select count(*) from marts.fct_training_runs").fetchone() == (0,)
    assert con.execute("select count(*) from marts.fct_executions").fetchone() == (5,)


# --- the same tree under two results roots ------------------------------------------------

MARTS_COMPARED = {
    "fct_executions": "execution_id",
    "fct_tasks": "task_id",
    "fct_training_runs": "model, country, season, run",
    "fct_epoch_series": "model, country, season, run, epoch",
    "agg_projects": "project_name",
    "agg_project_daily": "project_name, day",
    "agg_model_slice": "model, country, season",
    "rpt_method_differences": "model, country, season, run",
    "rpt_pareto_front": "method, country, season, model",
}


def marts_snapshot(db: Path) -> dict[str, list[tuple]]:
    connection = duckdb.connect(str(db), read_only=True)
    try:
        snapshot = {}
        for mart, order in MARTS_COMPARED.items():
            columns = [
                c
                for (c,) in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [mart],
                ).fetchall()
                if c not in {"file_id", "source", "n_copies"}
            ]
            rows = connection.execute(
                f"select {', '.join(columns)} from marts.{mart} order by {order}"
            ).fetchall()
            # Floats to 12 significant digits: DuckDB's parallel aggregates (stddev) may
            # differ in the last bits between two builds of the same rows.
            snapshot[mart] = [
                tuple(float(f"{v:.12g}") if isinstance(v, float) else v for v in row)
                for row in rows
            ]
        return snapshot
    finally:
        connection.close()


def test_same_tree_under_two_roots_gives_the_marts_of_one_root(tmp_path):
    tree = tmp_path / "lab" / "Results"
    shutil.copytree(FIXTURE_RESULTS, tree)
    shutil.copytree(CODECARBON_FILES, tree / "other")
    mirror = tmp_path / "mirror" / "Results"
    shutil.copytree(tree, mirror)

    one_root = marts_snapshot(build_warehouse(tree, tmp_path / "one"))
    two_roots = marts_snapshot(build_warehouse([tree, mirror], tmp_path / "two"))

    assert one_root["fct_executions"] and one_root["fct_epoch_series"]
    for mart in MARTS_COMPARED:  # n_copies aside: the mirror's files are copies
        assert two_roots[mart] == one_root[mart], mart
    connection = duckdb.connect(str(tmp_path / "two" / "carbon.duckdb"), read_only=True)
    try:
        mirror_files, copies = connection.execute(
            "select (select count(distinct file_id) from intermediate.int_emission_rows_identified "
            "        where source like '%mirror%'), "
            "count(distinct copy_file_id) filter (where copy_source like '%mirror%') "
            "from marts.rpt_duplicate_measurements"
        ).fetchone()
    finally:
        connection.close()
    assert mirror_files > 10 and copies == mirror_files  # every mirror file is a copy


# --- real files: every execution total equals an independent computation -----------------


def _number(text):
    if text is None:
        return None
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _timestamp(text):
    if text is None or not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=None)
    except ValueError:
        return None


def _close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def independent_totals(con) -> dict[str, float]:
    """The rules of docs/dbt.md applied in Python to the raw rows: {execution: kg}."""
    present = {
        c.lower()
        for (c,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'codecarbon_rows'"
        ).fetchall()
    }

    def col(*names):
        found = [n for n in names if n in present]
        return f"coalesce({', '.join(found)})" if found else "null"

    raw = con.execute(
        f"""
        select r.file_id, {col("run_id")}, {col("task_name")}, {col("timestamp")},
               {col("project_name")}, {col("duration", "duration_sec")}, {col("emissions")}
        from raw.codecarbon_rows as r
        join raw.files as f on f.file_id = r.file_id
        where f.kind = 'emissions_csv' and f.status <> 'deleted'
          and not coalesce(r._deleted, false)
        """
    ).fetchall()
    rows = []
    for file_id, run_id, task, stamp, project, duration, emissions in raw:
        run_id = (run_id or "").strip() or None
        task = (task or "").strip() or None
        project = (project or "").strip() or None
        duration, emissions = _number(duration), _number(emissions)
        if duration is None and emissions is None:
            continue
        rows.append((file_id, run_id, task, _timestamp(stamp), project, duration, emissions))

    first_rows = {}
    for file_id, _, _, stamp, project, *_ in rows:
        key = (str(stamp) if stamp else "", project or "")
        first_rows[file_id] = min(first_rows.get(file_id, key), key)

    candidates = defaultdict(list)
    for file_id, run_id, task, stamp, _, duration, emissions in rows:
        execution_key = run_id or ("no-run-id", first_rows[file_id])
        candidates[(execution_key, task, stamp)].append((duration, emissions))

    snapshots, task_sums = {}, defaultdict(float)
    for (execution_key, task, _), values in candidates.items():
        values.sort(key=lambda v: (v[0] is None, v[0] or 0.0, v[1] is None, v[1] or 0.0))
        measurements = []
        for value in values:
            previous = measurements[-1] if measurements else None
            if previous and _close(value[0], previous[0]) and _close(value[1], previous[1]):
                continue
            measurements.append(value)
        for duration, emissions in measurements:
            if task is None:
                best = snapshots.get(execution_key)
                if best is None or (duration or -1.0) > (best[0] or -1.0):
                    snapshots[execution_key] = (duration, emissions)
            else:
                task_sums[execution_key] += emissions or 0.0
    totals = {key: value[1] for key, value in snapshots.items()}
    for key, value in task_sums.items():
        totals.setdefault(key, value)
    return totals


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    from conftest import shared_path

    real = shared_path("reference", "codecarbon_real")
    return build_warehouse(real, tmp_path_factory.mktemp("codecarbon_real"))


def test_codecarbon_real_totals_equal_an_independent_computation(real_db):
    connection = duckdb.connect(str(real_db), read_only=True)
    try:
        expected = independent_totals(connection)
        built = connection.execute(
            "select run_id, emissions_kg from marts.fct_executions"
        ).fetchall()
        by_run_id = {run_id: kg for run_id, kg in built if run_id is not None}
        expected_by_run_id = {k: v for k, v in expected.items() if isinstance(k, str)}
        assert len(built) == len(expected)
        assert by_run_id.keys() == expected_by_run_id.keys()
        for run_id, kg in expected_by_run_id.items():
            assert by_run_id[run_id] == pytest.approx(kg, rel=1e-12, abs=1e-15), run_id
        without_run_id = sorted(kg or 0.0 for run_id, kg in built if run_id is None)
        expected_without = sorted(v or 0.0 for k, v in expected.items() if not isinstance(k, str))
        assert without_run_id == pytest.approx(expected_without, rel=1e-12, abs=1e-15)
        # the two hand-checked runs
        assert by_run_id["0cc2961d-04a4-4417-999f-c4d03f601a26"] == pytest.approx(0.0393499086)
        assert by_run_id["2da35600-939e-4427-8262-5bd86551a797"] == pytest.approx(0.000153031791)
    finally:
        connection.close()


def test_codecarbon_real_alone_reports_projects(real_db, tmp_path):
    from reports.build import build_report

    result = build_report(real_db, tmp_path / "report")
    assert len(result.charts) >= 3
    assert {"project_emissions_over_time", "intensity_by_compute_country"} <= set(result.charts)
    assert (tmp_path / "report" / "charts" / "project_emissions_energy.png").stat().st_size > 0
    summary = result.summary_md.read_text(encoding="utf-8")
    assert "## Projects" in summary and "executions" in summary
    assert "0.000" not in summary.split("## Projects")[1]
    page = result.index_html.read_text(encoding="utf-8")
    assert 'id="projects"' in page and "codecarbon" in page


def test_a_warehouse_with_nothing_ingested_builds_green(cli, tmp_path):
    db = tmp_path / "bare.duckdb"
    duckdb.connect(str(db)).close()
    result = cli(["build", "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "nothing ingested yet" in result.output
