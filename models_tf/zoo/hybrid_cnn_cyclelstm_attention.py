"""Hybrid CNN + cycle-LSTM + attention: a conv block, a forward/backward recurrent reading,
an attention step over time, pooled to a dense head.

v1 sums a forward and a backward LSTM and weights time steps with a softmax over time
(Permute -> Dense -> Permute -> Multiply); v2/v3 use a bidirectional LSTM whose directions
are summed, then residual self-attention with LayerNormalization (v3 twice as wide, deeper
head).
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo._blocks import DROPOUT, conv_block, cycle_lstm_pair, dense_head

NUM_HEADS = 4


def _time_attention(x, look_back):
    """Softmax weights over the time axis for every channel, applied by multiplication."""
    weights = layers.Permute((2, 1))(x)
    weights = layers.Dense(look_back, activation="softmax")(weights)
    weights = layers.Permute((2, 1))(weights)
    return layers.Multiply()([x, weights])


@register("Hybrid_CNN_CycleLSTM_Attention_Model")
def build_hybrid_v1(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))
    x = cycle_lstm_pair(conv_block(inputs, 64), 128, return_sequences=True)
    x = layers.GlobalAveragePooling1D()(_time_attention(x, look_back))
    outputs = dense_head(x, 128, horizon)
    return keras.Model(inputs, outputs, name="Hybrid_CNN_CycleLSTM_Attention_Model")


def _hybrid_self_attention(look_back, horizon, n_features, units, deep_head, name):
    inputs = keras.Input(shape=(look_back, n_features))
    x = conv_block(inputs, units)
    # merge_mode="sum" keeps `units` channels: forward and backward readings added.
    x = layers.Bidirectional(layers.LSTM(units, return_sequences=True), merge_mode="sum")(x)
    attended = layers.MultiHeadAttention(num_heads=NUM_HEADS, key_dim=units)(x, x)
    x = layers.LayerNormalization()(layers.Add()([x, attended]))
    x = layers.GlobalAveragePooling1D()(x)
    if deep_head:
        x = layers.Dense(256, activation="relu")(x)
        x = layers.BatchNormalization()(x)
        x = layers.Dropout(DROPOUT)(x)
    outputs = dense_head(x, 128, horizon)
    return keras.Model(inputs, outputs, name=name)


@register("Hybrid_CNN_CycleLSTM_Attention_Model_v2")
def build_hybrid_v2(look_back=72, horizon=72, n_features=1):
    return _hybrid_self_attention(
        look_back, horizon, n_features, 64, False, "Hybrid_CNN_CycleLSTM_Attention_Model_v2"
    )


@register("Hybrid_CNN_CycleLSTM_Attention_Model_v3")
def build_hybrid_v3(look_back=72, horizon=72, n_features=1):
    return _hybrid_self_attention(
        look_back, horizon, n_features, 128, True, "Hybrid_CNN_CycleLSTM_Attention_Model_v3"
    )
