"""Scheduling decisions flow raw -> dbt: ingest loads the decision files, the marts agree with
`schedule-backtest --json`, payback weighs training kg against saved kg; the energy-mix seed
equals the installed CodeCarbon's data."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

SEED = (
    Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "codecarbon_energy_mix.csv"
)


def test_energy_mix_seed_equals_the_installed_codecarbon():
    from models_tf.scheduling import ENERGY_MIX_COLUMNS, energy_mix_rows

    with SEED.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == ENERGY_MIX_COLUMNS
        seed = list(reader)
    expected = [
        {k: "" if v is None else str(v) for k, v in row.items()} for row in energy_mix_rows()
    ]
    assert seed == expected
    assert {"DEU", "DNK", "ESP", "HUN"} <= {row["iso_code"] for row in seed}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    """A quick DLinear run on synthetic DE summer data, a backtest, ingest and dbt build."""
    from fixtures_warehouse import build_warehouse
    from typer.testing import CliRunner

    from models_tf.synth_data import write_synthetic
    from models_tf.train import train_run
    from warehouse.cli import app

    base = tmp_path_factory.mktemp("schedule_wh")
    data, results = base / "data", base / "Results"
    write_synthetic(data, "DE", "summer", seed=5, years=2)
    train_run(
        "DLinear_Model", "DE", "summer", 1, quick=True, epochs=1, data_dir=data, results_dir=results
    )
    args = [
        "schedule-backtest", "--country", "DE", "--season", "summer",
        "--policies", "now,random,persistence,oracle,DLinear_Model",
        "--durations", "1,4", "--deadlines", "24,48", "--every", "12",
        "--data-dir", str(data), "--results-dir", str(results), "--json",
    ]  # fmt: skip
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return build_warehouse(results, base), json.loads(result.stdout), results, data


def _rows(db: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def test_decision_files_are_ingested_as_their_own_kind(warehouse):
    db, *_ = warehouse
    files = _rows(
        db, "select path, status, n_rows from raw.files where kind = 'schedule_decisions'"
    )
    assert sorted(Path(f["path"]).name for f in files) == sorted(
        f"{p}_decisions.csv" for p in ("now", "random", "persistence", "oracle", "DLinear_Model")
    )
    assert all(f["status"] == "loaded" and f["n_rows"] > 0 for f in files)
    (count,) = _rows(db, "select count(*) as n from marts.fct_schedule_decisions")[0].values()
    assert count == sum(f["n_rows"] for f in files)


def test_backtest_mart_equals_the_commands_figures(warehouse):
    db, printed, *_ = warehouse
    mart = {
        (r["policy"], r["duration_h"], r["deadline_h"]): r
        for r in _rows(db, "select * from marts.rpt_schedule_backtest")
    }
    assert len(mart) == len(printed) == 5 * 2 * 2
    for row in printed:
        built = mart[(row["policy"], row["duration_h"], row["deadline_h"])]
        assert built["n_arrivals"] == row["n_arrivals"]
        assert built["model"] == row["model"]
        for key in ("mean_share_pct", "gain_pp", "oracle_capture", "co2_reduction_pct",
                    "co2_reduction_vs_random_pct", "forecast_mae_pp"):  # fmt: skip
            if row[key] is None:
                assert built[key] is None, key
            else:
                assert built[key] == pytest.approx(row[key], abs=1e-3), key


def test_payback_weighs_training_emissions_against_saved_co2(warehouse):
    db, *_ = warehouse
    (payback,) = _rows(db, "select * from marts.rpt_forecaster_payback")
    assert payback["model"] == "DLinear_Model" and payback["job_kwh"] == 10
    (training,) = _rows(
        db,
        "select mean_emissions_kg from marts.agg_model_slice "
        "where model = 'DLinear_Model' and country = 'Germany' and season = 'summer'",
    )
    assert payback["training_emissions_kg"] == pytest.approx(training["mean_emissions_kg"])
    (saved,) = _rows(
        db,
        "select avg(now_intensity_g_per_kwh - intensity_g_per_kwh) * 10 / 1000 as kg "
        "from marts.fct_schedule_decisions "
        "where policy = 'DLinear_Model' and duration_h = 4 and deadline_h = 24",
    )
    assert payback["saved_kg_per_job"] == pytest.approx(saved["kg"])
    if payback["saved_kg_per_job"] > 0:
        assert payback["jobs_to_payback"] == pytest.approx(
            payback["training_emissions_kg"] / payback["saved_kg_per_job"]
        )
    else:
        assert payback["jobs_to_payback"] is None


def test_a_damaged_decision_file_is_quarantined_with_its_line(tmp_path):
    from ingest import load

    folder = tmp_path / "Results" / "scheduling" / "Germany" / "summer"
    folder.mkdir(parents=True)
    from ingest.schedule_decisions import COLUMNS

    (folder / "now_decisions.csv").write_text(",".join(COLUMNS) + "\n" + "DE,Germany,summer\n")
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    load(con, [tmp_path / "Results"])
    status, error = con.execute("select status, error from raw.files").fetchone()
    assert status == "quarantined" and "line 2" in error
    assert con.execute("select count(*) from raw.schedule_decisions").fetchone()[0] == 0


def test_report_leads_with_one_sentence_per_slice_and_has_the_backtest(warehouse, tmp_path):
    from reports.build import build_report

    db, printed, *_ = warehouse
    result = build_report(db, tmp_path / "out")
    summary = result.summary_md.read_text(encoding="utf-8").splitlines()
    assert summary[0] == "# Carbon warehouse summary"
    lead = summary[2]
    assert lead.startswith("- Germany summer, 4 h jobs within 24 h: the best forecaster")
    row = next(
        r for r in printed if r["policy"] == "now" and (r["duration_h"], r["deadline_h"]) == (4, 24)
    )
    assert f"from {row['now_share_pct']:.1f} % (start now)" in lead
    assert f"(oracle {row['oracle_share_pct']:.1f} %)" in lead and "CO₂" in lead
    table = (tmp_path / "out" / "tables" / "schedule_backtest.tex").read_text(encoding="utf-8")
    assert table.count("\\\\") == 1 + len(printed)  # header + one line per backtest row
    assert (tmp_path / "out" / "charts" / "schedule_share_by_policy.svg").is_file()
    assert "schedule_share_by_policy" in result.charts  # a report chart like the others
    assert 'id="vis-schedule_share_by_policy"' in result.index_html.read_text(encoding="utf-8")


def test_best_is_the_lowest_mae_model_with_a_saved_model(warehouse, cli, tmp_path):
    db, _, results, data = warehouse
    common = ["--country", "DE", "--season", "summer", "--data-dir", data, "--results-dir", results]
    result = cli(["forecast", *common, "--model", "best", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model"] == "DLinear_Model"
    # the ranked model has no saved model under another results root: one line, exit 2
    result = cli(["schedule", *common[:-1], tmp_path, "--model", "best", "--db", db,
                  "--duration", "4", "--deadline", "24"])  # fmt: skip
    assert result.exit_code == 2 and "no saved model for DLinear_Model" in result.stderr
    # no warehouse at all
    result = cli(["forecast", *common, "--model", "best", "--db", tmp_path / "none.duckdb"])
    assert result.exit_code == 2 and "needs the warehouse" in result.stderr
