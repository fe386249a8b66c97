"""One tracked training run: the run report, its history and the CodeCarbon rows."""

from __future__ import annotations

import csv
import json

import pytest

from models_tf.synth_data import write_synthetic

REPORT_KEYS = {
    "model",
    "country",
    "country_code",
    "season",
    "run",
    "metrics",
    "emissions_csv",
    "codecarbon_run_id",
    "params",
    "epochs_run",
    "emissions_status",
    "history",
    "started_at",
    "finished_at",
    "hardware",
    "software",
    "git_commit",
    "dependency_hash",
    "seed",
    "data_file",
    "data_sha256",
    "synthetic",
}


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


@pytest.fixture(scope="module")
def trained(data_dir, tmp_path_factory):
    """One quick run, shared by the tests that only read its outputs."""
    from models_tf.train import train_run

    results = tmp_path_factory.mktemp("Results")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("ENTRY_MODEL_NAME", "Env_Model")  # the explicit model must win
        env.setenv("COUNTRY_CODE", "DE")
        report = train_run(
            "Tiny_Model",
            "DK",
            "summer",
            2,
            quick=True,
            data_dir=data_dir,
            results_dir=results,
            builder=tiny_model,
        )
    return report, results


def test_report_file_has_the_contract_fields(trained):
    report, results = trained
    path = results / "reports/Tiny_Model/Denmark/summer/Tiny_Model_Denmark_summer_run2.json"
    on_disk = json.loads(path.read_text())
    assert REPORT_KEYS <= set(on_disk)
    assert on_disk["run"] == "Tiny_Model_Denmark_summer_run2" and on_disk["run_number"] == 2
    assert (on_disk["model"], on_disk["country"], on_disk["country_code"]) == (
        "Tiny_Model",
        "Denmark",
        "DK",
    )
    assert set(on_disk["metrics"]) == {"mae", "rmse", "mse", "mape", "r2"}
    assert on_disk["metrics"]["rmse"] == pytest.approx(on_disk["metrics"]["mse"] ** 0.5)
    assert isinstance(on_disk["params"], int) and on_disk["params"] == 72 * 72 + 72
    assert on_disk["emissions_status"] == "measured"
    assert on_disk["synthetic"] is True
    assert on_disk["seed"] == 42 + 1  # run N uses seed + N - 1
    assert len(on_disk["data_sha256"]) == 64
    assert {"python", "tensorflow", "keras", "codecarbon"} <= set(on_disk["software"])
    assert {"cpu_model", "cpu_cores", "ram_gb", "gpu"} <= set(on_disk["hardware"])
    assert "NaN" not in path.read_text() and "Infinity" not in path.read_text()


def test_quick_caps_epochs_and_steps(trained):
    report, _ = trained
    assert report["epochs_run"] == len(report["history"]) <= 2
    assert report["steps_per_epoch"] <= 50


def test_history_is_cumulative_and_matches_the_csv(trained):
    report, results = trained
    csv_path = results / report["emissions_csv"]
    assert report["emissions_csv"] == (
        "emissions/Tiny_Model/Denmark/summer/Tiny_Model_Denmark_summer_run2_emissions.csv"
    )
    with csv_path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == report["epochs_run"] + 1  # one per epoch, one at stop
    assert {row["run_id"] for row in rows} == {report["codecarbon_run_id"]}
    history = report["history"]
    assert [h["emissions_kg"] for h in history] == [float(r["emissions"]) for r in rows[:-1]]
    assert [h["energy_kwh"] for h in history] == [float(r["energy_consumed"]) for r in rows[:-1]]
    totals = [float(r["emissions"]) for r in rows]
    assert totals == sorted(totals)
    assert report["emissions_kg"] == float(rows[-1]["emissions"])
    assert all(h["loss"] is not None and h["val_loss"] is not None for h in history)


def test_same_seed_same_metrics(trained, data_dir, tmp_path):
    from models_tf.train import train_run

    report, _ = trained
    again = train_run(
        "Tiny_Model",
        "DK",
        "summer",
        2,
        quick=True,
        data_dir=data_dir,
        results_dir=tmp_path,
        builder=tiny_model,
    )
    assert again["metrics"] == report["metrics"]


def test_training_completes_when_codecarbon_fails(data_dir, tmp_path, monkeypatch):
    import codecarbon

    from models_tf.tracking import EmissionsMissingWarning
    from models_tf.train import train_run

    def broken(**kwargs):
        raise RuntimeError("RAPL unavailable")

    monkeypatch.setattr(codecarbon, "OfflineEmissionsTracker", broken)
    with pytest.warns(EmissionsMissingWarning, match="RAPL unavailable"):
        report = train_run(
            "Tiny_Model",
            "DK",
            "summer",
            1,
            epochs=1,
            quick=True,
            data_dir=data_dir,
            results_dir=tmp_path,
            builder=tiny_model,
        )
    assert report["metrics"]["mae"] is not None
    assert report["emissions_status"].startswith("missing: ")
    assert "RAPL unavailable" in report["emissions_status"]
    assert report["codecarbon_run_id"] is None
    assert report["history"][0]["emissions_kg"] is None
    assert any("emissions missing" in note for note in report["warnings"])


def test_strict_json_writes_null_for_non_finite(tmp_path):
    import numpy as np

    from models_tf.report import write_json

    path = write_json(tmp_path / "r.json", {"a": float("nan"), "b": [np.float32("inf"), 1.5]})
    assert json.loads(path.read_text()) == {"a": None, "b": [None, 1.5]}


def test_regression_metrics_in_original_units():
    import numpy as np

    from models_tf.train import regression_metrics

    actual = np.array([[0.0, 10.0, 20.0]])
    predicted = np.array([[1.0, 12.0, 17.0]])
    metrics = regression_metrics(actual, predicted)
    assert metrics["mae"] == pytest.approx(2.0)
    assert metrics["mse"] == pytest.approx(14 / 3)
    assert metrics["mape"] == pytest.approx((0.2 + 0.15) / 2)  # zero actuals excluded
    assert metrics["r2"] == pytest.approx(1 - 14 / 200)


def test_cli_rejects_unknown_model(cli, data_dir, tmp_path):
    result = cli(
        ["train", "--model", "Nope_Model", "--country", "DK", "--season", "summer"]
        + ["--data-dir", data_dir, "--results-dir", tmp_path]
    )
    assert result.exit_code == 2
    assert "unknown model 'Nope_Model'" in result.output


def test_environment_conventions_alone_drive_a_run(data_dir, tmp_path, monkeypatch):
    """What the matrix harness relies on: a run configured only through the environment."""
    from models_tf.train import train_run

    monkeypatch.setenv("ENTRY_MODEL_NAME", "Tiny_Model")
    monkeypatch.setenv("COUNTRY_CODE", "dk")
    monkeypatch.setenv("BIONET_SEASON", "SUMMER")
    monkeypatch.setenv("CARBONWH_RUN", "4")
    monkeypatch.setenv("CARBONWH_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CARBONWH_RESULTS_DIR", str(tmp_path))
    report = train_run(epochs=1, quick=True, builder=tiny_model)
    assert report["run"] == "Tiny_Model_Denmark_summer_run4"
    assert (
        tmp_path / "reports/Tiny_Model/Denmark/summer/Tiny_Model_Denmark_summer_run4.json"
    ).is_file()
    assert (tmp_path / report["emissions_csv"]).is_file()
    assert report["epochs_run"] == 1


def two_input_model(look_back, horizon, n_features):
    """Like TFT v1 of the reference: a series input plus a static input."""
    import keras

    series = keras.Input((look_back, n_features), name="series")
    static = keras.Input((1,), name="static")
    flat = keras.layers.Flatten()(series)
    outputs = keras.layers.Dense(horizon)(keras.layers.Concatenate()([flat, static]))
    return keras.Model([series, static], outputs)


def test_multi_input_models_train_with_zeros_for_extra_inputs(data_dir, tmp_path):
    from models_tf.train import train_run

    report = train_run(
        "Two_Input_Model",
        "DK",
        "summer",
        1,
        epochs=1,
        quick=True,
        data_dir=data_dir,
        results_dir=tmp_path,
        builder=two_input_model,
    )
    assert report["metrics"]["mae"] is not None
    assert report["epochs_run"] == 1
