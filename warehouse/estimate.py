"""Pre-run estimates of a training run's energy, emissions, duration and epochs.

Evidence, best first (the `source` of an estimate):
- `same-model`: measured runs of this model on matching hardware (CPU model, and GPU
  model or none; `on_hardware`) of this slice, else any
  slice): mean per-epoch cost x expected epochs, the mean of `min(epochs_run, N)` over the
  model's history (early stopping), N the planned maximum.
- `cross-model`: a least-squares fit over the warehouse's runs on matching hardware of
  log(per-epoch cost) against log(params) and log(training windows), for a model never run
  on this hardware.
- `flops`: training FLOPs per epoch (6 x params x windows: forward 2 FLOPs per parameter
  and window, backward twice that) x epochs x energy per FLOP calibrated on the warehouse,
  or documented defaults when it holds no runs.

Pure logic over `budget_marts.RunCost` rows; no CLI code, no connection.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass

from models_tf.budget import Prior
from warehouse.budget_marts import RunCost

DEFAULT_EPOCHS = 30  # models_tf.train.DEFAULT_EPOCHS
QUICK_EPOCHS = 2  # models_tf.train.QUICK_EPOCHS
QUICK_WINDOWS = 50 * 32  # QUICK_STEPS x BATCH_SIZE
# Defaults of the `flops` level on an empty warehouse: medians of the 9 DE-summer runs of
# the budget benchmark (docs/budgets.md) on a 2-core AMD EPYC, CPU only.
DEFAULT_TRAIN_WINDOWS = 14_220  # DE summer training windows of the ENTSO-E files
DEFAULT_KWH_PER_FLOP = 1.3e-15
DEFAULT_S_PER_FLOP = 1.6e-10
DEFAULT_KG_PER_KWH = 0.38095  # Germany 2023 in CodeCarbon's energy mix (380.95 g/kWh)
Z80 = 1.2815515655446004  # normal quantile of 0.9: an 80 % interval is +-Z80 sigma
FLOPS_SPREAD = 3.0  # the flops level's 80 % interval: x/÷ 3


class EstimateError(ValueError):
    """No estimate can be made (e.g. a model whose parameter count is unknown)."""


@dataclass
class Estimate:
    model: str
    country: str
    season: str
    source: str
    n_runs_used: int
    epochs_expected: float
    energy_kwh: float | None
    emissions_kg: float
    duration_s: float | None
    emissions_kg_low: float
    emissions_kg_high: float

    def as_dict(self) -> dict:
        return asdict(self)


def on_hardware(run: RunCost, cpu: str | None, gpu: str | None) -> bool:
    """The run ran on this hardware: the same CPU model, and the same GPU or none on either
    side (a GPU name matches CodeCarbon's `1 x <name>`)."""
    if not same_hardware(run.cpu_model, cpu):
        return False
    run_gpu = " ".join((run.gpu_model or "").lower().split())
    this_gpu = " ".join((gpu or "").lower().split())
    if not run_gpu or not this_gpu:
        return run_gpu == this_gpu
    return this_gpu in run_gpu or run_gpu in this_gpu


def same_hardware(a: str | None, b: str | None) -> bool:
    """CPU model strings equal up to case and spacing (unknown never matches)."""
    if not a or not b:
        return False
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def planned_epochs(epochs: int | None, quick: bool) -> int:
    planned = epochs or DEFAULT_EPOCHS
    return min(planned, QUICK_EPOCHS) if quick else planned


def _in_slice(run: RunCost, country_code: str, season: str) -> bool:
    return (run.country_code or "").upper() == country_code.upper() and run.season == season


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def same_model(
    runs: list[RunCost],
    model: str,
    country_code: str,
    season: str,
    *,
    planned: int,
    quick: bool,
    hardware,
    gpu=None,
) -> tuple[Estimate, Prior] | None:
    """The `same-model` level, or None when the model has no run on this hardware."""
    pool = [
        r
        for r in runs
        if r.model == model and r.is_quick == quick and on_hardware(r, hardware, gpu)
    ]
    if not pool:
        return None
    used = [r for r in pool if _in_slice(r, country_code, season)] or pool
    history = [r.epochs_run for r in runs if r.model == model and r.is_quick == quick]
    epochs = sum(min(e, planned) for e in history) / len(history)
    kg_per_epoch = _mean([r.kg_per_epoch for r in used])
    point = kg_per_epoch * epochs
    # 80 % interval: the spread of per-epoch cost x final epochs over the runs seen.
    totals = [r.kg_per_epoch * min(e, planned) for r in used for e in history]
    if len(totals) >= 3:
        low, high = min(_quantile(totals, 0.1), point), max(_quantile(totals, 0.9), point)
    else:
        low, high = point / 2, point * 2
    estimate = Estimate(
        model=model,
        country=country_code,
        season=season,
        source="same-model",
        n_runs_used=len(used),
        epochs_expected=epochs,
        energy_kwh=_times(_mean([_per_epoch(r.energy_kwh, r) for r in used]), epochs),
        emissions_kg=point,
        duration_s=_times(_mean([_per_epoch(r.duration_s, r) for r in used]), epochs),
        emissions_kg_low=low,
        emissions_kg_high=high,
    )
    # The prior of a budget callback: the per-epoch kg of the epochs after the first.
    later = _mean([r.later_kg_per_epoch for r in used])
    return estimate, Prior(kg_per_epoch=later, epochs_history=tuple(history), source="same-model")


def _per_epoch(value: float | None, run: RunCost) -> float | None:
    return None if value is None else value / run.epochs_run


def _windows(runs: list[RunCost], country_code: str, season: str, quick: bool) -> float:
    """Training windows of a run in this slice: the median over the warehouse's runs."""
    if quick:
        return float(QUICK_WINDOWS)
    full = [r for r in runs if r.train_windows and not r.is_quick]
    in_slice = [r.train_windows for r in full if _in_slice(r, country_code, season)]
    known = in_slice or [r.train_windows for r in full]
    return float(statistics.median(known)) if known else float(DEFAULT_TRAIN_WINDOWS)


def fit_loglog(xs: list[list[float]], ys: list[float]) -> tuple[list[float], float]:
    """Least squares of log(y) on [1, log(x)...]; returns (coefficients, residual sd)."""
    import numpy as np

    design = np.column_stack(
        [np.ones(len(ys)), *[np.log(np.asarray(col)) for col in zip(*xs, strict=True)]]
    )
    target = np.log(np.asarray(ys))
    coefficients, *_ = np.linalg.lstsq(design, target, rcond=None)
    residuals = target - design @ coefficients
    dof = max(len(ys) - design.shape[1], 1)
    return [float(c) for c in coefficients], float(math.sqrt(float(residuals @ residuals) / dof))


def _predict(coefficients: list[float], x: list[float]) -> float:
    return math.exp(
        coefficients[0] + sum(c * math.log(v) for c, v in zip(coefficients[1:], x, strict=True))
    )


def cross_model(
    runs: list[RunCost],
    model: str,
    country_code: str,
    season: str,
    *,
    planned: int,
    quick: bool,
    hardware,
    params: int | None,
    gpu=None,
) -> tuple[Estimate, Prior] | None:
    """The `cross-model` level: None without params or with fewer than two models to fit."""
    pool = [
        r
        for r in runs
        if r.is_quick == quick and on_hardware(r, hardware, gpu) and r.params and r.emissions_kg > 0
    ]
    if not params or len({r.model for r in pool}) < 2:
        return None
    # Windows join the fit only when they are known for every run and vary.
    with_windows = all(r.train_windows for r in pool) and len({r.train_windows for r in pool}) > 1
    xs = [[r.params, r.train_windows] if with_windows else [r.params] for r in pool]
    target_x = [params, _windows(runs, country_code, season, quick)] if with_windows else [params]
    kg_fit, sigma = fit_loglog(xs, [r.kg_per_epoch for r in pool])
    kg_per_epoch = _predict(kg_fit, target_x)
    history = [r.epochs_run for r in runs if r.model == model and r.is_quick == quick] or [
        r.epochs_run for r in pool
    ]
    epochs = sum(min(e, planned) for e in history) / len(history)
    extra = {}
    for name in ("energy_kwh", "duration_s"):
        points = [
            (x, getattr(r, name) / r.epochs_run)
            for x, r in zip(xs, pool, strict=True)
            if getattr(r, name)
        ]
        extra[name] = (
            _predict(fit_loglog(*zip(*points, strict=True))[0], target_x) * epochs
            if points
            else None
        )
    point = kg_per_epoch * epochs
    estimate = Estimate(
        model=model,
        country=country_code,
        season=season,
        source="cross-model",
        n_runs_used=len(pool),
        epochs_expected=epochs,
        energy_kwh=extra["energy_kwh"],
        emissions_kg=point,
        duration_s=extra["duration_s"],
        emissions_kg_low=point * math.exp(-Z80 * sigma),
        emissions_kg_high=point * math.exp(Z80 * sigma),
    )
    # A fit over other models is weaker evidence than the run's own epochs: weigh it less.
    later = kg_per_epoch * statistics.median(r.later_kg_per_epoch / r.kg_per_epoch for r in pool)
    return estimate, Prior(
        kg_per_epoch=later,
        epochs_history=tuple(history),
        weight_epochs=0.5,
        source="cross-model",
    )


def flops_level(
    runs: list[RunCost],
    model: str,
    country_code: str,
    season: str,
    *,
    planned: int,
    quick: bool,
    params: int,
) -> tuple[Estimate, Prior]:
    """The `flops` level: calibrated on every measured run with params and windows."""
    windows = _windows(runs, country_code, season, quick)
    flops_per_epoch = 6.0 * params * windows
    calibration = [r for r in runs if r.params and r.train_windows and r.energy_kwh]
    if calibration:
        work = [6.0 * r.params * r.train_windows * r.epochs_run for r in calibration]
        kwh_per_flop = statistics.median(
            r.energy_kwh / w for r, w in zip(calibration, work, strict=True)
        )
        timed = [(r.duration_s, w) for r, w in zip(calibration, work, strict=True) if r.duration_s]
        s_per_flop = statistics.median(d / w for d, w in timed) if timed else DEFAULT_S_PER_FLOP
        kg_per_kwh = sum(r.emissions_kg for r in calibration) / sum(
            r.energy_kwh for r in calibration
        )
    else:
        kwh_per_flop, s_per_flop, kg_per_kwh = (
            DEFAULT_KWH_PER_FLOP,
            DEFAULT_S_PER_FLOP,
            DEFAULT_KG_PER_KWH,
        )
    history = [r.epochs_run for r in runs if r.model == model and r.is_quick == quick]
    epochs = sum(min(e, planned) for e in history) / len(history) if history else float(planned)
    energy = flops_per_epoch * epochs * kwh_per_flop
    point = energy * kg_per_kwh
    estimate = Estimate(
        model=model,
        country=country_code,
        season=season,
        source="flops",
        n_runs_used=len(calibration),
        epochs_expected=epochs,
        energy_kwh=energy,
        emissions_kg=point,
        duration_s=flops_per_epoch * epochs * s_per_flop,
        emissions_kg_low=point / FLOPS_SPREAD,
        emissions_kg_high=point * FLOPS_SPREAD,
    )
    prior = Prior(
        kg_per_epoch=point / epochs if epochs else None,
        epochs_history=tuple(history),
        weight_epochs=0.25,
        source="flops",
    )
    return estimate, prior


def estimate_run(
    runs: list[RunCost],
    model: str,
    country_code: str,
    season: str,
    *,
    epochs: int | None = None,
    quick: bool = False,
    hardware: str | None = None,
    params: int | None = None,
    gpu: str | None = None,
) -> tuple[Estimate, Prior]:
    """The best evidence level's estimate and the prior a budget callback should use."""
    season = season.lower()
    planned = planned_epochs(epochs, quick)
    found = same_model(
        runs, model, country_code, season, planned=planned, quick=quick, hardware=hardware, gpu=gpu
    )
    found = found or cross_model(
        runs,
        model,
        country_code,
        season,
        planned=planned,
        quick=quick,
        hardware=hardware,
        params=params,
        gpu=gpu,
    )
    if found:
        return found
    if not params:
        raise EstimateError(
            f"no run of {model} on this hardware and its parameter count is unknown "
            "(not in the zoo): cannot estimate"
        )
    return flops_level(
        runs, model, country_code, season, planned=planned, quick=quick, params=params
    )
