"""Auto-correlation attention (Autoformer, Wu et al. 2021).

Instead of dot-product attention over positions, the period-based dependencies are found
from the autocorrelation of queries and keys (computed with FFTs); the values are rolled by
the `top_k = factor * ln(L)` most correlated lags and summed with softmax weights.
"""

from __future__ import annotations

import math

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="carbonwh")
class AutoCorrelation(layers.Layer):
    """`AutoCorrelation()(query, key, value)` on `(batch, time, channels)` tensors.

    `output_projection` adds a bias-free Dense(channels) on the aggregated values (the v1
    reference layer has those `channels**2` weights; v2/v3 have none).
    """

    def __init__(self, factor: float = 1.0, output_projection: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.factor = float(factor)
        self.output_projection = bool(output_projection)
        self.projection = None

    def build(self, query_shape, key_shape=None, value_shape=None):
        if self.output_projection:
            self.projection = layers.Dense(query_shape[-1], use_bias=False, name="projection")
            self.projection.build(value_shape or query_shape)
        self.built = True

    def call(self, query, key, value):
        length = query.shape[1]
        # Autocorrelation per channel via the Wiener-Khinchin theorem: irfft(Q * conj(K)).
        q_real, q_imag = ops.rfft(ops.transpose(query, (0, 2, 1)))
        k_real, k_imag = ops.rfft(ops.transpose(key, (0, 2, 1)))
        product = (q_real * k_real + q_imag * k_imag, q_imag * k_real - q_real * k_imag)
        correlation = ops.mean(ops.irfft(product, fft_length=length), axis=1)  # (batch, lag)

        # Lags shared by the batch (the reference "training" aggregation), weights per sample.
        top_k = max(1, int(self.factor * math.log(length)))
        _, lags = ops.top_k(ops.mean(correlation, axis=0), k=top_k)
        weights = ops.softmax(ops.take(correlation, lags, axis=1), axis=-1)  # (batch, top_k)

        positions = ops.arange(length)
        aggregated = ops.zeros_like(value)
        for i in range(top_k):
            rolled = ops.take(value, (positions + lags[i]) % length, axis=1)
            aggregated = aggregated + rolled * weights[:, i, None, None]
        return self.projection(aggregated) if self.projection is not None else aggregated

    def compute_output_shape(self, query_shape, key_shape=None, value_shape=None):
        return query_shape

    def get_config(self):
        return {
            **super().get_config(),
            "factor": self.factor,
            "output_projection": self.output_projection,
        }
