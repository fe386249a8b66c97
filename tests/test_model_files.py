"""Trained models are kept: every zoo variant saves to `.keras`, loads back in safe mode and
predicts in percent through `Forecaster` (N-BEATS' flat input, TFT v1's second input)."""

from __future__ import annotations

import numpy as np
import pytest

from models_tf import zoo
from models_tf.forecast import Forecaster, load_model, model_file, save_model
from models_tf.naming import RunContext


def test_model_file_follows_the_results_convention(tmp_path):
    context = RunContext.resolve("DLinear_Model", "DE", "summer")
    path = model_file(tmp_path, context, context.run_name(1))
    assert path.relative_to(tmp_path).as_posix() == (
        "models/DLinear_Model/Germany/summer/DLinear_Model_Germany_summer_run1.keras"
    )


@pytest.mark.parametrize("name", zoo.names())
def test_every_variant_loads_back_and_predicts(name, tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    net = zoo.build(name)
    history = np.random.default_rng(1).uniform(10, 90, size=(2, zoo.LOOK_BACK))
    before = Forecaster(name, net, 10.0, 90.0).predict(history)

    path = save_model(net, tmp_path / "models" / f"{name}.keras")
    assert path.is_file() and not list(path.parent.glob(".*tmp*"))
    after = Forecaster(name, load_model(path), 10.0, 90.0).predict(history)

    assert after.shape == (2, zoo.HORIZON)
    np.testing.assert_allclose(after, before, rtol=0, atol=1e-6)
