"""PatchTST family: the Informer-style encoder (Conv1D feed-forward) over patches of the
look-back window, pooled over patches to a dense forecast head.

v1 attends over the raw steps (a Reshape stands in for patching); v2/v3 split the window
into patches (length 1, stride 1 in the reference configuration: one token per step),
embed them to 64 dimensions with a learned position embedding. v2 and v3 are identical
in the reference summaries.
"""

from __future__ import annotations

from keras import layers

from models_tf.zoo import register
from models_tf.zoo.layers.attention import Patching, encoder_forecaster

PATCH_LEN = 1
STRIDE = 1
EMBED_DIM = 64


def _patchtst(look_back, horizon, n_features, name, stem, embed_dim):
    return encoder_forecaster(
        look_back,
        horizon,
        n_features,
        name=name,
        stem=stem,
        embed_dim=embed_dim,
        pool_time=True,
        conv_ffn=True,
    )


@register("PatchTST_Model")
def build_patchtst_model(look_back=72, horizon=72, n_features=1):
    stem = layers.Reshape((look_back, n_features))
    return _patchtst(look_back, horizon, n_features, "PatchTST_Model", stem, None)


@register("PatchTST_Model_v2")
def build_patchtst_model_v2(look_back=72, horizon=72, n_features=1):
    stem = Patching(PATCH_LEN, STRIDE)
    return _patchtst(look_back, horizon, n_features, "PatchTST_Model_v2", stem, EMBED_DIM)


@register("PatchTST_Model_v3")
def build_patchtst_model_v3(look_back=72, horizon=72, n_features=1):
    stem = Patching(PATCH_LEN, STRIDE)
    return _patchtst(look_back, horizon, n_features, "PatchTST_Model_v3", stem, EMBED_DIM)
