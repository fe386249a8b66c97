"""Carbon-aware scheduling on tiny series with known answers, and one trained model end to end."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from models_tf import scheduling as sched
from models_tf.scheduling import ScheduleError, backtest, best_offset, persistence_forecast

T0 = pd.Timestamp("2024-07-01T00:00Z")


def _series(values) -> pd.Series:
    return pd.Series(
        np.asarray(values, dtype=float), index=pd.date_range(T0, periods=len(values), freq="h")
    )


def _daily(days: int, seed: int = 0) -> pd.Series:
    """A noisy daily cycle: the renewable share peaks mid-day."""
    hours = np.arange(24 * days)
    rng = np.random.default_rng(seed)
    return _series(
        50 + 30 * np.sin(2 * np.pi * (hours % 24 - 6) / 24) + rng.normal(0, 5, len(hours))
    )


# ---- the scheduler -------------------------------------------------------------------
def test_scheduler_picks_the_argmax_window():
    forecast = np.array([10, 20, 90, 80, 10, 70, 75, 76, 5, 5], dtype=float)
    assert best_offset(forecast, duration=1, deadline=10) == 2
    assert best_offset(forecast, duration=2, deadline=10) == 2  # (90+80)/2
    assert best_offset(forecast, duration=3, deadline=10) == 5  # (70+75+76)/3 > (20+90+80)/3
    assert best_offset(forecast, duration=2, deadline=4) == 2  # last allowed start 4-2=2
    assert best_offset(forecast, duration=3, deadline=4) == 1  # (20+90+80) beats (10+20+90)


def test_ties_take_the_earliest_start():
    assert best_offset(np.array([5.0, 7.0, 7.0, 7.0, 1.0]), duration=1, deadline=5) == 1
    # window means equal up to float rounding still count as ties
    assert best_offset(np.array([0.1, 0.2, 0.3, 0.0, 0.2, 0.4]), duration=3, deadline=6) == 0


@pytest.mark.parametrize(
    ("duration", "deadline", "words"),
    [(5, 4, "longer than the deadline"), (4, 73, "beyond the 72 h"), (0, 24, "at least 1")],
)
def test_bad_jobs_are_refused(duration, deadline, words):
    with pytest.raises(ScheduleError, match=words):
        sched.check_job(duration, deadline)


def test_persistence_repeats_the_last_day():
    history = np.arange(72, dtype=float)[None, :]
    forecast = persistence_forecast(history)
    assert forecast.shape == (1, 72)
    # hour a + h = actual at a - 24 + (h mod 24), i.e. history index 48 + h % 24
    assert forecast[0, 0] == 48 and forecast[0, 23] == 71 and forecast[0, 24] == 48


# ---- the intensity model ---------------------------------------------------------------
def test_intensity_model_follows_codecarbons_mix():
    entry = {
        "iso_code": "XXX",
        "carbon_intensity": 300.0,
        "total_TWh": 100.0,
        "fossil_TWh": 50.0,
        "nuclear_TWh": 20.0,
    }
    model = sched.IntensityModel.from_mix(entry)
    assert model.fossil_intensity == pytest.approx(600.0)
    assert model.nuclear_share == pytest.approx(0.2)
    # 30 % renewable: 1 - 0.3 - 0.2 = 0.5 fossil -> 300 g; at 80 % and above: nothing fossil
    np.testing.assert_allclose(model.intensity([30.0, 80.0, 95.0]), [300.0, 0.0, 0.0])


def test_intensity_of_the_benchmark_countries_comes_from_the_installed_codecarbon():
    mix = sched.energy_mix()
    for iso3 in ("DEU", "DNK", "ESP", "HUN"):
        model = sched.intensity_model(iso3, mix)
        entry = mix[iso3]
        assert model.fossil_intensity == pytest.approx(
            entry["carbon_intensity"] * entry["total_TWh"] / entry["fossil_TWh"]
        )
    assert sched.intensity_model("NOPE", mix) is None


# ---- the backtest ----------------------------------------------------------------------
def _run(values, policies, durations=(4,), deadlines=(24,), every=1, start_hour=72):
    start = values.index[start_hour]
    end = values.index[-1] + pd.Timedelta(hours=1)
    mix_model = sched.IntensityModel("XXX", None, 300.0, 600.0, 0.1)
    return backtest(
        values, start, end, policies, list(durations), list(deadlines), every, mix_model
    )


BASELINES = {"now": None, "random": None, "persistence": persistence_forecast, "oracle": None}


def test_now_has_no_gain_and_random_is_the_mean_over_allowed_starts():
    values = _daily(10)
    result = _run(values, BASELINES, durations=(4,), deadlines=(24,))
    summary = result.summary.set_index("policy")
    assert summary.loc["now", "gain_pp"] == pytest.approx(0.0, abs=1e-12)
    assert summary.loc["now", "co2_reduction_pct"] == pytest.approx(0.0, abs=1e-12)

    decisions = result.decisions
    random_rows = decisions[decisions["policy"] == "random"]
    row = random_rows.iloc[5]
    a = row["arrival"]
    starts = [values[a + pd.Timedelta(hours=k) :].iloc[:4].mean() for k in range(24 - 4 + 1)]
    assert row["share_pct"] == pytest.approx(np.mean(starts))
    assert summary.loc["random", "mean_share_pct"] == pytest.approx(
        summary.loc["random", "random_share_pct"]
    )
    assert summary.loc["random", "co2_reduction_vs_random_pct"] == pytest.approx(0.0, abs=1e-9)


def test_oracle_is_the_best_any_policy_can_do():
    result = _run(_daily(10), BASELINES, durations=(1, 4), deadlines=(24, 48))
    summary = result.summary
    for _, group in summary.groupby(["duration_h", "deadline_h"]):
        shares = group.set_index("policy")["mean_share_pct"]
        assert shares["oracle"] == shares.max()
        assert group.set_index("policy").loc["oracle", "oracle_capture"] == pytest.approx(1.0)


def test_a_perfect_forecast_equals_the_oracle():
    values = _daily(10)

    def perfect(histories):
        # Look the future up by matching the history (test-only cheat: a perfect forecaster).
        index = {
            tuple(np.round(values.to_numpy()[i - 72 : i], 9)): i for i in range(72, len(values))
        }
        out = np.full((len(histories), 72), np.nan)
        for row, history in enumerate(histories):
            i = index[tuple(np.round(history, 9))]
            future = values.to_numpy()[i : i + 72]
            out[row, : len(future)] = future
            out[row, len(future) :] = -1e9  # beyond the data: never chosen
        return out

    result = _run(values, {"oracle": None, "perfect": perfect}, durations=(1, 4), deadlines=(24,))
    d = result.decisions
    oracle, perfect_rows = d[d["policy"] == "oracle"], d[d["policy"] == "perfect"]
    assert len(oracle) == len(perfect_rows) > 0
    np.testing.assert_array_equal(oracle["start"].to_numpy(), perfect_rows["start"].to_numpy())
    assert perfect_rows["forecast_mae_pp"].max() == pytest.approx(0.0, abs=1e-9)


def test_no_look_ahead_changing_the_future_never_changes_a_choice():
    values = _daily(10)
    base = _run(values, {"persistence": persistence_forecast}, durations=(4,), deadlines=(24,))
    choices = base.decisions.set_index("arrival")["start"]
    a = choices.index[10]
    changed = values.copy()
    changed[changed.index >= a] = np.random.default_rng(7).uniform(
        0, 100, (changed.index >= a).sum()
    )
    after = _run(changed, {"persistence": persistence_forecast}, durations=(4,), deadlines=(24,))
    new = after.decisions.set_index("arrival")["start"]
    # every arrival up to and including a saw the same past: the same start
    assert (new.loc[:a] == choices.loc[:a]).all()

    seen = []

    def spy(histories):
        seen.append(histories.copy())
        return persistence_forecast(histories)

    _run(values, {"spy": spy}, durations=(4,), deadlines=(24,))
    arrivals = base.decisions["arrival"].drop_duplicates().reset_index(drop=True)
    for row, arrival in enumerate(arrivals):
        past = values[arrival - pd.Timedelta(hours=72) : arrival - pd.Timedelta(hours=1)].to_numpy()
        np.testing.assert_array_equal(seen[0][row], past)


def test_arrivals_across_a_gap_are_skipped():
    values = _daily(12)
    gap = values.index[150]
    values[gap] = np.nan
    arrivals = sched.arrival_times(
        values, values.index[72], values.index[-1] + pd.Timedelta(hours=1), 24
    )
    # an arrival a counts only when [a - 72, a + 24) has every hour
    assert not any(a - pd.Timedelta(hours=72) <= gap < a + pd.Timedelta(hours=24) for a in arrivals)
    assert arrivals[0] == values.index[72]
    assert len(arrivals) == (len(values) - 72 - 24 + 1) - (72 + 24)
    assert (arrivals + pd.Timedelta(hours=24) <= values.index[-1] + pd.Timedelta(hours=1)).all()


def test_every_thins_the_arrivals():
    values = _daily(10)
    hourly = _run(values, {"now": None}, every=1).decisions
    sparse = _run(values, {"now": None}, every=6).decisions
    assert len(sparse) == pytest.approx(len(hourly) / 6, abs=1)
    assert ((sparse["arrival"] - values.index[72]) % pd.Timedelta(hours=6) == pd.Timedelta(0)).all()


def test_co2_reductions_are_ratios_of_sums(tmp_path):
    values = _daily(10)
    result = _run(values, BASELINES)
    d = result.decisions[result.decisions["policy"] == "oracle"]
    expected = 100 * (1 - d["intensity_g_per_kwh"].sum() / d["now_intensity_g_per_kwh"].sum())
    got = result.summary.set_index("policy").loc["oracle", "co2_reduction_pct"]
    assert got == pytest.approx(expected)
    assert got > 0

    paths = sched.write_decisions(
        tmp_path, "DE", "Germany", "summer", values.index[72], values.index[-1], result.decisions
    )
    assert sorted(p.name for p in paths) == sorted(f"{p}_decisions.csv" for p in BASELINES)
    back = pd.read_csv(tmp_path / "scheduling" / "Germany" / "summer" / "oracle_decisions.csv")
    assert len(back) == len(d) and back["start"].iloc[0].endswith("Z")


# ---- a trained model, end to end -----------------------------------------------------------
@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from models_tf.synth_data import write_synthetic
    from models_tf.train import train_run

    data = tmp_path_factory.mktemp("data")
    write_synthetic(data, "DE", "summer", seed=3, years=2)
    results = tmp_path_factory.mktemp("Results")
    report = train_run(
        "DLinear_Model", "DE", "summer", 1, quick=True, epochs=1, data_dir=data, results_dir=results
    )
    return data, results, report


def test_training_keeps_the_model_and_its_scaler(trained):
    _, results, report = trained
    assert (
        report["model_file"]
        == "models/DLinear_Model/Germany/summer/DLinear_Model_Germany_summer_run1.keras"
    )
    assert (results / report["model_file"]).is_file()
    assert report["scaler"]["min"] < report["scaler"]["max"]
    assert report["scaler"] == {
        "min": report["data"]["scaler"]["min"],
        "max": report["data"]["scaler"]["max"],
    }


def test_a_trained_model_forecasts_and_schedules_end_to_end(trained, cli):
    data, results, report = trained
    common = ["--country", "DE", "--season", "summer", "--data-dir", data, "--results-dir", results]
    hourly = __import__("models_tf.forecast", fromlist=["read_hourly"]).read_hourly(
        data / "energy_data_DE_5years_summer.csv", "summer"
    )
    at = hourly.test_start + pd.Timedelta(hours=24)
    stamp = at.strftime("%Y-%m-%dT%H:%MZ")

    result = cli(["forecast", *common, "--model", "DLinear_Model", "--at", stamp, "--json"])
    assert result.exit_code == 0, result.output
    forecast = json.loads(result.stdout)
    assert forecast["run"] == report["run"] and len(forecast["hours"]) == 72
    assert forecast["hours"][0]["hour"] == stamp
    assert all(h["actual_pct"] is not None for h in forecast["hours"])
    predicted = np.array([h["forecast_pct"] for h in forecast["hours"]])

    result = cli(
        [
            "schedule",
            *common,
            "--model",
            "DLinear_Model",
            "--at",
            stamp,
            "--duration",
            "4",
            "--deadline",
            "24",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    choice = json.loads(result.stdout)
    assert choice["start_offset_h"] == best_offset(predicted, 4, 24)
    assert choice["gain_pp"] >= 0

    result = cli(
        [
            "schedule-backtest",
            *common,
            "--policies",
            "now,random,oracle,DLinear_Model",
            "--durations",
            "4",
            "--deadlines",
            "24",
            "--every",
            "24",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    rows = {row["policy"]: row for row in json.loads(result.stdout)}
    assert rows["DLinear_Model"]["model"] == "DLinear_Model"
    assert rows["DLinear_Model"]["model_run"] == report["run"]
    assert rows["DLinear_Model"]["forecast_mae_pp"] is not None
    assert rows["now"]["gain_pp"] == 0
    assert rows["oracle"]["mean_share_pct"] >= rows["DLinear_Model"]["mean_share_pct"]
    assert (results / "scheduling" / "Germany" / "summer" / "DLinear_Model_decisions.csv").is_file()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["schedule", "--duration", "8", "--deadline", "4"], "longer than the deadline"),
        (["schedule", "--duration", "4", "--deadline", "96"], "beyond the 72 h"),
        (
            ["schedule", "--duration", "4", "--deadline", "24", "--model", "Nope_Model"],
            "unknown model",
        ),
        (
            ["schedule", "--duration", "4", "--deadline", "24", "--at", "2001-01-01T00:00Z"],
            "outside the data",
        ),
        (["forecast", "--model", "persistence", "--at", "garbage"], "not a timestamp"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(trained, cli, args, words):
    data, results, _ = trained
    result = cli(
        [
            *args,
            "--country",
            "DE",
            "--season",
            "summer",
            "--data-dir",
            data,
            "--results-dir",
            results,
        ]
    )
    assert result.exit_code == 2
    assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_hours_before_at_are_named(trained, cli, tmp_path):
    data, results, _ = trained
    source = data / "energy_data_DE_5years_summer.csv"
    lines = source.read_text().splitlines()
    del lines[200]  # one hour gone
    broken = tmp_path / "energy_data_DE_5years_summer.csv"
    broken.write_text("\n".join(lines) + "\n")
    gone = lines[200 - 1 + 1].split(",")[0]  # the row now at 200 follows the deleted hour
    at = pd.Timestamp(gone)
    result = cli(
        [
            "forecast",
            "--country",
            "DE",
            "--season",
            "summer",
            "--model",
            "persistence",
            "--at",
            at.strftime("%Y-%m-%dT%H:%MZ"),
            "--data-dir",
            tmp_path,
        ]
    )
    assert result.exit_code == 2
    assert "missing" in result.stderr and str(broken) in result.stderr
