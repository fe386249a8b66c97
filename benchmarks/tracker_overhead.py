"""Stage: what CodeCarbon costs a training run.

The same DLinear training (a fixed number of steps, calibrated once to last about
`--seconds`, split into `--epochs` epochs) runs in three arms: without a tracker, and inside
`models_tf.tracking.emissions_tracker` with `measure_power_secs` 15 and 1, flushing one
cumulative row per epoch as the training runner does. Each arm runs `--repeats` times,
interleaved so that load from other processes spreads over all arms. The overhead ratio of
an arm is its median wall time over the median of the untracked arm; the tracked wall time
includes creating, starting and stopping the tracker, which a user pays on every run; that
fixed cost is also measured alone, for the first tracker of the process (a tracker around
nothing), since on a busy machine the arms scatter by more than the overhead and only the
first arm run of the process pays it.

`python -m benchmarks.tracker_overhead OUT_DIR [--seconds 60] [--repeats 3] [--epochs 10]`
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from benchmarks.stage import emit

BATCH = 32
LOOK_BACK = HORIZON = 72
POWER_ARMS = {"tracker_15s": 15.0, "tracker_1s": 1.0}


def _data(steps: int, seed: int = 0):
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.random((steps * BATCH, LOOK_BACK), dtype="float32")
    y = rng.random((steps * BATCH, HORIZON), dtype="float32")
    return x, y


def _fit(model, x, y, epochs: int, callbacks=()) -> None:
    model.fit(x, y, batch_size=BATCH, epochs=epochs, shuffle=False, verbose=0,
              callbacks=list(callbacks))  # fmt: skip


def calibrate_steps(model, seconds: float, epochs: int, probe_steps: int = 100) -> int:
    """Steps per epoch so that `epochs` epochs take about `seconds` on this machine."""
    x, y = _data(probe_steps, seed=1)
    _fit(model, x, y, 1)  # trace and compile the train step once
    started = time.perf_counter()
    _fit(model, x, y, 1)
    per_step = (time.perf_counter() - started) / probe_steps
    return max(1, round(seconds / epochs / per_step))


def tracker_fixed_cost(out_dir: Path, label: str) -> float:
    """Seconds to create, start and stop a tracker around nothing: what every run pays once.

    On a busy machine the arms' medians scatter by several percent; this fixed cost divided
    by the training time is the part of the overhead that noise cannot hide.
    """
    from models_tf.tracking import emissions_tracker

    started = time.perf_counter()
    with emissions_tracker(f"bench_fixed_{label}", output_file=out_dir / f"fixed_{label}.csv",
                           measure_power_secs=15.0):  # fmt: skip
        pass
    return time.perf_counter() - started


def measure(out_dir: Path, seconds: float, repeats: int, epochs: int) -> dict:
    import keras

    from models_tf.callbacks import EmissionsFlushCallback
    from models_tf.tracking import emissions_tracker
    from models_tf.zoo import build

    # The first tracker of a process pays CodeCarbon's import and hardware detection; the
    # runner trains every cell in its own process, so every real run pays this once.
    cold_start = tracker_fixed_cost(out_dir, "cold")
    keras.utils.set_random_seed(0)
    model = build("DLinear_Model")
    model.compile(optimizer="adam", loss="mse")
    steps = calibrate_steps(model, seconds, epochs)
    x, y = _data(steps)

    def run_arm(arm: str, repeat: int) -> float:
        started = time.perf_counter()
        if arm == "plain":
            _fit(model, x, y, epochs)
        else:
            csv_path = out_dir / f"{arm}_{repeat}_emissions.csv"
            with emissions_tracker(
                f"bench_overhead_{arm}_{repeat}",
                output_file=csv_path,
                measure_power_secs=POWER_ARMS[arm],
            ) as (tracker, _):
                _fit(model, x, y, epochs, [EmissionsFlushCallback(tracker)])
        return time.perf_counter() - started

    arms = ["plain", *POWER_ARMS]
    times: dict[str, list[float]] = {arm: [] for arm in arms}
    for repeat in range(repeats):
        order = arms[repeat % len(arms) :] + arms[: repeat % len(arms)]  # rotate the order
        for arm in order:
            times[arm].append(run_arm(arm, repeat))
    medians = {arm: statistics.median(values) for arm, values in times.items()}
    return {
        "tracker_fixed_cost_s": cold_start,
        "steps_per_epoch": steps,
        "epochs": epochs,
        "times_s": times,
        "median_s": medians,
        "ratio_15s": medians["tracker_15s"] / medians["plain"],
        "ratio_1s": medians["tracker_1s"] / medians["plain"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tracker_overhead")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result = measure(args.out_dir, args.seconds, args.repeats, args.epochs)
    emit({"seconds": time.perf_counter() - started, **result})


if __name__ == "__main__":
    main()
