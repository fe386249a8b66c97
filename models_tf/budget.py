"""Predict a run's final emissions from its first epochs: plain arithmetic, no Keras.

Two rules, compared by `carbonwh estimate-backtest`:
- carbontracker's (`linear_final_kg`): `epochs_max x mean epoch so far`. Under early
  stopping `epochs_max` is a poor guess of how long the run lasts.
- ours (`predict_final_kg`): spent so far + expected remaining epochs x a per-epoch rate
  that blends the observed rate with the warehouse's prior; the expected epochs come from
  the model's history of `epochs_run`, conditioned on the epochs already done.

The prior is plain numbers (`Prior`): the warehouse side computes it, this side never
reads the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# How many observed epochs the prior's per-epoch rate weighs as: after one epoch the prior
# counts twice as much as the observation (the first epoch also pays graph tracing).
DEFAULT_PRIOR_WEIGHT = 2.0


@dataclass(frozen=True)
class Prior:
    """What is known before the run: a per-epoch cost and the model's epochs history.

    `kg_per_epoch` None: no prior rate (the observed rate alone). `epochs_history` empty:
    no history (the run is expected to reach `epochs_max`, as carbontracker assumes).
    """

    kg_per_epoch: float | None = None  # of the epochs after the first
    epochs_history: tuple[int, ...] = field(default_factory=tuple)
    weight_epochs: float = DEFAULT_PRIOR_WEIGHT
    source: str = "none"


def linear_final_kg(spent_kg: float, epochs_done: int, epochs_max: int) -> float:
    """carbontracker's rule: the mean epoch so far times the maximum epochs."""
    return spent_kg / epochs_done * epochs_max


def expected_epochs(epochs_done: int, epochs_max: int, history: tuple[int, ...]) -> float:
    """Mean final epoch count of the earlier runs that got at least this far (capped at
    `epochs_max`); `epochs_max` when none did or there is no history."""
    reached = [min(epochs, epochs_max) for epochs in history if epochs >= epochs_done]
    if not reached:
        return float(epochs_max)
    return max(sum(reached) / len(reached), float(epochs_done))


def blended_rate(
    spent_kg: float, epochs_done: int, prior: Prior, first_epoch_kg: float | None = None
) -> float:
    """Per-epoch kg of the epochs to come.

    The first epoch also pays the tracker's start and graph tracing (measured: 2-7x a later
    epoch), so the observed rate is that of the later epochs, weighted by their count, and
    the prior (the later-epoch rate of earlier runs) by its weight. After one epoch with a
    prior, the prior alone; without a prior, the observed mean (carbontracker's rate).
    """
    if prior.kg_per_epoch is None:
        return spent_kg / epochs_done
    if epochs_done < 2 or first_epoch_kg is None:
        return prior.kg_per_epoch
    later = (spent_kg - first_epoch_kg) / (epochs_done - 1)
    weight = prior.weight_epochs
    return ((epochs_done - 1) * later + weight * prior.kg_per_epoch) / (epochs_done - 1 + weight)


def predict_final_kg(
    spent_kg: float,
    epochs_done: int,
    epochs_max: int,
    prior: Prior,
    first_epoch_kg: float | None = None,
) -> float:
    """Spent so far + expected remaining epochs x blended per-epoch rate."""
    remaining = expected_epochs(epochs_done, epochs_max, prior.epochs_history) - epochs_done
    rate = blended_rate(spent_kg, epochs_done, prior, first_epoch_kg)
    return spent_kg + max(remaining, 0.0) * rate
