"""`carbonwh forecast`, `schedule` and `schedule-backtest`: the zoo's forecasts pick start times.

The logic lives in `models_tf.forecast` (saved models, the hourly series and its test
period) and `models_tf.scheduling` (argmax, policies, intensity, backtest); this module
resolves names to forecasters and prints. TensorFlow is imported only when a zoo model is
used.
"""

from __future__ import annotations

import json
import os
import time

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True, soft_wrap=True)
out = Console()

SEASON_HELP = "summer (April-September) or winter (October-March)"
MODEL_HELP = "Zoo model name (its latest saved run), `best`, or `persistence`."


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _ints(value: str, option: str) -> list[int]:
    try:
        numbers = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise _fail(f"{option} must be comma-separated whole hours, not {value!r}") from None
    if not numbers:
        raise _fail(f"{option} is empty")
    return numbers


def _slice(country: str, season: str, data_dir: str | None):
    """(country code, human name, season, HourlyData) of one data file."""
    from models_tf.countries import country_name
    from models_tf.data import SEASON_MONTHS, DataError, data_file
    from models_tf.forecast import read_hourly
    from warehouse.paths import resolve_data_dir

    code, season = country.strip().upper(), season.strip().lower()
    if season not in SEASON_MONTHS:
        raise _fail(f"season must be summer or winter, not {season!r}")
    if not code:
        raise _fail("country code is empty")
    try:
        data = read_hourly(data_file(resolve_data_dir(data_dir), code, season), season)
    except DataError as exc:
        raise _fail(str(exc)) from None
    return code, country_name(code), season, data


def _at(value: str | None, data):
    """`--at` as a UTC hour (default: the test period's start)."""
    import pandas as pd

    if value is None:
        return data.test_start
    try:
        at = pd.Timestamp(value)
    except ValueError:
        raise _fail(f"--at {value!r} is not a timestamp (e.g. 2024-07-01T00:00Z)") from None
    at = at.tz_localize("UTC") if at.tzinfo is None else at.tz_convert("UTC")
    if at != at.floor("h"):
        raise _fail(f"--at {value!r} is not on the hour")
    first, last = data.values.index[0], data.values.index[-1]
    if at < first or at > last + pd.Timedelta(hours=1):
        raise _fail(
            f"--at {at.isoformat()} is outside the data in {data.path} "
            f"({first.isoformat()} to {last.isoformat()})"
        )
    return at


def _best_model(db: str | None, country: str, season: str) -> list[str]:
    """Models of the slice by mean MAE (exact method), best first, from the marts."""
    from warehouse.db import WarehouseBusy, WarehouseMissing, connect
    from warehouse.paths import resolve_db

    try:
        con = connect(resolve_db(db), read_only=True, wait=30)
    except WarehouseMissing as exc:
        raise _fail(f"--model best needs the warehouse: {exc}") from None
    except WarehouseBusy as exc:
        raise _fail(str(exc), 3) from None
    try:
        rows = con.execute(
            "select model from marts.rpt_top_models_by_slice "
            "where method = 'exact' and country = ? and season = ? order by rank",
            [country, season],
        ).fetchall()
    except Exception as exc:  # no marts yet (never built)
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _fail(
            f"--model best: cannot read marts.rpt_top_models_by_slice in {resolve_db(db)} "
            f"(run `carbonwh build` first): {first}"
        ) from None
    finally:
        con.close()
    return [model for (model,) in rows]


def _forecaster(name: str, code: str, country: str, season: str, results_dir, db):
    """(forecast function, model run or None, model name) for `--model`/a policy name."""
    from models_tf import zoo
    from models_tf.forecast import load_forecaster, saved_runs
    from models_tf.scheduling import persistence_forecast
    from warehouse.paths import resolve_results_dir

    if name == "persistence":
        return persistence_forecast, None, "persistence"
    root = resolve_results_dir(results_dir)
    if name == "best":
        candidates = _best_model(db, country, season)
        if not candidates:
            raise _fail(f"--model best: no ranked models for {country} {season} in the warehouse")
    elif name in zoo.names():
        candidates = [name]
    else:
        raise _fail(f"unknown model {name!r}; `carbonwh zoo` lists them (or best, persistence)")
    for model in candidates:
        runs = saved_runs(root, model, country, season)
        if runs:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            forecaster = load_forecaster(root, runs[0])
            return forecaster.predict, forecaster.run, model
    raise _fail(
        f"no saved model for {', '.join(candidates[:3])} {country} {season} under {root} "
        f"(train one: carbonwh train --model {candidates[0]} --country {code} --season {season})"
    )


def _predict(forecast, data, at):
    from models_tf.data import DataError

    try:
        history = data.history(at)
    except DataError as exc:
        raise _fail(str(exc)) from None
    return forecast(history[None, :])[0]


def _iso(ts) -> str:
    return ts.strftime("%Y-%m-%dT%H:%MZ")


def _num(value, digits: int = 2):
    import math

    return None if value is None or not math.isfinite(value) else round(float(value), digits)


def forecast(
    country: str = typer.Option(..., help="ENTSO-E country code, e.g. DE."),
    season: str = typer.Option(..., help=SEASON_HELP),
    at: str = typer.Option(None, help="Forecast from this UTC hour [the test period's start]."),
    model: str = typer.Option("best", help=MODEL_HELP),
    data_dir: str = typer.Option(None, help="Data folder (fallback: CARBONWH_DATA_DIR, data)."),
    results_dir: str = typer.Option(None, help="Results root with the saved models."),
    db: str = typer.Option(None, help="Warehouse file, for --model best."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The next 72 hours' renewable share after --at, from the 72 hours before it."""
    import pandas as pd

    code, name, season, data = _slice(country, season, data_dir)
    start = _at(at, data)
    predict, run, model_name = _forecaster(model, code, name, season, results_dir, db)
    predicted = _predict(predict, data, start)
    actual = data.window(start, len(predicted))
    hours = pd.date_range(start, periods=len(predicted), freq="h")
    rows = [
        {"hour": _iso(h), "forecast_pct": _num(f), "actual_pct": _num(a)}
        for h, f, a in zip(hours, predicted, actual, strict=True)
    ]
    if as_json:
        print(
            json.dumps(
                {
                    "country": code,
                    "season": season,
                    "model": model_name,
                    "run": run,
                    "at": _iso(start),
                    "hours": rows,
                }
            )
        )
        return
    table = Table(title=f"{name} {season}: {model_name} forecast from {_iso(start)}")
    for column in ("hour", "forecast %", "actual %"):
        table.add_column(column, justify="left" if column == "hour" else "right")
    for row in rows:
        actual_pct = row["actual_pct"]
        table.add_row(
            row["hour"],
            f"{row['forecast_pct']:.1f}",
            "" if actual_pct is None else f"{actual_pct:.1f}",
        )
    out.print(table)


def schedule(
    country: str = typer.Option(..., help="ENTSO-E country code, e.g. DE."),
    season: str = typer.Option(..., help=SEASON_HELP),
    duration: int = typer.Option(..., help="Job length in whole hours."),
    deadline: int = typer.Option(..., help="The job must finish within this many hours (≤ 72)."),
    at: str = typer.Option(None, help="The job arrives at this UTC hour [the test start]."),
    model: str = typer.Option("best", help=MODEL_HELP),
    data_dir: str = typer.Option(None, help="Data folder (fallback: CARBONWH_DATA_DIR, data)."),
    results_dir: str = typer.Option(None, help="Results root with the saved models."),
    db: str = typer.Option(None, help="Warehouse file, for --model best."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The start within the deadline that maximises the forecast renewable share of a job."""
    import numpy as np
    import pandas as pd

    from models_tf.countries import country_iso3
    from models_tf.scheduling import ScheduleError, best_offset, check_job, intensity_model

    try:
        check_job(duration, deadline)
    except ScheduleError as exc:
        raise _fail(str(exc)) from None
    code, name, season, data = _slice(country, season, data_dir)
    start_at = _at(at, data)
    predict, run, model_name = _forecaster(model, code, name, season, results_dir, db)
    predicted = _predict(predict, data, start_at)
    offset = best_offset(predicted, duration, deadline)
    start = start_at + pd.Timedelta(hours=offset)
    best_share = float(np.mean(predicted[offset : offset + duration]))
    now_share = float(np.mean(predicted[:duration]))
    intensity = intensity_model(country_iso3(code))
    saving = None
    if intensity is not None:
        grams = intensity.intensity(predicted)
        now_grams = float(np.mean(grams[:duration]))
        best_grams = float(np.mean(grams[offset : offset + duration]))
        saving = 100.0 * (1 - best_grams / now_grams) if now_grams > 0 else None
    actual = data.window(start_at, deadline)
    result = {
        "country": code,
        "season": season,
        "model": model_name,
        "run": run,
        "at": _iso(start_at),
        "duration_h": duration,
        "deadline_h": deadline,
        "start": _iso(start),
        "start_offset_h": offset,
        "forecast_share_pct": _num(best_share),
        "now_forecast_share_pct": _num(now_share),
        "gain_pp": _num(best_share - now_share),
        "co2_saving_pct": _num(saving) if saving is not None else None,
        "actual_share_pct": _num(float(np.mean(actual[offset : offset + duration]))),
        "now_actual_share_pct": _num(float(np.mean(actual[:duration]))),
    }
    if as_json:
        print(json.dumps(result))
        return
    out.print(
        f"[bold]{name} {season}[/bold], {duration} h job arriving {result['at']}, "
        f"deadline {deadline} h ({model_name}):\n"
        f"  start {result['start']} (+{offset} h): forecast share {best_share:.1f} %\n"
        f"  start now: forecast share {now_share:.1f} %\n"
        f"  gain {best_share - now_share:+.1f} pp"
        + (f", expected CO₂ saving {saving:.1f} %" if saving is not None else "")
        + (
            f"\n  actual: {result['actual_share_pct']:.1f} % vs {result['now_actual_share_pct']:.1f} % now"
            if result["actual_share_pct"] is not None and result["now_actual_share_pct"] is not None
            else ""
        ),
        highlight=False,
    )


def _summary_fields() -> tuple[str, ...]:
    """The backtest's figures per row (after policy, model and job), as the library names them."""
    from models_tf.scheduling import SUMMARY_COLUMNS

    return SUMMARY_COLUMNS[SUMMARY_COLUMNS.index("n_arrivals") :]


def schedule_backtest(
    country: str = typer.Option(..., help="ENTSO-E country code, e.g. DE."),
    season: str = typer.Option(..., help=SEASON_HELP),
    policies: str = typer.Option(
        "now,random,persistence,oracle",
        help="Comma-separated: now, random, persistence, oracle, best, zoo model names.",
    ),
    durations: str = typer.Option("1,4,8", help="Job lengths in hours, comma-separated."),
    deadlines: str = typer.Option("24,48,72", help="Deadlines in hours, comma-separated (≤ 72)."),
    every: int = typer.Option(1, help="Hours between arrivals."),
    data_dir: str = typer.Option(None, help="Data folder (fallback: CARBONWH_DATA_DIR, data)."),
    results_dir: str = typer.Option(
        None, help="Results root: saved models, and where scheduling/… decisions are written."
    ),
    db: str = typer.Option(None, help="Warehouse file, for the `best` policy."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON array, one object per row."),
) -> None:
    """Backtest scheduling policies over the slice's test period; write the decisions."""
    from models_tf.countries import country_iso3
    from models_tf.scheduling import (
        BASELINES,
        ScheduleError,
        backtest,
        check_job,
        intensity_model,
        write_decisions,
    )
    from warehouse.paths import resolve_results_dir

    duration_list, deadline_list = _ints(durations, "--durations"), _ints(deadlines, "--deadlines")
    if every < 1:
        raise _fail(f"--every must be at least 1 hour, not {every}")
    try:
        for deadline in deadline_list:
            check_job(min(duration_list), deadline)
        check_job(max(duration_list), max(deadline_list))
    except ScheduleError as exc:
        raise _fail(str(exc)) from None
    names = list(dict.fromkeys(p.strip() for p in policies.split(",") if p.strip()))
    if not names:
        raise _fail("--policies is empty")
    code, name, season, data = _slice(country, season, data_dir)
    clock = time.perf_counter()
    chosen, models = {}, {}
    for policy in names:
        if policy in BASELINES and policy != "persistence":
            chosen[policy] = None
            continue
        chosen[policy], run, model_name = _forecaster(policy, code, name, season, results_dir, db)
        models[policy] = (model_name, run)
    result = backtest(
        data.values,
        data.test_start,
        data.test_end,
        chosen,
        duration_list,
        deadline_list,
        every,
        intensity_model(country_iso3(code)),
        models,
    )
    written = write_decisions(
        resolve_results_dir(results_dir),
        code,
        name,
        season,
        data.test_start,
        data.test_end,
        result.decisions,
    )
    seconds = time.perf_counter() - clock
    records = [
        {
            "country": code,
            "season": season,
            "policy": row["policy"],
            "model": row["model"] if isinstance(row["model"], str) else None,
            "model_run": row["model_run"] if isinstance(row["model_run"], str) else None,
            "duration_h": int(row["duration_h"]),
            "deadline_h": int(row["deadline_h"]),
            "test_start": _iso(data.test_start),
            "test_end": _iso(data.test_end),
            **{
                key: int(row[key]) if key == "n_arrivals" else _num(row[key], 4)
                for key in _summary_fields()
            },
        }
        for row in result.summary.to_dict("records")
    ]
    if as_json:
        print(json.dumps(records))
        return
    table = Table(
        title=f"{name} {season}: test period {_iso(data.test_start)} to {_iso(data.test_end)}"
    )
    heads = ("policy", "dur h", "deadline h", "arrivals", "share %", "now %", "random %")
    for column in (
        *heads,
        "oracle %",
        "gain pp",
        "capture",
        "CO₂ vs now %",
        "CO₂ vs random %",
        "MAE pp",
    ):
        table.add_column(column, justify="left" if column == "policy" else "right")
    for r in records:
        table.add_row(
            r["policy"],
            str(r["duration_h"]),
            str(r["deadline_h"]),
            str(r["n_arrivals"]),
            *(
                "" if r[key] is None else f"{r[key]:.2f}"
                for key in _summary_fields()[1:]  # n_arrivals is printed above
            ),
        )
    # A wide table: let it be as wide as it needs to be (piped output defaults to 80).
    Console(width=max(out.width, 170)).print(table)
    err.print(
        f"{len(result.decisions):,} decisions in {seconds:.1f} s -> "
        f"{written[0].parent if written else 'nothing written'}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add `forecast`, `schedule` and `schedule-backtest` to the app."""
    app.command("forecast")(forecast)
    app.command("schedule")(schedule)
    app.command("schedule-backtest")(schedule_backtest)
