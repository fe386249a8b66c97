"""Re-training a run cell on other data than its earlier executions stops the runner
(unless --force); the run report carries `synthetic` and the data of earlier executions."""

from __future__ import annotations

import json

import pytest

from models_tf.synth_data import write_synthetic
from models_tf.train import TrainError, main, train_run

REPORT = "reports/Tiny_Model/Denmark/summer/Tiny_Model_Denmark_summer_run1.json"
EMISSIONS = "emissions/Tiny_Model/Denmark/summer/Tiny_Model_Denmark_summer_run1_emissions.csv"


def tiny_model(look_back, horizon, n_features):
    import keras

    inputs = keras.Input((look_back, n_features))
    return keras.Model(inputs, keras.layers.Dense(horizon)(keras.layers.Flatten()(inputs)))


def _train(data_dir, results, **kwargs):
    return train_run(
        "Tiny_Model", "DK", "summer", 1, quick=True, data_dir=data_dir,
        results_dir=results, builder=tiny_model, **kwargs,
    )  # fmt: skip


def test_other_data_stops_the_runner_unless_forced(tmp_path, capsys):
    demo, real, results = tmp_path / "demo", tmp_path / "real", tmp_path / "Results"
    write_synthetic(demo, "DK", "summer", seed=1, years=1)
    real_file = write_synthetic(real, "DK", "summer", seed=2, years=1)
    real_file.with_name(real_file.name + ".meta.json").unlink()  # no marker: real data

    first = _train(demo, results)
    assert first["synthetic"] is True and first["data_history"] == []
    again = _train(demo, results)  # same data: a re-execution, allowed
    assert [h["data_sha256"] for h in again["data_history"]] == [first["data_sha256"]]

    before = (results / EMISSIONS).read_bytes(), (results / REPORT).read_bytes()
    with pytest.raises(TrainError, match="trained on other data before") as caught:
        _train(real, results)
    message = str(caught.value)
    assert "synthetic" in message and "real" in message and "--force" in message
    assert "Tiny_Model_Denmark_summer_run1" in message
    assert ((results / EMISSIONS).read_bytes(), (results / REPORT).read_bytes()) == before

    # The runner's command line says it in one line and exits 2 (bad input).
    code = main(
        ["--model", "Tiny_Model", "--country", "DK", "--season", "summer", "--run", "1",
         "--quick", "--data-dir", str(real), "--results-dir", str(results)]
    )  # fmt: skip
    assert code == 2
    assert (
        "error: Tiny_Model_Denmark_summer_run1 was trained on other data" in capsys.readouterr().err
    )
    forced = _train(real, results, force=True)
    assert forced["synthetic"] is False
    history = forced["data_history"]
    assert [h["synthetic"] for h in history] == [True, True]
    assert {h["data_sha256"] for h in history} == {first["data_sha256"]}
    on_disk = json.loads((results / REPORT).read_text())
    assert on_disk["data_sha256"] != first["data_sha256"] and len(on_disk["data_history"]) == 2
