"""Gating blocks: the gated residual network of the Temporal Fusion Transformer, and the
sigmoid-gated mix of two forecasts used by the Robust_Improved_Hybrid family.

`gated_residual_network` adds plain Keras layers to a functional graph (each Dense is its
own layer, as in the reference summaries); `GatedMix` is a parameter-free custom layer.
"""

from __future__ import annotations

import keras
from keras import layers


def gated_residual_network(x, units: int, dropout: float = 0.1):
    """TFT's GRN: Dense(elu) → Dense → Dropout → GLU (Dense ⊙ Dense(sigmoid)) → residual add.

    The residual is `x` itself, so `units` must equal its last dimension.
    """
    h = layers.Dense(units, activation="elu")(x)
    h = layers.Dense(units)(h)
    h = layers.Dropout(dropout)(h)
    value = layers.Dense(units)(h)
    gate = layers.Dense(units, activation="sigmoid")(h)
    return layers.Add()([x, layers.Multiply()([value, gate])])


@keras.saving.register_keras_serializable(package="carbonwh")
class GatedMix(layers.Layer):
    """`gate * a + (1 - gate) * b` for inputs `[gate, a, b]` (gate already in [0, 1])."""

    def call(self, inputs):
        gate, a, b = inputs
        return gate * a + (1.0 - gate) * b

    def compute_output_shape(self, input_shapes):
        return input_shapes[1]
