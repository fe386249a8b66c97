"""Functional building blocks shared by the convolutional/recurrent families.

These add standard Keras layers to a functional graph, so `model.layers` and the
parameter counts stay those of the reference summaries.
"""

from __future__ import annotations

from keras import layers

KERNEL_SIZE = 3
DROPOUT = 0.2


def conv_block(x, filters: int, dropout: float = DROPOUT):
    """Conv1D (same padding, relu) -> BatchNormalization -> Dropout."""
    x = layers.Conv1D(filters, KERNEL_SIZE, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)
    return layers.Dropout(dropout)(x)


def bilstm_stack(x, units: int):
    """Two bidirectional LSTMs: the first returns the sequence, the second its last state."""
    x = layers.Bidirectional(layers.LSTM(units, return_sequences=True))(x)
    return layers.Bidirectional(layers.LSTM(units))(x)


def cycle_lstm_pair(x, units: int, return_sequences: bool = False):
    """A forward and a backward LSTM over the same input, summed (the "cycle").

    With `return_sequences` the backward output is in reversed time order, as in the
    reference graph (no re-reversal layer between the LSTMs and the Add).
    """
    forward = layers.LSTM(units, return_sequences=return_sequences)(x)
    backward = layers.LSTM(units, return_sequences=return_sequences, go_backwards=True)(x)
    return layers.Add()([forward, backward])


def dense_head(x, units: int, horizon: int, dropout: float = DROPOUT, batch_norm: bool = False):
    """Dense(units, relu) -> [BatchNormalization] -> Dropout -> Dense(horizon)."""
    x = layers.Dense(units, activation="relu")(x)
    if batch_norm:
        x = layers.BatchNormalization()(x)
    x = layers.Dropout(dropout)(x)
    return layers.Dense(horizon)(x)
