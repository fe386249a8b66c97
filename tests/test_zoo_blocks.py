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
from models_tf.zoo.layers.ssm import MambaBlock, selective_scan  # noqa: E402


def _step_by_step(decay, drive):
    """The recurrence h_t = decay_t * h_{t-1} + drive_t, h_{-1} = 0, one step at a time."""
    state, states = np.zeros_like(drive[:, 0]), []
    for t in range(drive.shape[1]):
        state = decay[:, t] * state + drive[:, t]
        states.append(state)
    return np.stack(states, axis=1)


def _scan_inputs(seed=0, shape=(2, 9, 3)):
    rng = np.random.default_rng(seed)
    return rng.uniform(size=shape).astype("float32"), rng.normal(size=shape).astype("float32")


def test_mamba_selective_scan_equals_the_step_by_step_recurrence_and_the_parallel_scan():
    decay, drive = _scan_inputs()
    scanned = np.asarray(selective_scan(decay, drive))
    np.testing.assert_allclose(scanned, _step_by_step(decay, drive), atol=1e-6)

    # ... and what the block computed before, with a parallel prefix scan
    def combine(left, right):
        return left[0] * right[0], right[0] * left[1] + right[1]

    _, parallel = keras.ops.associative_scan(combine, (decay, drive), axis=1)
    np.testing.assert_allclose(scanned, np.asarray(parallel), atol=1e-5)


def test_mamba_selective_scan_in_graph_mode_with_a_known_or_unknown_number_of_steps():
    tf = pytest.importorskip("tensorflow")
    decay, drive = _scan_inputs(seed=1)
    for steps in (9, None):
        spec = tf.TensorSpec((None, steps, 3), tf.float32)
        graph_scan = tf.function(selective_scan, input_signature=[spec, spec])
        np.testing.assert_allclose(
            np.asarray(graph_scan(decay, drive)), _step_by_step(decay, drive), atol=1e-6
        )


def test_mamba_selective_scan_gradients_match_the_step_by_step_recurrence():
    tf = pytest.importorskip("tensorflow")
    decay, drive = _scan_inputs(seed=2, shape=(1, 4, 1))
    decay_t, drive_t = tf.constant(decay), tf.constant(drive)
    with tf.GradientTape() as tape:
        tape.watch([decay_t, drive_t])
        final = selective_scan(decay_t, drive_t)[0, -1, 0]
    d_decay, d_drive = tape.gradient(final, [decay_t, drive_t])
    # h_3 = b3 + a3 b2 + a3 a2 b1 + a3 a2 a1 b0
    a, b = decay[0, :, 0], drive[0, :, 0]
    np.testing.assert_allclose(d_drive[0, :, 0], [a[3] * a[2] * a[1], a[3] * a[2], a[3], 1.0])
    np.testing.assert_allclose(
        d_decay[0, :, 0],
        [
            0.0,
            a[3] * a[2] * b[0],
            a[3] * (b[1] + a[1] * b[0]),
            b[2] + a[2] * b[1] + a[2] * a[1] * b[0],
        ],
        rtol=1e-6,
    )


def test_mamba_block_equals_a_step_by_step_reference():
    block = MambaBlock(4, name="mamba")
    x = np.random.default_rng(3).normal(size=(2, 7, 3)).astype("float32")
    out = np.asarray(block(x))
    w_in, w_out = np.asarray(block.in_proj.kernel), np.asarray(block.out_proj.kernel)
    conv_kernel, conv_bias = np.asarray(block.conv_kernel_weight), np.asarray(block.conv_bias)
    a_log = np.asarray(block.a_log)

    def silu(v):
        return v / (1.0 + np.exp(-v))

    main, gate = np.split(x @ w_in, 2, axis=-1)
    padded = np.pad(main, [(0, 0), (2, 0), (0, 0)])
    conv = conv_bias + sum(padded[:, i : i + 7] * conv_kernel[i] for i in range(3))
    u = silu(conv)
    delta = np.log1p(np.exp(u))
    states = _step_by_step(np.exp(-delta * np.exp(a_log)), delta * u)
    np.testing.assert_allclose(out, (states * silu(gate)) @ w_out, atol=1e-5)

    # the same in a traced (graph-mode) model
    inputs = keras.Input((7, 3))
    model = keras.Model(inputs, block(inputs))
    np.testing.assert_allclose(np.asarray(model.predict(x, verbose=0)), out, atol=1e-6)


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
