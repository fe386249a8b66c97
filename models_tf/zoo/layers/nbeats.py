"""N-BEATS building blocks (Oreshkin et al., generic basis)."""

from __future__ import annotations

import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="carbonwh")
class NBeatsBlock(layers.Layer):
    """Fully connected stack → (backcast, forecast) through two expansion coefficients θ.

    `num_layers` Dense(units, relu) layers, then θ_b and θ_f (Dense(theta_dim)) and the
    generic linear bases mapping them to the backcast (input length) and forecast (horizon).
    """

    def __init__(
        self,
        units: int,
        backcast_length: int,
        forecast_length: int,
        num_layers: int = 4,
        theta_dim: int | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = units
        self.backcast_length = backcast_length
        self.forecast_length = forecast_length
        self.num_layers = num_layers
        self.theta_dim = theta_dim or units
        self.hidden = [layers.Dense(units, activation="relu") for _ in range(num_layers)]
        self.theta_backcast = layers.Dense(self.theta_dim)
        self.theta_forecast = layers.Dense(self.theta_dim)
        self.backcast_basis = layers.Dense(backcast_length)
        self.forecast_basis = layers.Dense(forecast_length)

    def build(self, input_shape):
        shape = input_shape
        for dense in self.hidden:
            dense.build(shape)
            shape = (*shape[:-1], self.units)
        self.theta_backcast.build(shape)
        self.theta_forecast.build(shape)
        theta_shape = (*shape[:-1], self.theta_dim)
        self.backcast_basis.build(theta_shape)
        self.forecast_basis.build(theta_shape)
        self.built = True

    def call(self, x):
        for dense in self.hidden:
            x = dense(x)
        backcast = self.backcast_basis(self.theta_backcast(x))
        forecast = self.forecast_basis(self.theta_forecast(x))
        return backcast, forecast

    def compute_output_shape(self, input_shape):
        return (
            (*input_shape[:-1], self.backcast_length),
            (*input_shape[:-1], self.forecast_length),
        )

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "backcast_length": self.backcast_length,
            "forecast_length": self.forecast_length,
            "num_layers": self.num_layers,
            "theta_dim": self.theta_dim,
        }


@keras.saving.register_keras_serializable(package="carbonwh")
class Negate(layers.Layer):
    """-x (the reference's `tf.math.negative`), so a residual is `Add([x, Negate(b)])`."""

    def call(self, x):
        return ops.negative(x)


def nbeats_stack(look_back: int, horizon: int, n_features: int, units: int, num_blocks: int, name):
    """Doubly residual stack: each block sees the residual of the previous backcasts;
    the forecast is the sum of all blocks' forecasts. Input is the flattened window."""
    length = look_back * n_features
    inputs = keras.Input(shape=(length,), name="input_sequence")
    residual, forecasts = inputs, []
    for i in range(num_blocks):
        backcast, forecast = NBeatsBlock(units, length, horizon)(residual)
        forecasts.append(forecast)
        if i < num_blocks - 1:
            residual = layers.Add()([residual, Negate()(backcast)])
    return keras.Model(inputs, layers.Add()(forecasts), name=name)
