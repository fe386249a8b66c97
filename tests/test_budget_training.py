"""Budgets while training: the Keras callback (stop / warn) in a real tracked run, the
per-epoch predictor by hand, and a train-matrix budget skipping the right cells."""

from __future__ import annotations

import json
import warnings

import pytest

from models_tf.budget import Prior, expected_epochs, linear_final_kg, predict_final_kg
from models_tf.synth_data import write_synthetic

# The measured spend of a tiny run is ~1e-7 kg: negligible next to this prior, so the
# prediction is set by the prior. History (1, 1, 1, 10), at most 6 epochs: after epoch 1
# the run is expected to end at (1 + 1 + 1 + 6) / 4 = 2.25 epochs -> 1.25 x 0.1 = 0.125 kg;
# after epoch 2 only the long run got that far -> 4 epochs left x (2 x 0.1) / (1 + 2) =
# 0.267 kg; after epoch 3, 3 x (2 x 0.1) / (2 + 2) = 0.15 kg. A 0.2 kg budget is crossed
# at epoch 2 only.
PRIOR = Prior(kg_per_epoch=0.1, epochs_history=(1, 1, 1, 10), source="same-model")


def test_predictor_by_hand():
    assert linear_final_kg(3.0, 1, 10) == 30.0
    assert expected_epochs(1, 10, (4, 6, 12)) == pytest.approx((4 + 6 + 10) / 3)
    assert expected_epochs(5, 10, (4, 6)) == 6.0  # only the 6-epoch run got past 5
    assert expected_epochs(7, 10, (4, 6)) == 10.0  # beyond all history: epochs_max
    prior = Prior(kg_per_epoch=1.0, epochs_history=(4, 6))
    assert predict_final_kg(3.0, 1, 10, prior) == pytest.approx(3.0 + 4.0 * 1.0)
    # After 3 epochs (3, 2, 2 kg): both runs got that far (expected end 5); later epochs
    # observed at 2 kg (weight 2), the prior 1 kg (weight 2) -> 1.5 kg per epoch.
    assert predict_final_kg(7.0, 3, 10, prior, first_epoch_kg=3.0) == pytest.approx(
        7.0 + (5 - 3) * 1.5
    )
    assert predict_final_kg(3.0, 1, 10, Prior()) == linear_final_kg(3.0, 1, 10)


def tiny_model(look_back, horizon, n_features):
    import keras

    inputs = keras.Input((look_back, n_features))
    outputs = keras.layers.Dense(horizon)(keras.layers.Flatten()(inputs))
    return keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    write_synthetic(folder, "DK", "summer", seed=1, years=1)
    return folder


def train(data_dir, results, policy):
    from models_tf.callbacks import BudgetExceededWarning
    from models_tf.train import train_run

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", BudgetExceededWarning)
        report = train_run(
            "Tiny_Model",
            "DK",
            "summer",
            1,
            epochs=6,
            data_dir=data_dir,
            results_dir=results,
            builder=tiny_model,
            budget_kg=0.2,
            budget_policy=policy,
            budget_prior=PRIOR,
        )
    return report, [w for w in caught if issubclass(w.category, BudgetExceededWarning)]


def test_stop_policy_ends_training_at_the_epoch_the_prediction_crosses(data_dir, tmp_path):
    report, warned = train(data_dir, tmp_path, "stop")
    assert report["epochs_run"] == 2
    assert report["stopped_by_budget"] is True
    assert (report["budget_kg"], report["budget_policy"]) == (0.2, "stop")
    assert report["estimate_source"] == "same-model"
    predicted = [h["predicted_final_kg"] for h in report["history"]]
    assert predicted[0] == pytest.approx(0.125, rel=1e-3)
    assert predicted[1] == pytest.approx(0.8 / 3, rel=1e-3)
    assert len(warned) == 1 and "stopping" in str(warned[0].message)
    on_disk = json.loads(
        (
            tmp_path / "reports/Tiny_Model/Denmark/summer/Tiny_Model_Denmark_summer_run1.json"
        ).read_text()
    )
    assert on_disk["stopped_by_budget"] is True and "predicted_final_kg" in on_disk["history"][0]


def test_warn_policy_only_warns(data_dir, tmp_path):
    report, warned = train(data_dir, tmp_path, "warn")
    assert report["epochs_run"] == 6
    assert report["stopped_by_budget"] is False
    assert len(warned) == 1 and "continuing" in str(warned[0].message)
    assert all(h["predicted_final_kg"] is not None for h in report["history"])


def test_callback_rejects_a_bad_policy():
    from models_tf.callbacks import CarbonBudgetCallback

    with pytest.raises(ValueError, match="stop or warn"):
        CarbonBudgetCallback(1.0, epochs_max=3, policy="pause")


def _run(model, kg_per_epoch, epochs=5):
    from warehouse.budget_marts import RunCost

    return RunCost(
        model, "Germany", "DE", "summer", f"{model}_run", 1000, epochs, 30, 14220, False,
        kg_per_epoch * epochs, None, None, "CPU X", None,
    )  # fmt: skip


def test_matrix_budget_skips_the_cells_over_what_is_left(monkeypatch):
    from models_tf.matrix import plan
    from warehouse.matrix_budget import MatrixBudget

    monkeypatch.setattr("warehouse.commands.budgets.this_hardware", lambda: "CPU X")
    monkeypatch.setattr("warehouse.commands.budgets.this_gpu", lambda: None)
    # Same-model estimates: DLinear 5 x 1 g = 5 g, Transformer 5 x 3 g = 15 g, Informer 5 x 0.5 g.
    runs = [
        _run("DLinear_Model", 1e-3),
        _run("Transformer_Model", 3e-3),
        _run("Informer_Model", 5e-4),
    ]
    cells = plan(["DLinear_Model", "Transformer_Model", "Informer_Model"], ["DE"], ["summer"], 1)
    budget = MatrixBudget(0.01, cells, runs=runs)
    assert budget(cells[0]) is None  # 5 g of 10 g
    cells[0].status, cells[0].emissions_kg = "ok", 0.006  # it measured 6 g: 4 g left
    reason = budget(cells[1])
    assert reason and "exceeds the 0.004 kg left" in reason  # 15 g > 4 g: skipped
    assert budget(cells[2]) is None  # 2.5 g fits in 4 g


def test_train_matrix_shows_skipped_budget_cells(cli, tmp_path, monkeypatch, data_dir):
    monkeypatch.setenv("CARBONWH_DB", str(tmp_path / "empty.duckdb"))  # flops defaults
    result = cli(
        [
            "train-matrix", "--models", "DLinear_Model,Transformer_Model", "--countries", "DK",
            "--seasons", "summer", "--budget-kg", "1e-12", "--data-dir", data_dir,
            "--results-dir", tmp_path / "Results",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.count("skipped (budget)") == 2
    assert "0 trained, 2 skipped, 0 failed" in result.stdout
    assert not (tmp_path / "Results" / "reports").exists()
