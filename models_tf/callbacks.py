"""Keras callback: one cumulative CodeCarbon row per epoch, and a per-epoch history."""

from __future__ import annotations

import keras

from models_tf import codecarbon_adapter


class EmissionsFlushCallback(keras.callbacks.Callback):
    """Flush the tracker at each epoch end (same run_id, one cumulative row per epoch).

    `tracker` is what `emissions_tracker` yields (a plain CodeCarbon tracker works too).

    `history` gets one entry per epoch: loss, val_loss and the cumulative emissions_kg,
    energy_kwh and duration_s of the row just written (None when nothing was written).
    """

    def __init__(self, tracker):
        super().__init__()
        self.tracker = tracker
        self.history: list[dict] = []

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        snapshot = self.tracker.flush() if self.tracker is not None else None
        if isinstance(snapshot, (int, float)):  # a plain CodeCarbon tracker: kg CO2e only
            energy = codecarbon_adapter.energy_kwh(self.tracker)
            snapshot = {"emissions_kg": float(snapshot), "energy_kwh": energy}
        snapshot = snapshot or {}
        self.history.append(
            {
                "epoch": epoch + 1,
                "loss": _float(logs.get("loss")),
                "val_loss": _float(logs.get("val_loss")),
                "emissions_kg": snapshot.get("emissions_kg"),
                "energy_kwh": snapshot.get("energy_kwh"),
                "duration_s": snapshot.get("duration_s"),
            }
        )


def _float(value):
    return None if value is None else float(value)
