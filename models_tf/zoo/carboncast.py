"""CarbonCast-style forecaster: one convolutional block, a recurrent encoder, a dense head.

v1 encodes with one LSTM; v2/v3 with two bidirectional LSTMs (v3 twice as wide).
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo._blocks import bilstm_stack, conv_block, dense_head


def _carboncast(look_back, horizon, n_features, filters, encode, head_units, name):
    inputs = keras.Input(shape=(look_back, n_features))
    x = encode(conv_block(inputs, filters))
    return keras.Model(inputs, dense_head(x, head_units, horizon), name=name)


@register("CarbonCast_Model")
def build_carboncast_v1(look_back=72, horizon=72, n_features=1):
    return _carboncast(
        look_back, horizon, n_features, 64, layers.LSTM(128), 128, "CarbonCast_Model"
    )


@register("CarbonCast_Model_v2")
def build_carboncast_v2(look_back=72, horizon=72, n_features=1):
    return _carboncast(
        look_back,
        horizon,
        n_features,
        64,
        lambda x: bilstm_stack(x, 64),
        100,
        "CarbonCast_Model_v2",
    )


@register("CarbonCast_Model_v3")
def build_carboncast_v3(look_back=72, horizon=72, n_features=1):
    return _carboncast(
        look_back,
        horizon,
        n_features,
        128,
        lambda x: bilstm_stack(x, 128),
        128,
        "CarbonCast_Model_v3",
    )
