"""CNN-LSTM: two convolutional blocks extract local patterns, a recurrent stack reads them,
a batch-normalised dense head forecasts the horizon.

v1 reads with one LSTM; v2/v3 with two bidirectional LSTMs (v3 twice as wide).
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo._blocks import DROPOUT, bilstm_stack, conv_block, dense_head


def _cnn_lstm(look_back, horizon, n_features, filters, recurrent, head_units, name):
    inputs = keras.Input(shape=(look_back, n_features), name="input_sequence")
    x = inputs
    for n_filters in filters:
        x = conv_block(x, n_filters)
    x = recurrent(x)
    x = layers.Dropout(DROPOUT)(x)
    outputs = dense_head(x, head_units, horizon, batch_norm=True)
    return keras.Model(inputs, outputs, name=name)


@register("CNN_LSTM_Model")
def build_cnn_lstm_v1(look_back=72, horizon=72, n_features=1):
    return _cnn_lstm(
        look_back, horizon, n_features, (128, 64), layers.LSTM(256), 256, "CNN_LSTM_Model"
    )


@register("CNN_LSTM_Model_v2")
def build_cnn_lstm_v2(look_back=72, horizon=72, n_features=1):
    return _cnn_lstm(
        look_back,
        horizon,
        n_features,
        (128, 64),
        lambda x: bilstm_stack(x, 64),
        100,
        "CNN_LSTM_Model_v2",
    )


@register("CNN_LSTM_Model_v3")
def build_cnn_lstm_v3(look_back=72, horizon=72, n_features=1):
    return _cnn_lstm(
        look_back,
        horizon,
        n_features,
        (256, 128),
        lambda x: bilstm_stack(x, 128),
        128,
        "CNN_LSTM_Model_v3",
    )
