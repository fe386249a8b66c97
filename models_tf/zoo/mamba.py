"""Mamba family: stacked selective state-space blocks, pooled over time to a dense head.

v1 stacks three plain blocks (width 128); v2 (width 64, two blocks) and v3 (width 128,
four blocks) use pre-norm residual blocks, the first residual broadcasting the raw input.
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.ssm import MambaBlock

HEAD_UNITS = 64
DROPOUT = 0.1


def _head(x, horizon):
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(HEAD_UNITS, activation="relu")(x)
    x = layers.Dropout(DROPOUT)(x)
    return layers.Dense(horizon)(x)


def _residual_mamba(look_back, horizon, n_features, d_model, num_blocks, name):
    inputs = keras.Input(shape=(look_back, n_features))
    x = inputs
    for _ in range(num_blocks):
        h = MambaBlock(d_model)(layers.LayerNormalization(epsilon=1e-6)(x))
        x = layers.Add()([x, h])
    return keras.Model(inputs, _head(x, horizon), name=name)


@register("Mamba_Model")
def build_mamba_model(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))
    x = inputs
    for _ in range(3):
        x = MambaBlock(128)(x)
    return keras.Model(inputs, _head(x, horizon), name="Mamba_Model")


@register("Mamba_Model_v2")
def build_mamba_model_v2(look_back=72, horizon=72, n_features=1):
    return _residual_mamba(look_back, horizon, n_features, 64, 2, "Mamba_Model_v2")


@register("Mamba_Model_v3")
def build_mamba_model_v3(look_back=72, horizon=72, n_features=1):
    return _residual_mamba(look_back, horizon, n_features, 128, 4, "Mamba_Model_v3")
