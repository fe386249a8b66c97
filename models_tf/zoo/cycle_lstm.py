"""Cycle-LSTM: the series is read forwards and backwards and both readings are combined.

v1 sums the final states of a forward and a backward LSTM; v2/v3 stack two bidirectional
LSTMs (v3 twice as wide, with a batch-normalised head).
"""

from __future__ import annotations

import keras

from models_tf.zoo import register
from models_tf.zoo._blocks import bilstm_stack, cycle_lstm_pair, dense_head


@register("Cycle_LSTM_Model")
def build_cycle_lstm_v1(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))
    x = cycle_lstm_pair(inputs, 128)
    return keras.Model(inputs, dense_head(x, 128, horizon), name="Cycle_LSTM_Model")


@register("Cycle_LSTM_Model_v2")
def build_cycle_lstm_v2(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))
    x = bilstm_stack(inputs, 64)
    return keras.Model(inputs, dense_head(x, 100, horizon), name="Cycle_LSTM_Model_v2")


@register("Cycle_LSTM_Model_v3")
def build_cycle_lstm_v3(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))
    x = bilstm_stack(inputs, 128)
    outputs = dense_head(x, 128, horizon, batch_norm=True)
    return keras.Model(inputs, outputs, name="Cycle_LSTM_Model_v3")
