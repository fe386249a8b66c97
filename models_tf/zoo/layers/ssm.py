"""State-space (Mamba-style) blocks for the Mamba family.

`MambaBlock` follows Mamba's layout: an input projection to two branches of width
`expand * d_model`, a causal depthwise convolution and SiLU on the main branch, a selective
diagonal linear recurrence (the state-space scan), gating by the SiLU of the second branch,
and an output projection back to `d_model`. The recurrence is input-selective: the step size
is `softplus` of the convolved input and each channel has a learned decay rate `A`.
The parameter budget matches the reference `MambaBlock`:
`in_dim * 2E + (kernel + 1) * E + E + E * d_model` with `E = expand * d_model`.
"""

from __future__ import annotations

import keras
from keras import layers, ops


def _combine(left, right):
    """Associative operator of h_t = a_t * h_{t-1} + b_t, for a parallel prefix scan."""
    a_left, b_left = left
    a_right, b_right = right
    return a_left * a_right, a_right * b_left + b_right


@keras.saving.register_keras_serializable(package="carbonwh")
class MambaBlock(layers.Layer):
    def __init__(self, d_model: int, expand: int = 2, conv_kernel: int = 3, **kwargs):
        super().__init__(**kwargs)
        self.d_model = d_model
        self.expand = expand
        self.conv_kernel = conv_kernel
        self.d_inner = expand * d_model
        self.in_proj = layers.Dense(2 * self.d_inner, use_bias=False, name="in_proj")
        self.out_proj = layers.Dense(d_model, use_bias=False, name="out_proj")

    def build(self, input_shape):
        self.in_proj.build(input_shape)
        self.conv_kernel_weight = self.add_weight(
            name="conv_kernel", shape=(self.conv_kernel, self.d_inner), initializer="glorot_uniform"
        )
        self.conv_bias = self.add_weight(
            name="conv_bias", shape=(self.d_inner,), initializer="zeros"
        )
        # A = exp(a_log) > 0: per-channel decay rate, initialised over a range of time scales.
        self.a_log = self.add_weight(
            name="a_log",
            shape=(self.d_inner,),
            initializer=keras.initializers.RandomUniform(-2.0, 1.0),
        )
        self.out_proj.build((*input_shape[:-1], self.d_inner))
        self.built = True

    def _causal_depthwise_conv(self, x):
        k = self.conv_kernel
        padded = ops.pad(x, [[0, 0], [k - 1, 0], [0, 0]])
        steps = ops.shape(x)[1]
        out = self.conv_bias
        for i in range(k):
            # tap i looks (k - 1 - i) steps back
            out = out + padded[:, i : i + steps, :] * self.conv_kernel_weight[i]
        return out

    def call(self, inputs):
        x, gate = ops.split(self.in_proj(inputs), 2, axis=-1)
        x = ops.silu(self._causal_depthwise_conv(x))
        delta = ops.softplus(x)
        decay = ops.exp(-delta * ops.exp(self.a_log))
        _, h = ops.associative_scan(_combine, (decay, delta * x), axis=1)
        h = ops.reshape(h, (-1, inputs.shape[1], self.d_inner))  # the TF scan drops the shape
        return self.out_proj(h * ops.silu(gate))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.d_model)

    def get_config(self):
        return {
            **super().get_config(),
            "d_model": self.d_model,
            "expand": self.expand,
            "conv_kernel": self.conv_kernel,
        }
