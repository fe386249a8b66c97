"""Autoformer: pre-norm encoder blocks whose attention is auto-correlation, pooled over time
to a dense forecast head.

v1 embeds each step with a Dense projection and projects the auto-correlation output;
v2/v3 use a learned token-and-position embedding and a projection-free auto-correlation
(their reference graphs are identical).
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.attention import TokenAndPositionEmbedding
from models_tf.zoo.layers.autocorrelation import AutoCorrelation

D_MODEL = 64
FF_DIM = 4
NUM_BLOCKS = 2
HEAD_UNITS = 64
DROPOUT = 0.1
EPSILON = 1e-6


def _encoder_block(x, output_projection: bool):
    """LN -> auto-correlation -> dropout -> add; LN -> Conv1D FFN (kernel 1) -> add."""
    h = layers.LayerNormalization(epsilon=EPSILON)(x)
    h = AutoCorrelation(output_projection=output_projection)(h, h, h)
    h = layers.Dropout(DROPOUT)(h)
    residual = layers.Add()([h, x])
    h = layers.LayerNormalization(epsilon=EPSILON)(residual)
    h = layers.Conv1D(FF_DIM, 1, activation="relu")(h)
    h = layers.Dropout(DROPOUT)(h)
    h = layers.Conv1D(x.shape[-1], 1)(h)
    return layers.Add()([h, residual])


def _autoformer(look_back, horizon, n_features, position_embedding: bool, name: str):
    inputs = keras.Input(shape=(look_back, n_features))
    if position_embedding:
        x = TokenAndPositionEmbedding(look_back, D_MODEL)(inputs)
    else:
        x = layers.Dense(D_MODEL)(inputs)
    for _ in range(NUM_BLOCKS):
        x = _encoder_block(x, output_projection=not position_embedding)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(HEAD_UNITS, activation="relu")(x)
    x = layers.Dropout(DROPOUT)(x)
    return keras.Model(inputs, layers.Dense(horizon)(x), name=name)


@register("Autoformer_Model")
def build_autoformer_v1(look_back=72, horizon=72, n_features=1):
    return _autoformer(look_back, horizon, n_features, False, "Autoformer_Model")


@register("Autoformer_Model_v2")
def build_autoformer_v2(look_back=72, horizon=72, n_features=1):
    return _autoformer(look_back, horizon, n_features, True, "Autoformer_Model_v2")


@register("Autoformer_Model_v3")
def build_autoformer_v3(look_back=72, horizon=72, n_features=1):
    return _autoformer(look_back, horizon, n_features, True, "Autoformer_Model_v3")
