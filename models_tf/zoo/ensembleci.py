"""EnsembleCI: a convolutional-recurrent branch and a purely recurrent branch read the same
window; their encodings are concatenated and a dense head forecasts the horizon.

v1 keeps each branch as a nested model (CarbonCast-style and LSTM encoders); v2/v3 inline
two bidirectional-LSTM branches (v3 twice as wide, with a deeper head).
"""

from __future__ import annotations

import keras
from keras import layers

from models_tf.zoo import register
from models_tf.zoo._blocks import DROPOUT, bilstm_stack, conv_block, dense_head


def _branch_models(look_back, n_features):
    """The two v1 members, each a model of its own (`Functional` layers in the summary)."""
    conv_in = keras.Input(shape=(look_back, n_features))
    conv_member = keras.Model(
        conv_in, layers.LSTM(128)(conv_block(conv_in, 64)), name="conv_lstm_member"
    )
    lstm_in = keras.Input(shape=(look_back, n_features))
    lstm_member = keras.Model(lstm_in, layers.LSTM(128)(lstm_in), name="lstm_member")
    return conv_member, lstm_member


@register("EnsembleCI_Model")
def build_ensembleci_v1(look_back=72, horizon=72, n_features=1):
    inputs = keras.Input(shape=(look_back, n_features))
    conv_member, lstm_member = _branch_models(look_back, n_features)
    x = layers.Concatenate()([conv_member(inputs), lstm_member(inputs)])
    return keras.Model(inputs, dense_head(x, 128, horizon), name="EnsembleCI_Model")


def _ensemble_inline(look_back, horizon, n_features, units, deep_head, name):
    """Two bidirectional-LSTM branches, one behind a conv block of `units` filters."""
    inputs = keras.Input(shape=(look_back, n_features))
    conv_branch = bilstm_stack(conv_block(inputs, units), units)
    lstm_branch = bilstm_stack(inputs, units)
    x = layers.Concatenate()([conv_branch, lstm_branch])
    if deep_head:
        x = layers.Dense(256, activation="relu")(x)
        x = layers.BatchNormalization()(x)
        x = layers.Dropout(DROPOUT)(x)
        outputs = dense_head(x, 128, horizon)
    else:
        outputs = dense_head(x, 100, horizon)
    return keras.Model(inputs, outputs, name=name)


@register("EnsembleCI_Model_v2")
def build_ensembleci_v2(look_back=72, horizon=72, n_features=1):
    return _ensemble_inline(look_back, horizon, n_features, 64, False, "EnsembleCI_Model_v2")


@register("EnsembleCI_Model_v3")
def build_ensembleci_v3(look_back=72, horizon=72, n_features=1):
    return _ensemble_inline(look_back, horizon, n_features, 128, True, "EnsembleCI_Model_v3")
