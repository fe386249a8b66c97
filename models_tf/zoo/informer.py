"""Informer family: the Transformer encoder with kernel-size-1 Conv1D feed-forward layers
(as in the Informer paper's encoder), pooled over time to a dense forecast head.

v1 attends over the raw series; v2/v3 embed each step to 256 dimensions first.
"""

from __future__ import annotations

from models_tf.zoo import register
from models_tf.zoo.layers.attention import encoder_forecaster


def _informer(look_back, horizon, n_features, name, embed_dim):
    return encoder_forecaster(
        look_back,
        horizon,
        n_features,
        name=name,
        embed_dim=embed_dim,
        pool_time=True,
        conv_ffn=True,
    )


@register("Informer_Model")
def build_informer_model(look_back=72, horizon=72, n_features=1):
    return _informer(look_back, horizon, n_features, "Informer_Model", None)


@register("Informer_Model_v2")
def build_informer_model_v2(look_back=72, horizon=72, n_features=1):
    return _informer(look_back, horizon, n_features, "Informer_Model_v2", 256)


@register("Informer_Model_v3")
def build_informer_model_v3(look_back=72, horizon=72, n_features=1):
    return _informer(look_back, horizon, n_features, "Informer_Model_v3", 256)
