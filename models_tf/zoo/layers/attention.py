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


def pre_norm_encoder_block(
    x,
    num_heads: int,
    key_dim: int,
    ff_dim: int,
    dropout: float = 0.1,
    epsilon: float = 1e-6,
):
    """Pre-LayerNorm Transformer encoder block (LN → MHA → dropout → add; LN → FFN → add).

    The feed-forward network is Dense(ff_dim, relu) → Dropout → Dense(d_model).
    """
    d_model = x.shape[-1]
    h = layers.LayerNormalization(epsilon=epsilon)(x)
    h = layers.MultiHeadAttention(num_heads=num_heads, key_dim=key_dim, dropout=dropout)(h, h)
    h = layers.Dropout(dropout)(h)
    res = layers.Add()([h, x])
    h = layers.LayerNormalization(epsilon=epsilon)(res)
    h = layers.Dense(ff_dim, activation="relu")(h)
    h = layers.Dropout(dropout)(h)
    h = layers.Dense(d_model)(h)
    return layers.Add()([h, res])
