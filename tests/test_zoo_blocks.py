"""The shared custom layers of the attention, N-BEATS, state-space and gating modules:
what they compute, beyond the parameter counts checked in test_zoo_models.py."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from models_tf import zoo  # noqa: E402
from models_tf.zoo.layers.attention import ConcatPositionalEncoding, Patching  # noqa: E402
from models_tf.zoo.layers.grn import GatedMix  # noqa: E402
from models_tf.zoo.layers.nbeats import NBeatsBlock, Negate  # noqa: E402
from models_tf.zoo.layers.ssm import MambaBlock, _combine  # noqa: E402


def test_parallel_scan_equals_the_sequential_recurrence():
    rng = np.random.default_rng(0)
    decay = rng.uniform(size=(2, 9, 3)).astype("float32")
    drive = rng.normal(size=(2, 9, 3)).astype("float32")
    _, scanned = keras.ops.associative_scan(_combine, (decay, drive), axis=1)
    state, expected = np.zeros((2, 3), "float32"), []
    for t in range(9):
        state = decay[:, t] * state + drive[:, t]
        expected.append(state)
    np.testing.assert_allclose(np.asarray(scanned), np.stack(expected, axis=1), atol=1e-5)


def test_mamba_block_is_causal_and_keeps_its_parameter_budget():
    block = MambaBlock(16)
    x = np.random.default_rng(1).normal(size=(1, 10, 2)).astype("float32")
    before = np.asarray(block(x))
    later_changed = x.copy()
    later_changed[:, 6:] += 1.0
    after = np.asarray(block(later_changed))
    np.testing.assert_allclose(after[:, :6], before[:, :6], atol=1e-6)
    assert not np.allclose(after[:, 6:], before[:, 6:])
    inner = 2 * 16
    assert block.count_params() == 2 * 2 * inner + (3 + 1) * inner + inner + inner * 16


def test_patching_cuts_overlapping_windows():
    x = np.arange(2 * 10 * 2, dtype="float32").reshape(2, 10, 2)
    patches = np.asarray(Patching(patch_len=4, stride=3)(x))
    assert patches.shape == (2, 3, 8) == (2, *Patching(4, 3).compute_output_shape((2, 10, 2))[1:])
    np.testing.assert_array_equal(patches[1, 1], x[1, 3:7].reshape(-1))


def test_positional_encoding_is_appended_unchanged_per_sample():
    x = np.random.default_rng(2).normal(size=(3, 5, 1)).astype("float32")
    out = np.asarray(ConcatPositionalEncoding(4)(x))
    assert out.shape == (3, 5, 5)
    np.testing.assert_array_equal(out[..., :1], x)
    np.testing.assert_allclose(out[0, 0, 1:], [0.0, 1.0, 0.0, 1.0])  # sin(0), cos(0)
    np.testing.assert_allclose(out[0, :, 1:], out[2, :, 1:])
    np.testing.assert_allclose(out[0, 1, 1], np.sin(1.0), rtol=1e-6)


def test_gated_mix_and_negate():
    a, b = np.full((1, 3), 2.0, "float32"), np.full((1, 3), -1.0, "float32")
    gate = np.array([[1.0, 0.0, 0.25]], "float32")
    np.testing.assert_allclose(np.asarray(GatedMix()([gate, a, b])), [[2.0, -1.0, -0.25]])
    np.testing.assert_array_equal(np.asarray(Negate()(a)), -a)


def test_nbeats_block_returns_backcast_and_forecast():
    backcast, forecast = NBeatsBlock(8, backcast_length=6, forecast_length=4)(np.ones((2, 6)))
    assert backcast.shape == (2, 6) and forecast.shape == (2, 4)


def test_nbeats_accepts_windows_with_a_feature_axis():
    model = zoo.build("N_Beats_Model_v2")
    x = np.random.default_rng(3).random((2, 72), dtype=np.float32)
    # the training runner feeds (n, 72, 1) windows; Keras squeezes the trailing axis
    flat = np.asarray(model(x, training=False))
    np.testing.assert_allclose(np.asarray(model(x[..., None], training=False)), flat)


def test_tft_v1_static_input_does_not_change_the_forecast():
    model = zoo.build("Temporal_Fusion_Transformer_Model")
    series = np.random.default_rng(4).random((2, 72, 1), dtype=np.float32)
    zeros, ones = np.zeros((2, 1), "float32"), np.ones((2, 1), "float32")
    np.testing.assert_array_equal(
        np.asarray(model([series, zeros], training=False)),
        np.asarray(model([series, ones], training=False)),
    )
