"""Robust_Improved_Hybrid family: a deep branch (attention encoder + convolutional
recurrent stack) and a linear branch on the raw window, mixed by a learned sigmoid gate:
`gate * deep + (1 - gate) * linear`.

v1: Conv1D → 2 pre-norm attention blocks (width 32) ∥ Conv1D×2 → BiLSTM×2.
v2: sinusoidal positions → depthwise-separable residual conv blocks → BiLSTM + GRU →
2 attention blocks (width 128) → squeeze-and-excitation; the linear branch sees the
series minus its moving average, and the gate logits are divided by a temperature.
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.attention import ConcatPositionalEncoding, pre_norm_encoder_block
from models_tf.zoo.layers.decomposition import MovingAverage
from models_tf.zoo.layers.grn import GatedMix

DROPOUT = 0.1
GATE_TEMPERATURE = 2.0


def _attention_blocks(x, num_heads, key_dim, ff_dim, num_blocks=2):
    for _ in range(num_blocks):
        x = pre_norm_encoder_block(
            x, num_heads, key_dim, ff_dim, DROPOUT, dropout_after_attention=False
        )
    return x


def _linear_branch(flat, horizon, dropout_first: bool):
    direct = layers.Dropout(DROPOUT)(flat) if dropout_first else flat
    linear = layers.Dense(horizon)(direct)
    nonlinear = layers.Dense(horizon, activation="relu")(flat)
    return layers.Add()([linear, nonlinear])


@register("Robust_Improved_Hybrid_Model")
def build_hybrid_model(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))

    attended = layers.Conv1D(32, 1)(inputs)
    attended = _attention_blocks(attended, num_heads=4, key_dim=32, ff_dim=64)
    attended = layers.GlobalAveragePooling1D()(attended)

    recurrent = layers.Conv1D(64, 3, padding="same", activation="relu")(inputs)
    recurrent = layers.Conv1D(64, 3, padding="same", activation="relu")(recurrent)
    recurrent = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(recurrent)
    recurrent = layers.Bidirectional(layers.LSTM(32))(recurrent)

    h = layers.Concatenate()([recurrent, attended])
    h = layers.Dense(128, activation="relu")(h)
    h = layers.Dropout(DROPOUT)(h)
    deep = layers.Dense(horizon)(h)
    gate = layers.Activation("sigmoid")(layers.Dense(horizon)(h))

    linear = _linear_branch(layers.Flatten()(inputs), horizon, dropout_first=False)
    outputs = GatedMix()([gate, deep, linear])
    return keras.Model(inputs, outputs, name="RobustImprovedHybrid")


def _separable_residual_block(x, kernel_size=5):
    h = layers.DepthwiseConv1D(kernel_size, padding="same")(x)
    h = layers.Conv1D(x.shape[-1], 1, activation="gelu")(h)
    h = layers.LayerNormalization(epsilon=1e-6)(h)
    h = layers.Dropout(DROPOUT)(h)
    return layers.Add()([x, h])


def _squeeze_excite(x, bottleneck):
    channels = x.shape[-1]
    s = layers.GlobalAveragePooling1D()(x)
    s = layers.Dense(bottleneck, activation="relu")(s)
    s = layers.Dense(channels, activation="sigmoid")(s)
    return layers.Multiply()([x, layers.Reshape((1, channels))(s)])


@register("Robust_Improved_Hybrid_Model_v2")
def build_hybrid_v2(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))

    x = ConcatPositionalEncoding(32)(inputs)
    x = layers.Conv1D(64, 3, padding="same", activation="relu")(x)
    for _ in range(2):
        x = _separable_residual_block(x)
    lstm = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
    gru = layers.GRU(128, return_sequences=True)(x)
    x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([lstm, gru]))
    x = _attention_blocks(x, num_heads=4, key_dim=16, ff_dim=64)
    x = _squeeze_excite(x, bottleneck=16)

    h = layers.GlobalAveragePooling1D()(x)
    h = layers.Dense(128, activation="relu")(h)
    h = layers.Dropout(DROPOUT)(h)
    deep = layers.Dense(horizon)(h)
    gate_logits = layers.Rescaling(1.0 / GATE_TEMPERATURE)(layers.Dense(horizon)(h))
    gate = layers.Activation("sigmoid")(gate_logits)

    seasonal = layers.Subtract()([inputs, MovingAverage()(inputs)])
    linear = _linear_branch(layers.Flatten()(seasonal), horizon, dropout_first=True)
    outputs = GatedMix()([gate, deep, linear])
    return keras.Model(inputs, outputs, name="RobustImprovedHybridV2")
