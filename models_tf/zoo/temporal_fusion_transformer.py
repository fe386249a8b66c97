"""Temporal_Fusion_Transformer family: a simplified TFT. Inputs are projected (Dense),
encoded by an LSTM with a skip connection, then self-attention with a post-norm residual,
pooled over time to a dense forecast head.

v1 uses Dense skip/feed-forward layers and has a second input `static` of shape `(1,)`
that, as in the reference, is connected to nothing: feed `[series, zeros((n, 1))]`; v2 (width 64) and v3 (width 128, deeper head) use gated
residual networks (GRN) around the attention layer.
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.grn import gated_residual_network

DROPOUT = 0.1
NUM_HEADS = 4


def _attention(x, key_dim):
    h = layers.MultiHeadAttention(num_heads=NUM_HEADS, key_dim=key_dim, dropout=DROPOUT)(x, x)
    return layers.LayerNormalization(epsilon=1e-6)(layers.Add()([h, x]))


def _head(x, horizon, units):
    x = layers.GlobalAveragePooling1D()(x)
    for n in units:
        x = layers.Dense(n, activation="relu")(x)
        x = layers.Dropout(DROPOUT)(x)
    return layers.Dense(horizon)(x)


@register("Temporal_Fusion_Transformer_Model")
def build_tft_model(look_back=72, horizon=72, n_features=1):
    d = 128
    inputs = keras.Input(shape=(look_back, n_features), name="series")
    # the reference's static-covariate input: part of the signature, connected to nothing
    static = keras.Input(shape=(1,), name="static")
    x = layers.LSTM(d, return_sequences=True)(layers.Dense(d)(inputs))
    x = layers.Add()([layers.Dense(d, activation="elu")(x), x])
    x = _attention(x, key_dim=d)
    x = layers.Add()([layers.Dense(d, activation="elu")(x), x])
    outputs = _head(x, horizon, [128])
    return keras.Model([inputs, static], outputs, name="Temporal_Fusion_Transformer_Model")


def _tft_grn(look_back, horizon, n_features, d, key_dim, head_units, name):
    inputs = keras.Input(shape=(look_back, n_features))
    projected = layers.Dense(d)(inputs)
    x = layers.Add()([layers.LSTM(d, return_sequences=True)(projected), projected])
    x = layers.LayerNormalization(epsilon=1e-6)(x)
    x = gated_residual_network(x, d, DROPOUT)
    x = _attention(x, key_dim)
    x = gated_residual_network(x, d, DROPOUT)
    return keras.Model(inputs, _head(x, horizon, head_units), name=name)


@register("Temporal_Fusion_Transformer_Model_v2")
def build_tft_model_v2(look_back=72, horizon=72, n_features=1):
    return _tft_grn(
        look_back, horizon, n_features, 64, 64, [128], "Temporal_Fusion_Transformer_Model_v2"
    )


@register("Temporal_Fusion_Transformer_Model_v3")
def build_tft_model_v3(look_back=72, horizon=72, n_features=1):
    return _tft_grn(
        look_back, horizon, n_features, 128, 128, [256, 128], "Temporal_Fusion_Transformer_Model_v3"
    )
