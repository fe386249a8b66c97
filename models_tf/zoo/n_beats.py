"""N_Beats family: a doubly residual stack of generic N-BEATS blocks over the flattened
look-back window (input shape `(look_back,)`; a trailing feature axis of 1 is squeezed by
Keras when fitting on `(batch, look_back, 1)` windows).

v1: three blocks of width 256; v2: three of width 128; v3: four of width 256.
"""

from __future__ import annotations

from models_tf.zoo import register
from models_tf.zoo.layers.nbeats import nbeats_stack


@register("N_Beats_Model")
def build_nbeats_model(look_back=72, horizon=72, n_features=1):
    return nbeats_stack(look_back, horizon, n_features, 256, 3, "N_Beats_Model")


@register("N_Beats_Model_v2")
def build_nbeats_model_v2(look_back=72, horizon=72, n_features=1):
    return nbeats_stack(look_back, horizon, n_features, 128, 3, "N_Beats_Model_v2")


@register("N_Beats_Model_v3")
def build_nbeats_model_v3(look_back=72, horizon=72, n_features=1):
    return nbeats_stack(look_back, horizon, n_features, 256, 4, "N_Beats_Model_v3")
