"""Transformer family: pre-norm encoder blocks over the look-back window, pooled to a
dense forecast head.

v1 attends over the raw 1-feature series; v2/v3 first embed each step to 256 dimensions
with a learned position embedding. v1 and v3 pool over the feature axis (one value per
time step), v2 over time.
"""

from __future__ import annotations

from models_tf.zoo import register
from models_tf.zoo.layers.attention import encoder_forecaster


@register("Transformer_Model")
def build_transformer_model(look_back=72, horizon=72, n_features=1):
    return encoder_forecaster(
        look_back, horizon, n_features, name="Transformer_Model", embed_dim=None, pool_time=False
    )


@register("Transformer_Model_v2")
def build_transformer_model_v2(look_back=72, horizon=72, n_features=1):
    return encoder_forecaster(
        look_back, horizon, n_features, name="Transformer_Model_v2", embed_dim=256, pool_time=True
    )


@register("Transformer_Model_v3")
def build_transformer_model_v3(look_back=72, horizon=72, n_features=1):
    return encoder_forecaster(
        look_back, horizon, n_features, name="Transformer_Model_v3", embed_dim=256, pool_time=False
    )
