"""Carbon budgets over a real warehouse (ingest + dbt) with known per-epoch costs.

The tree (all on CPU "Test EPYC", 1000 training windows, epochs_max 10, kWh = kg x 2.5):
- DLinear_Model Germany summer run1: epochs [3, 1, 1, 1] g -> 6 g, stopped early at 4;
  run2: [3, 1, 1, 1, 1, 1] g -> 8 g, stopped at 6; Denmark summer run1: 5 x 2 g -> 10 g.
- Transformer_Model Germany summer run1, run2: 10 x 2 g; run3 (newest): 10 x 4 g (too few
  earlier executions to be a regression; `regression_db` adds the third).
- Missing measurements (reports only, `emissions_status` missing): DLinear_Model Germany
  summer run3 (5 epochs) and Informer_Model Germany summer run1 (3 epochs).
Every expected figure below is worked out by hand from these numbers.
"""

from __future__ import annotations

import json
import math
import uuid
from pathlib import Path

import duckdb
import pytest
from fixtures_warehouse import build_warehouse
from results_tree import HEADER

CPU = "Test EPYC"
G = 1e-3  # kg per gram


def write_cell(root: Path, model, country, season, number, epoch_kg=None, epochs=None, mae=5.0):
    """One run: per-epoch kg (cumulative CodeCarbon rows + report) or, with `epoch_kg`
    None, a report whose emissions are missing (no CSV)."""
    run = f"{model}_{country}_{season}_run{number}"
    run_id = str(uuid.uuid5(uuid.NAMESPACE_URL, run))
    measured = epoch_kg is not None
    epochs = len(epoch_kg) if measured else epochs
    history, rows, total = [], [], 0.0
    for epoch in range(1, epochs + 1):
        total += epoch_kg[epoch - 1] if measured else 0.0
        history.append({"epoch": epoch, "loss": 1 / epoch, "val_loss": 1 / epoch})
        if measured:
            history[-1]["emissions_kg"] = total
            kwh, seconds = total * 2.5, 10.0 * epoch
            rows.append(
                f"2025-08-{number:02d}T01:00:{epoch:02d},{run},{run_id},exp,{seconds},{total},"
                f"{total / seconds},20.0,0.0,5.0,{kwh * 0.8},0.0,{kwh * 0.2},{kwh},Germany,DEU,,,,"
                f"Linux,3.11.9,3.3.2,2,{CPU},0,,,,8.0,machine,N,1.0"
            )
    if measured:
        path = root / "emissions" / model / country / season / f"{run}_emissions.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = {
        "model": model,
        "country": country,
        "season": season,
        "run": run,
        "metrics": {"mae": mae, "rmse": mae, "mse": mae**2, "mape": 0.1, "r2": 0.5},
        "codecarbon_run_id": run_id if measured else None,
        "emissions_status": "measured" if measured else "missing: no CodeCarbon row",
        "epochs_run": epochs,
        "epochs_max": 10,
        "quick": False,
        "train_windows": 1000,
        "hardware": {"cpu_model": CPU},
        "history": history,
        "started_at": f"2025-08-{number:02d}T01:00:00",
    }
    path = root / "reports" / model / country / season / f"{run}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report), encoding="utf-8")


@pytest.fixture(scope="module")
def budget_db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("budget_results")
    write_cell(root, "DLinear_Model", "Germany", "summer", 1, [3 * G, G, G, G], mae=4.0)
    write_cell(root, "DLinear_Model", "Germany", "summer", 2, [3 * G, G, G, G, G, G], mae=4.5)
    write_cell(root, "DLinear_Model", "Denmark", "summer", 1, [2 * G] * 5)
    write_cell(root, "Transformer_Model", "Germany", "summer", 1, [2 * G] * 10)
    write_cell(root, "Transformer_Model", "Germany", "summer", 2, [2 * G] * 10)
    write_cell(root, "Transformer_Model", "Germany", "summer", 3, [4 * G] * 10)
    write_cell(root, "DLinear_Model", "Germany", "summer", 3, None, epochs=5)
    write_cell(root, "Informer_Model", "Germany", "summer", 1, None, epochs=3)
    return build_warehouse(root, tmp_path_factory.mktemp("budget_wh"))


def estimate(cli, db, *args):
    hardware = ([] if "--hardware" in args else ["--hardware", CPU]) + ["--gpu", "none"]
    result = cli(["estimate", *args, *hardware, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_same_model_uses_slice_costs_and_early_stopping_history(cli, budget_db):
    got = estimate(cli, budget_db, "DLinear_Model", "--country", "DE", "--season", "summer")
    # Per-epoch cost of the two Germany runs: 6/4 = 1.5 g and 8/6 = 1.333 g -> 1.4167 g.
    # Expected epochs: the model's history 4, 6, 5 (both slices), all under 30 -> 5.
    assert got["source"] == "same-model" and got["n_runs_used"] == 2
    assert got["epochs_expected"] == pytest.approx(5.0)
    assert got["emissions_kg"] == pytest.approx((1.5 + 4 / 3) / 2 * 5 * G)
    assert got["energy_kwh"] == pytest.approx(got["emissions_kg"] * 2.5)
    assert got["duration_s"] == pytest.approx(50.0)  # 10 s per epoch x 5
    # 80 % interval over cost x epochs: sorted 5.333 6 6.667 7.5 8 9 g -> q10 5.667, q90 8.5.
    assert got["emissions_kg_low"] == pytest.approx(17 / 3 * G)
    assert got["emissions_kg_high"] == pytest.approx(8.5 * G)
    assert set(got) >= {"model", "country", "season", "duration_s"}


def test_planned_epochs_cap_the_history(cli, budget_db):
    got = estimate(
        cli, budget_db, "DLinear_Model", "--country", "DE", "--season", "summer", "--epochs", "4"
    )
    assert got["epochs_expected"] == pytest.approx(4.0)  # min(4,4), min(6,4), min(5,4)
    assert got["emissions_kg"] == pytest.approx((1.5 + 4 / 3) / 2 * 4 * G)


def test_other_slice_falls_back_to_any_slice(cli, budget_db):
    got = estimate(cli, budget_db, "DLinear_Model", "--country", "ES", "--season", "summer")
    # All three DLinear runs: (1.5 + 1.333 + 2) / 3 g per epoch x 5 epochs.
    assert got["source"] == "same-model" and got["n_runs_used"] == 3
    assert got["emissions_kg"] == pytest.approx((1.5 + 4 / 3 + 2) / 3 * 5 * G)


def test_cross_model_fits_cost_against_params(cli, budget_db):
    got = estimate(cli, budget_db, "Informer_Model", "--country", "DE", "--season", "summer")
    # Windows are all 1000 (no variation): log(cost) on log(params) only. With two
    # parameter counts the fit goes through the geometric means of each group.
    dlinear = (1.5 * (4 / 3) * 2) ** (1 / 3)  # g per epoch, 10512 params
    transformer = (2 * 2 * 4) ** (1 / 3)  # 12972 params
    slope = math.log(transformer / dlinear) / math.log(12972 / 10512)
    per_epoch = dlinear * (8428 / 10512) ** slope  # Informer_Model: 8428 params
    epochs = (4 + 6 + 5 + 10 + 10 + 10) / 6  # no Informer history: every run's epochs
    assert got["source"] == "cross-model" and got["n_runs_used"] == 6
    assert got["epochs_expected"] == pytest.approx(epochs)
    assert got["emissions_kg"] == pytest.approx(per_epoch * epochs * G, rel=1e-9)
    assert got["emissions_kg_low"] < got["emissions_kg"] < got["emissions_kg_high"]


def test_flops_level_is_calibrated_on_the_warehouse(cli, budget_db):
    got = estimate(
        cli,
        budget_db,
        "Mamba_Model",
        "--country",
        "DE",
        "--season",
        "summer",
        "--hardware",
        "Other",
    )
    # Energy per FLOP: median over the six runs of kWh / (6 x params x 1000 x epochs).
    runs = [(6, 4, 10512), (8, 6, 10512), (10, 5, 10512)] + [(20, 10, 12972)] * 2
    runs += [(40, 10, 12972)]
    per_flop = sorted(g * G * 2.5 / (6 * p * 1000 * e) for g, e, p in runs)
    kwh_per_flop = (per_flop[2] + per_flop[3]) / 2
    energy = 6 * 246664 * 1000 * 30 * kwh_per_flop  # Mamba_Model: 246664 params, 30 epochs
    assert got["source"] == "flops" and got["epochs_expected"] == 30
    assert got["energy_kwh"] == pytest.approx(energy)
    assert got["emissions_kg"] == pytest.approx(energy / 2.5)  # 0.4 kg per kWh
    assert got["emissions_kg_low"] == pytest.approx(got["emissions_kg"] / 3)


def test_flops_defaults_on_an_empty_warehouse(cli, tmp_path):
    from warehouse import estimate as est

    got = estimate(
        cli, tmp_path / "none.duckdb", "DLinear_Model", "--country", "DE", "--season", "summer"
    )
    energy = 6 * 10512 * est.DEFAULT_TRAIN_WINDOWS * 30 * est.DEFAULT_KWH_PER_FLOP
    assert got["source"] == "flops" and got["n_runs_used"] == 0
    assert got["emissions_kg"] == pytest.approx(energy * est.DEFAULT_KG_PER_KWH)


def test_unknown_model_is_bad_input(cli, budget_db):
    result = cli(
        ["estimate", "No_Such_Model", "--country", "DE", "--season", "summer", "--db", budget_db]
    )
    assert result.exit_code == 2 and "unknown model" in result.output


def test_missing_emissions_are_estimated_not_zero(budget_db):
    con = duckdb.connect(str(budget_db), read_only=True)
    rows = con.execute(
        "select run, emissions_kg, is_estimated, estimated_emissions_kg, estimate_source "
        "from marts.fct_training_runs where is_estimated order by run"
    ).fetchall()
    assert rows == [
        # Same model and slice: (1.5 + 1.333) / 2 g per epoch x its 5 epochs.
        (
            "DLinear_Model_Germany_summer_run3",
            None,
            True,
            pytest.approx(85 / 12 * G),
            "same-model-slice",
        ),
        # No Informer run measured: the median per-epoch cost of all runs (1.333 1.5 2 2 2 4
        # -> 2 g) x its 3 epochs.
        ("Informer_Model_Germany_summer_run1", None, True, pytest.approx(6 * G), "all-models"),
    ]
    agg = con.execute(
        "select n_runs, n_estimated, total_emissions_kg_measured, total_emissions_kg_with_estimates "
        "from marts.agg_model_slice where model = 'DLinear_Model' and country = 'Germany'"
    ).fetchone()
    assert agg == (3, 1, pytest.approx(14 * G), pytest.approx(14 * G + 85 / 12 * G))


def test_backtest_scores_both_rules(cli, budget_db):
    result = cli(["estimate-backtest", "--db", budget_db, "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["subset"], r["method"], r["after_epochs"]): r for r in json.loads(result.output)}
    # DLinear Germany run1 after epoch 1: linear 3 g x 10 = 30 g vs 6 g (400 %); run2 30 g
    # vs 8 g (275 %). Ours: 3 g + (expected 5.5 - 1) x the other run's later-epoch cost.
    early = rows[("early-stopped", "linear", 1)]
    assert early["n_runs"] == 3  # the three DLinear runs stopped before 10 epochs
    dk_linear = abs(2 * 10 - 10) / 10
    assert early["mape_pct"] == pytest.approx(100 * (4.0 + 2.75 + dk_linear) / 3)
    ours = rows[("early-stopped", "carbonwh", 1)]
    assert ours["mape_pct"] < early["mape_pct"] / 2
    assert {r["method"] for r in rows.values()} == {"linear", "carbonwh", "preflight"}
    assert rows[("all", "linear", 3)]["n_runs"] == 6


def test_check_exit_codes(cli, budget_db, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    ok = cli(["check", "--db", budget_db, "--max-total-kg", "1", "--max-run-kg", "0.05"])
    assert ok.exit_code == 0, ok.output
    assert "passed" in ok.output and "passed" in summary.read_text()
    # Total: 6 + 8 + 10 + 20 + 20 + 40 measured + 7.083 + 6 estimated g = 117.08 g.
    over = cli(["check", "--db", budget_db, "--max-total-kg", "0.1", "--max-run-kg", "0.025"])
    assert over.exit_code == 1
    assert "total 0.117083 kg" in over.output
    assert "Transformer_Model_Germany_summer_run3" in over.output  # 40 g > 25 g
    assert over.stdout.count("exceeds --max-run-kg") == 1  # one run over; stderr repeats it
    # Two earlier executions are too few to call the 4 g/epoch run a regression.
    assert cli(["check", "--db", budget_db, "--regressions"]).exit_code == 0
    assert cli(["check", "--db", budget_db, "--since", "yesterday"]).exit_code == 2
    assert cli(["check", "--db", tmp_path / "absent.duckdb"]).exit_code == 2
    later = cli(["check", "--db", budget_db, "--since", "2025-08-03", "--max-run-kg", "0.025"])
    assert later.exit_code == 1 and "| runs since 2025-08-03 | 1 |" in later.output


@pytest.fixture(scope="module")
def regression_db(tmp_path_factory) -> Path:
    """Three earlier executions at 2 g per epoch, then a newest one at 4 g per epoch."""
    root = tmp_path_factory.mktemp("regression_results")
    for number in (1, 2, 3):
        write_cell(root, "Transformer_Model", "Germany", "summer", number, [2 * G] * 10)
    write_cell(root, "Transformer_Model", "Germany", "summer", 4, [4 * G] * 10)
    return build_warehouse(root, tmp_path_factory.mktemp("regression_wh"))


def test_check_fails_on_a_regression(cli, regression_db):
    regression = cli(["check", "--db", regression_db, "--regressions"])
    assert regression.exit_code == 1, regression.output
    assert "regression Transformer_Model Germany Summer" in regression.output


def test_model_card_block(cli, budget_db):
    result = cli(
        ["model-card", "DLinear_Model", "--country", "DE", "--season", "summer", "--db", budget_db]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "co2_eq_emissions:" in lines
    assert "  emissions: 6" in lines  # best MAE run: run1, 6 g
    assert '  geographical_location: "Germany"' in lines
    assert f'  hardware_used: "{CPU}"' in lines
    assert '  training_type: "pre-training"' in lines


def test_hardware_match_needs_the_same_cpu_and_gpu():
    from warehouse.budget_marts import RunCost
    from warehouse.estimate import on_hardware

    def run(cpu, gpu):
        return RunCost(
            "M", "Germany", "DE", "summer", "r", 1, 1, 1, 1, False, 1.0, None, None, cpu, gpu
        )  # fmt: skip

    assert on_hardware(run("AMD  EPYC", None), "amd epyc", None)
    assert not on_hardware(run("AMD EPYC", None), "Intel Xeon", None)
    assert on_hardware(run("AMD EPYC", "1 x NVIDIA H200"), "AMD EPYC", "NVIDIA H200")
    assert not on_hardware(run("AMD EPYC", "1 x NVIDIA H200"), "AMD EPYC", None)
    assert not on_hardware(run("AMD EPYC", None), "AMD EPYC", "NVIDIA H200")
    assert not on_hardware(run("AMD EPYC", "1 x NVIDIA A100"), "AMD EPYC", "NVIDIA H200")
