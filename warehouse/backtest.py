"""Backtest of the predictors on the warehouse's own runs (leave one out).

For every measured run with at least 3 epochs of series and a known `epochs_max`: after
epoch k = 1, 2, 3, predict its final kg with carbontracker's rule (`linear`) and with ours
(`carbonwh`, the prior from the other runs only), and before it starts (`preflight`, the
estimate from the other runs). The score is the mean absolute percentage error, over all
runs and over the runs that stopped early (`epochs_run < epochs_max`).
"""

from __future__ import annotations

from models_tf.budget import Prior, linear_final_kg, predict_final_kg
from warehouse.budget_marts import RunCost
from warehouse.estimate import EstimateError, estimate_run

AFTER_EPOCHS = (1, 2, 3)


def _prior(others: list[RunCost], run: RunCost) -> Prior:
    try:
        return estimate_run(
            others,
            run.model,
            run.country_code or "",
            run.season,
            epochs=run.epochs_max,
            quick=run.is_quick,
            hardware=run.cpu_model,
            gpu=run.gpu_model,
            params=run.params,
        )[1]
    except EstimateError:
        return Prior()


def predictions(runs: list[RunCost], series: dict) -> list[dict]:
    """One row per (run, method, after_epochs): predicted and actual final kg."""
    rows = []
    for run in runs:
        cumulative = series.get(run.key) or []
        if not run.epochs_max or len(cumulative) < 3 or any(v is None for v in cumulative[:3]):
            continue
        others = [other for other in runs if other.key != run.key]
        early = run.epochs_run < run.epochs_max
        common = {"run": run.run, "actual_kg": run.emissions_kg, "early_stopped": early}
        try:
            preflight = estimate_run(
                others,
                run.model,
                run.country_code or "",
                run.season,
                epochs=run.epochs_max,
                quick=run.is_quick,
                hardware=run.cpu_model,
                gpu=run.gpu_model,
                params=run.params,
            )[0].emissions_kg
            rows.append(
                {**common, "method": "preflight", "after_epochs": 0, "predicted_kg": preflight}
            )
        except EstimateError:
            pass
        prior = _prior(others, run)
        for k in AFTER_EPOCHS:
            spent = cumulative[k - 1]
            rows.append(
                {
                    **common,
                    "method": "linear",
                    "after_epochs": k,
                    "predicted_kg": linear_final_kg(spent, k, run.epochs_max),
                }
            )
            rows.append(
                {
                    **common,
                    "method": "carbonwh",
                    "after_epochs": k,
                    "predicted_kg": predict_final_kg(
                        spent, k, run.epochs_max, prior, first_epoch_kg=cumulative[0]
                    ),
                }
            )
    return rows


def summarise(rows: list[dict]) -> list[dict]:
    """MAPE per (subset, method, after_epochs); subsets `all` and `early-stopped`."""
    table = []
    for subset in ("all", "early-stopped"):
        for method in ("preflight", "linear", "carbonwh"):
            for k in (0, *AFTER_EPOCHS):
                chosen = [
                    r
                    for r in rows
                    if r["method"] == method
                    and r["after_epochs"] == k
                    and (subset == "all" or r["early_stopped"])
                    and r["actual_kg"] > 0
                ]
                if not chosen:
                    continue
                errors = [abs(r["predicted_kg"] - r["actual_kg"]) / r["actual_kg"] for r in chosen]
                table.append(
                    {
                        "method": method,
                        "after_epochs": k,
                        "n_runs": len(chosen),
                        "mape_pct": 100.0 * sum(errors) / len(errors),
                        "subset": subset,
                    }
                )
    return table


def backtest(runs: list[RunCost], series: dict) -> list[dict]:
    return summarise(predictions(runs, series))
