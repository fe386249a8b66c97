"""Moving-average series decomposition (DLinear, Autoformer).

The trend is a centred moving average over the time axis, with the series padded by
repeating its first and last values so the output keeps the input length.
"""

from __future__ import annotations

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="carbonwh")
class MovingAverage(keras.layers.Layer):
    """Centred moving average over axis 1 of a `(batch, time)` or `(batch, time, features)` tensor."""

    def __init__(self, kernel_size: int = 25, **kwargs):
        super().__init__(**kwargs)
        self.kernel_size = int(kernel_size)

    def call(self, inputs):
        squeeze = len(inputs.shape) == 2
        x = ops.expand_dims(inputs, -1) if squeeze else inputs
        front = (self.kernel_size - 1) // 2
        back = self.kernel_size - 1 - front
        first = ops.repeat(x[:, :1, :], front, axis=1)
        last = ops.repeat(x[:, -1:, :], back, axis=1)
        padded = ops.concatenate([first, x, last], axis=1)
        trend = ops.average_pool(padded, pool_size=self.kernel_size, strides=1, padding="valid")
        return ops.squeeze(trend, -1) if squeeze else trend

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "kernel_size": self.kernel_size}
