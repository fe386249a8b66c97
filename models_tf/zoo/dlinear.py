"""DLinear: a linear map of the trend plus a linear map of the remainder (Zeng et al. 2023).

The input is the univariate look-back window `(batch, look_back)`.
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.decomposition import MovingAverage

MOVING_AVERAGE_KERNEL = 25


@register("DLinear_Model")
def build_dlinear_v1(look_back=72, horizon=72, n_features=1):
    # v1 has no decomposition: two parallel linear maps of the raw window, summed.
    inputs = keras.Input(shape=(look_back,))
    first = layers.Dense(horizon)(inputs)
    second = layers.Dense(horizon)(inputs)
    return keras.Model(inputs, layers.Add()([first, second]), name="DLinear_Model")


@register("DLinear_Model_v2")
def build_dlinear_v2(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back,))
    trend = MovingAverage(MOVING_AVERAGE_KERNEL)(inputs)
    seasonal = layers.Subtract()([inputs, trend])
    outputs = layers.Add()([layers.Dense(horizon)(seasonal), layers.Dense(horizon)(trend)])
    return keras.Model(inputs, outputs, name="DLinear_Model_v2")


@register("DLinear_Model_v3")
def build_dlinear_v3(look_back=72, horizon=72, n_features=1, hidden=512, dropout=0.1):
    # v3: each component goes through a hidden layer before its projection to the horizon.
    inputs = keras.Input(shape=(look_back,))
    trend = MovingAverage(MOVING_AVERAGE_KERNEL)(inputs)
    seasonal = layers.Subtract()([inputs, trend])

    def branch(x):
        x = layers.Dense(hidden, activation="relu")(x)
        x = layers.Dropout(dropout)(x)
        return layers.Dense(horizon)(x)

    outputs = layers.Add()([branch(seasonal), branch(trend)])
    return keras.Model(inputs, outputs, name="DLinear_Model_v3")
