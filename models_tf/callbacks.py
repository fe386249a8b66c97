"""Keras callbacks: per-epoch CodeCarbon rows and history; a carbon budget."""

from __future__ import annotations

import warnings

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


class BudgetExceededWarning(UserWarning):
    """A run is predicted to exceed (or has exceeded) its carbon budget."""


class CarbonBudgetCallback(keras.callbacks.Callback):
    """After every epoch, predict the run's final kg CO2e and enforce a budget.

    The spend comes from `flush` (an `EmissionsFlushCallback` placed before this one in
    `callbacks`, so nothing is flushed twice) or, without it, from `tracker.flush()`
    (ours or a plain CodeCarbon tracker). The prediction is
    `models_tf.budget.predict_final_kg` with `prior` (plain numbers from the warehouse).
    `policy="stop"` ends training when the prediction or the spend exceeds `budget_kg`;
    `"warn"` only warns (once). `history` holds per epoch `spent_kg` and
    `predicted_final_kg`; `stopped_by_budget` says whether this callback ended the run.
    """

    def __init__(
        self,
        budget_kg: float,
        *,
        epochs_max: int,
        policy: str = "stop",
        prior=None,
        flush: EmissionsFlushCallback | None = None,
        tracker=None,
    ):
        from models_tf.budget import Prior

        if policy not in ("stop", "warn"):
            raise ValueError(f"budget policy must be stop or warn, not {policy!r}")
        if budget_kg is None or not budget_kg > 0:
            raise ValueError(f"budget must be a positive number of kg, not {budget_kg!r}")
        super().__init__()
        self.budget_kg = float(budget_kg)
        self.epochs_max = int(epochs_max)
        self.policy = policy
        self.prior = prior or Prior()
        self.flush = flush
        self.tracker = tracker
        self.history: list[dict] = []
        self.stopped_by_budget = False
        self.warned = False

    def _spent_kg(self) -> float | None:
        if self.flush is not None:
            return self.flush.history[-1].get("emissions_kg") if self.flush.history else None
        snapshot = self.tracker.flush() if self.tracker is not None else None
        if isinstance(snapshot, dict):
            return snapshot.get("emissions_kg")
        return float(snapshot) if isinstance(snapshot, (int, float)) else None

    def _first_kg(self) -> float | None:
        return self.history[0]["spent_kg"] if self.history else None

    def on_epoch_end(self, epoch, logs=None):
        from models_tf.budget import predict_final_kg

        spent = self._spent_kg()
        done = epoch + 1
        predicted = (
            None
            if spent is None
            else predict_final_kg(
                spent, done, self.epochs_max, self.prior, first_epoch_kg=self._first_kg()
            )
        )
        self.history.append({"epoch": done, "spent_kg": spent, "predicted_final_kg": predicted})
        if predicted is None or predicted <= self.budget_kg and spent <= self.budget_kg:
            return
        message = (
            f"carbon budget {self.budget_kg:.4g} kg: after epoch {done} spent {spent:.4g} kg, "
            f"predicted final {predicted:.4g} kg"
        )
        if self.policy == "stop":
            self.stopped_by_budget = True
            self.model.stop_training = True
            warnings.warn(f"{message}; stopping", BudgetExceededWarning, stacklevel=2)
        elif not self.warned:
            self.warned = True
            warnings.warn(
                f"{message}; continuing (policy warn)", BudgetExceededWarning, stacklevel=2
            )
