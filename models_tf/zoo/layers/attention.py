"""Attention building blocks shared by Transformer, Informer, PatchTST and TFT.

The reference summaries are Keras 2 functional graphs; the blocks here add the same
Keras layers to a functional graph (so `model.layers` and parameter counts match), and the
few custom layers replace the reference's `TFOpLambda`/custom layers serialisably.
"""

from __future__ import annotations

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="carbonwh")
class TokenAndPositionEmbedding(layers.Layer):
    """Projects each time step to `embed_dim` (Dense) and adds a learned position embedding."""

    def __init__(self, maxlen: int, embed_dim: int, **kwargs):
        super().__init__(**kwargs)
        self.maxlen = maxlen
        self.embed_dim = embed_dim
        self.token_proj = layers.Dense(embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def build(self, input_shape):
        self.token_proj.build(input_shape)
        self.pos_emb.build((None, self.maxlen))
        self.built = True

    def call(self, x):
        positions = ops.arange(0, ops.shape(x)[1], 1)
        return self.token_proj(x) + self.pos_emb(positions)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.embed_dim)

    def get_config(self):
        return {**super().get_config(), "maxlen": self.maxlen, "embed_dim": self.embed_dim}


@keras.saving.register_keras_serializable(package="carbonwh")
class Patching(layers.Layer):
    """Splits `(batch, steps, features)` into patches: `(batch, n_patches, patch_len * features)`.

    Patch i covers steps `[i * stride, i * stride + patch_len)`; a trailing remainder
    shorter than a patch is dropped.
    """

    def __init__(self, patch_len: int, stride: int, **kwargs):
        super().__init__(**kwargs)
        self.patch_len = patch_len
        self.stride = stride

    def _num_patches(self, steps):
        return (steps - self.patch_len) // self.stride + 1

    def call(self, x):
        steps, features = x.shape[1], x.shape[2]
        n = self._num_patches(steps)
        index = ops.arange(n)[:, None] * self.stride + ops.arange(self.patch_len)[None, :]
        patches = ops.take(x, ops.reshape(index, (-1,)), axis=1)
        return ops.reshape(patches, (-1, n, self.patch_len * features))

    def compute_output_shape(self, input_shape):
        _, steps, features = input_shape
        return (input_shape[0], self._num_patches(steps), self.patch_len * features)

    def get_config(self):
        return {**super().get_config(), "patch_len": self.patch_len, "stride": self.stride}


@keras.saving.register_keras_serializable(package="carbonwh")
class ConcatPositionalEncoding(layers.Layer):
    """Appends a fixed `dim`-channel sinusoidal position encoding to every time step."""

    def __init__(self, dim: int, **kwargs):
        super().__init__(**kwargs)
        self.dim = dim

    def call(self, x):
        steps = ops.shape(x)[1]
        position = ops.cast(ops.arange(steps), x.dtype)[:, None]
        i = ops.cast(ops.arange(self.dim), x.dtype)[None, :]
        angle = position / ops.power(10000.0, 2.0 * ops.floor(i / 2.0) / self.dim)
        # even channels sin, odd channels cos
        even = ops.cast(ops.equal(ops.mod(ops.arange(self.dim), 2), 0), x.dtype)[None, :]
        encoding = even * ops.sin(angle) + (1.0 - even) * ops.cos(angle)
        encoding = ops.broadcast_to(encoding[None], (ops.shape(x)[0], steps, self.dim))
        return ops.concatenate([x, encoding], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + self.dim)

    def get_config(self):
        return {**super().get_config(), "dim": self.dim}


def pre_norm_encoder_block(
    x,
    num_heads: int,
    key_dim: int,
    ff_dim: int,
    dropout: float = 0.1,
    epsilon: float = 1e-6,
    conv_ffn: bool = False,
    dropout_after_attention: bool = True,
):
    """Pre-LayerNorm Transformer encoder block (LN → MHA → dropout → add; LN → FFN → add).

    The feed-forward network is Dense(ff_dim, relu) → Dropout → Dense(d_model), or the same
    with kernel-size-1 Conv1D layers (`conv_ffn`, the Informer variant).
    `dropout_after_attention=False` leaves out the Dropout layer between MHA and the add.
    """
    d_model = x.shape[-1]

    def ffn_layer(units, **kwargs):
        return layers.Conv1D(units, 1, **kwargs) if conv_ffn else layers.Dense(units, **kwargs)

    h = layers.LayerNormalization(epsilon=epsilon)(x)
    h = layers.MultiHeadAttention(num_heads=num_heads, key_dim=key_dim, dropout=dropout)(h, h)
    if dropout_after_attention:
        h = layers.Dropout(dropout)(h)
    res = layers.Add()([h, x])
    h = layers.LayerNormalization(epsilon=epsilon)(res)
    h = ffn_layer(ff_dim, activation="relu")(h)
    h = layers.Dropout(dropout)(h)
    h = ffn_layer(d_model)(h)
    return layers.Add()([h, res])


def encoder_forecaster(
    look_back: int,
    horizon: int,
    n_features: int,
    *,
    name: str,
    embed_dim: int | None,
    pool_time: bool,
    conv_ffn: bool = False,
    stem: layers.Layer | None = None,
    num_blocks: int = 2,
    num_heads: int = 4,
    key_dim: int = 64,
    ff_dim: int = 4,
    head_units: int = 64,
    dropout: float = 0.1,
):
    """[stem] → [embedding] → pre-norm encoder blocks → global average pool → Dense head.

    Shared by the Transformer, Informer and PatchTST families. `stem` is a layer applied to
    the input first (e.g. `Patching`); `embed_dim=None` attends over the raw features;
    `pool_time=False` pools over the feature axis (one value per time step).
    """
    inputs = keras.Input(shape=(look_back, n_features))
    x = inputs if stem is None else stem(inputs)
    if embed_dim is not None:
        x = TokenAndPositionEmbedding(x.shape[1], embed_dim)(x)
    for _ in range(num_blocks):
        x = pre_norm_encoder_block(x, num_heads, key_dim, ff_dim, dropout, conv_ffn=conv_ffn)
    data_format = "channels_last" if pool_time else "channels_first"
    x = layers.GlobalAveragePooling1D(data_format=data_format)(x)
    x = layers.Dense(head_units, activation="relu")(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(horizon)(x)
    return keras.Model(inputs, outputs, name=name)
