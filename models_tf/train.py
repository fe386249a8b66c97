"""One tracked training run: build, fit with early stopping, evaluate, write the run report.

`train_run(...)` is the library entry; `python -m models_tf.train ...` is what the matrix
harness runs in a subprocess per cell. Explicit arguments win over the environment
conventions (`ENTRY_MODEL_NAME`/`RUN_MODEL_NAME`, `COUNTRY_CODE`, `BIONET_SEASON`,
`CARBONWH_DATA_DIR`, `CARBONWH_RESULTS_DIR`, `CARBONWH_RUN`, `CARBONWH_SEED`).

Outputs (paths relative to the results root):
- `emissions/<Model>/<Country>/<season>/<run>_emissions.csv`: one cumulative CodeCarbon row
  per epoch plus the final one, all with the same run_id;
- `reports/<Model>/<Country>/<season>/<run>.json`: the run report (fields: docs/training.md, "Run report fields");
- `models/<Model>/<Country>/<season>/<run>.keras`: the trained model (report: `model_file`,
  and `scaler` {min, max} to turn its [0, 1] outputs back into percent).
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from models_tf.data import SEASON_MONTHS, DataError, data_file, data_warnings, load_dataset
from models_tf.forecast import model_file, save_model
from models_tf.lineage import DataChanged, check_same_data, earlier_executions
from models_tf.naming import RunContext, resolve_data_dir, resolve_results_dir
from models_tf.report import (
    dependency_hash,
    git_commit,
    hardware,
    software,
    utc_now,
    write_json,
)

DEFAULT_EPOCHS = 30
DEFAULT_SEED = 42
BATCH_SIZE = 32
PATIENCE = 5
LEARNING_RATE = 1e-3
QUICK_EPOCHS = 2
QUICK_STEPS = 50
QUICK_EVAL_WINDOWS = 256


class TrainError(ValueError):
    """A run that cannot start (unknown model, missing season...); message says why."""


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise TrainError(f"{name}={value!r} is not an integer") from None


def regression_metrics(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float | None]:
    """mae, rmse, mse, mape (fraction, over non-zero actuals) and r2, on flat arrays."""
    actual = np.asarray(actual, dtype=float).ravel()
    predicted = np.asarray(predicted, dtype=float).ravel()
    error = predicted - actual
    mse = float(np.mean(error**2))
    nonzero = actual != 0
    mape = float(np.mean(np.abs(error[nonzero] / actual[nonzero]))) if nonzero.any() else None
    total = float(np.sum((actual - actual.mean()) ** 2))
    r2 = 1.0 - float(np.sum(error**2)) / total if total > 0 else None
    return {
        "mae": float(np.mean(np.abs(error))),
        "rmse": math.sqrt(mse),
        "mse": mse,
        "mape": mape,
        "r2": r2,
    }


def fit_shape(array: np.ndarray, shape: tuple) -> np.ndarray:
    """Reshape (n, 72) windows to a model's input/output shape, e.g. (None, 72, 1)."""
    dims = [array.shape[1] if d is None else d for d in shape[1:]]
    return array.reshape((len(array), *dims))


def model_inputs(net, windows: np.ndarray):
    """The series goes to the first input; any further input (e.g. TFT v1's unused static
    input, kept to match the reference architecture) gets zeros of its shape."""
    shapes = net.input_shape if isinstance(net.input_shape, list) else [net.input_shape]
    series = fit_shape(windows, shapes[0])
    if len(shapes) == 1:
        return series
    extra = [np.zeros((len(windows), *shape[1:]), dtype=windows.dtype) for shape in shapes[1:]]
    return [series, *extra]


def _build(model_name: str, builder: Callable | None, look_back: int, horizon: int):
    if builder is not None:
        return builder(look_back=look_back, horizon=horizon, n_features=1)
    from models_tf import zoo

    try:
        spec = zoo.spec(model_name)
    except KeyError as exc:
        raise TrainError(str(exc.args[0])) from None
    return spec.build(look_back=look_back, horizon=horizon, n_features=1)


def train_run(
    model: str | None = None,
    country: str | None = None,
    season: str | None = None,
    run: int | None = None,
    *,
    epochs: int | None = None,
    quick: bool = False,
    seed: int | None = None,
    data_dir: str | os.PathLike | None = None,
    results_dir: str | os.PathLike | None = None,
    builder: Callable | None = None,
    verbose: int = 0,
    budget_kg: float | None = None,
    budget_policy: str = "stop",
    budget_prior=None,
    force: bool = False,
) -> dict:
    """Train one (model, country, season, run) cell and write its run report; returns it.

    Raises `TrainError`/`DataError`/`TrackingConfigError` before anything is tracked when
    the run cannot start, including when the cell's earlier executions used other data
    (unless `force`; see models_tf/lineage.py). `builder` replaces the zoo lookup (tests,
    experiments). `budget_kg` adds a `CarbonBudgetCallback` (policy `stop` or `warn`) with
    `budget_prior`, a `models_tf.budget.Prior` of plain numbers.
    """
    from models_tf.tracking import emissions_tracker, tracker_settings

    context = RunContext.resolve(model, country, season)
    if context.model == "model" and builder is None:
        raise TrainError("no model given (--model, ENTRY_MODEL_NAME or RUN_MODEL_NAME)")
    if context.country_code is None:
        raise TrainError("no country given (--country or COUNTRY_CODE)")
    if context.season not in SEASON_MONTHS:
        raise TrainError(f"season must be summer or winter, not {context.season!r}")
    run = run if run is not None else (_env_int("CARBONWH_RUN") or 1)
    if run < 1:
        raise TrainError(f"run must be a positive integer, not {run}")
    base_seed = seed if seed is not None else _env_int("CARBONWH_SEED")
    # Repeated runs of a cell are repetitions, not copies: run N uses seed + N - 1.
    seed = (DEFAULT_SEED if base_seed is None else base_seed) + run - 1
    max_epochs = epochs or DEFAULT_EPOCHS
    if quick:
        max_epochs = min(max_epochs, QUICK_EPOCHS)
    results_root = resolve_results_dir(results_dir)
    path = data_file(resolve_data_dir(data_dir), context.country_code, context.season)
    run_name = context.run_name(run)
    settings = tracker_settings()  # fail on a bad config before any work

    dataset = load_dataset(path, context.season)
    data_sha256 = _sha256(dataset.path)
    history = earlier_executions(context.report_json(results_root, run_name))
    if not force:
        try:
            check_same_data(history, run_name, dataset.path, data_sha256, dataset.synthetic)
        except DataChanged as exc:
            raise TrainError(str(exc)) from None
    import keras

    keras.utils.set_random_seed(seed)
    net = _build(context.model, builder, dataset.x_train.shape[1], dataset.y_train.shape[1])
    params = int(net.count_params())
    x_train, y_train = dataset.x_train, dataset.y_train
    x_val, y_val = dataset.x_val, dataset.y_val
    x_test, y_test = dataset.x_test, dataset.y_test
    if quick:
        # Cap the work, not the coverage: at most 50 batches of training windows, and
        # validation/test windows, spread evenly over their periods (stride-1 windows
        # overlap by 143 of 144 hours, so a spread sample loses little).
        n_train = QUICK_STEPS * BATCH_SIZE
        x_train, y_train = _spread(x_train, n_train), _spread(y_train, n_train)
        x_val, y_val = _spread(x_val, QUICK_EVAL_WINDOWS), _spread(y_val, QUICK_EVAL_WINDOWS)
        x_test, y_test = _spread(x_test, QUICK_EVAL_WINDOWS), _spread(y_test, QUICK_EVAL_WINDOWS)
    steps = math.ceil(len(x_train) / BATCH_SIZE)
    x_train = model_inputs(net, x_train)
    x_val = model_inputs(net, x_val)
    y_train = fit_shape(y_train, net.output_shape)
    y_val = fit_shape(y_val, net.output_shape)

    from models_tf.callbacks import EmissionsFlushCallback

    started_at, clock = utc_now(), time.perf_counter()
    with emissions_tracker(run_name, results_dir=results_root, context=context) as (
        tracker,
        csv_path,
    ):
        # No XLA: on these CPUs its compile time outweighs its gain (measured on Transformer).
        net.compile(
            optimizer=keras.optimizers.Adam(LEARNING_RATE),
            loss="mse",
            metrics=["mae"],
            jit_compile=False,
        )
        flush = EmissionsFlushCallback(tracker)
        stop_early = keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=PATIENCE, restore_best_weights=True
        )
        budget = None
        if budget_kg is not None:
            from models_tf.callbacks import CarbonBudgetCallback

            budget = CarbonBudgetCallback(
                budget_kg,
                epochs_max=max_epochs,
                policy=budget_policy,
                prior=budget_prior,
                flush=flush,
            )
        net.fit(
            x_train,
            y_train,
            validation_data=(x_val, y_val),
            epochs=max_epochs,
            batch_size=BATCH_SIZE,
            shuffle=True,
            callbacks=[stop_early, flush] + ([budget] if budget else []),
            verbose=verbose,
        )
        predicted = net.predict(model_inputs(net, x_test), verbose=0)
    finished_at, seconds = utc_now(), time.perf_counter() - clock
    # Kept so the forecasts can be used (carbonwh forecast/schedule); outside the tracker:
    # saving is not training.
    model_path = save_model(net, model_file(results_root, context, run_name))

    scaler = dataset.scaler
    predicted = scaler.inverse_transform(np.asarray(predicted).reshape(len(x_test), -1))
    actual = scaler.inverse_transform(y_test)
    rows = tracker.rows()
    final = rows[-1] if rows else {}
    notes = data_warnings(dataset)
    if budget:
        for entry, step in zip(flush.history, budget.history, strict=False):
            entry["predicted_final_kg"] = step["predicted_final_kg"]
    if tracker.status != "measured":
        notes.append(f"emissions missing: {tracker.status.removeprefix('missing: ')}")
    report = {
        "model": context.model,
        "country": context.country,
        "country_code": context.country_code,
        "season": context.season,
        "run": run_name,
        "run_number": run,
        "metrics": regression_metrics(actual, predicted),
        "emissions_csv": csv_path.relative_to(results_root).as_posix()
        if csv_path.is_relative_to(results_root)
        else str(csv_path),
        "model_file": model_path.relative_to(results_root).as_posix(),
        "scaler": {"min": scaler.min_, "max": scaler.min_ + scaler.scale_},
        "codecarbon_run_id": tracker.run_id if rows else None,
        "emissions_status": tracker.status,
        "emissions_kg": _number(final.get("emissions")),
        "energy_kwh": _number(final.get("energy_consumed")),
        "duration_s": _number(final.get("duration")) or seconds,
        "params": params,
        "epochs_run": len(flush.history),
        "epochs_max": max_epochs,
        "quick": quick,
        "steps_per_epoch": steps,
        "batch_size": BATCH_SIZE,
        "train_windows": len(x_train),
        "test_windows": len(x_test),
        "history": flush.history,
        "budget_kg": budget_kg,
        "budget_policy": budget_policy if budget else None,
        "stopped_by_budget": bool(budget and budget.stopped_by_budget),
        "estimate_source": budget.prior.source if budget else None,
        "started_at": started_at,
        "finished_at": finished_at,
        "hardware": hardware(),
        "software": software(),
        "git_commit": git_commit(),
        "dependency_hash": dependency_hash(),
        "seed": seed,
        "data_file": str(dataset.path),
        "data_sha256": data_sha256,
        "synthetic": dataset.synthetic,
        "data_history": history,
        "data": dataset.info,
        "codecarbon": {
            "country_iso_code": settings.get("country_iso_code"),
            "measure_power_secs": settings.get("measure_power_secs"),
        },
        "warnings": notes,
    }
    write_json(context.report_json(results_root, run_name), report)
    return report


def _spread(array: np.ndarray, count: int) -> np.ndarray:
    """At most `count` rows, evenly spaced from first to last."""
    if len(array) <= count:
        return array
    return array[np.linspace(0, len(array) - 1, count).round().astype(int)]


def _sha256(path: Path) -> str:
    from models_tf.data import sha256_file

    return sha256_file(path)


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m models_tf.train", description="One tracked training run."
    )
    parser.add_argument("--model")
    parser.add_argument("--country")
    parser.add_argument("--season")
    parser.add_argument("--run", type=int)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--data-dir")
    parser.add_argument("--results-dir")
    parser.add_argument("--verbose", type=int, default=2)
    parser.add_argument("--force", action="store_true", help="train even on other data")
    return parser


def _interrupt(signum, frame):
    # SIGTERM behaves like Ctrl-C, so the tracker still stops and writes its row.
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    """Exit codes: 0 trained, 2 cannot start (bad input), 1 crashed, 130 interrupted."""
    from models_tf.tracking import EmissionsMissingWarning, TrackingConfigError

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow is imported
    args = _parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    warnings.simplefilter("ignore", EmissionsMissingWarning)  # the report's notes say it
    try:
        report = train_run(
            args.model,
            args.country,
            args.season,
            args.run,
            epochs=args.epochs,
            quick=args.quick,
            seed=args.seed,
            data_dir=args.data_dir,
            results_dir=args.results_dir,
            verbose=args.verbose,
            force=args.force,
        )
    except (TrainError, DataError, TrackingConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    for note in report["warnings"]:
        print(f"warning: {note}", file=sys.stderr)
    metrics = report["metrics"]
    print(
        f"{report['run']}: mae={metrics['mae']:.3f} epochs={report['epochs_run']} "
        f"emissions={report['emissions_status']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
