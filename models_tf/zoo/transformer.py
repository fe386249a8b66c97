"""Transformer family: pre-norm encoder blocks over the look-back window, pooled to a
dense forecast head.

v1 attends over the raw 1-feature series; v2/v3 first embed each step to 256 dimensions
with a learned position embedding. v1 and v3 pool over the feature axis (one value per
time step), v2 over time.
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.attention import TokenAndPositionEmbedding, pre_norm_encoder_block

NUM_HEADS = 4
KEY_DIM = 64  # num_heads * key_dim = 256 in every reference variant
FF_DIM = 4
NUM_BLOCKS = 2
EMBED_DIM = 256
HEAD_UNITS = 64
DROPOUT = 0.1


def _transformer(look_back, horizon, n_features, embed: bool, pool_time: bool, name: str):
    inputs = keras.Input(shape=(look_back, n_features))
    x = TokenAndPositionEmbedding(look_back, EMBED_DIM)(inputs) if embed else inputs
    for _ in range(NUM_BLOCKS):
        x = pre_norm_encoder_block(x, NUM_HEADS, KEY_DIM, FF_DIM, dropout=DROPOUT)
    # channels_first pools over the feature axis, keeping one value per time step.
    x = layers.GlobalAveragePooling1D(
        data_format="channels_last" if pool_time else "channels_first"
    )(x)
    x = layers.Dense(HEAD_UNITS, activation="relu")(x)
    x = layers.Dropout(DROPOUT)(x)
    outputs = layers.Dense(horizon)(x)
    return keras.Model(inputs, outputs, name=name)


@register("Transformer_Model")
def build_transformer_model(look_back=72, horizon=72, n_features=1):
    return _transformer(look_back, horizon, n_features, False, False, "Transformer_Model")


@register("Transformer_Model_v2")
def build_transformer_model_v2(look_back=72, horizon=72, n_features=1):
    return _transformer(look_back, horizon, n_features, True, True, "Transformer_Model_v2")


@register("Transformer_Model_v3")
def build_transformer_model_v3(look_back=72, horizon=72, n_features=1):
    return _transformer(look_back, horizon, n_features, True, False, "Transformer_Model_v3")
