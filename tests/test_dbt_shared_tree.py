"""dbt build on ../shared's real DE/DK tree: the hand-checked examples (docs/dbt.md, Tests), and the seed
rows of the four publication marts against an independent pandas re-implementation of the
published way (read each `*_emissions.csv` with pandas, apply the seed rule, join reports)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import shared_path

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.fixture(scope="module")
def con(shared_warehouse):
    connection = duckdb.connect(str(shared_warehouse), read_only=True)
    yield connection
    connection.close()


def cell(con, model, country, season, run):
    cursor = con.execute(
        "select n_executions, emissions_kg, total_emissions_kg, emissions_kg_published "
        "from marts.fct_training_runs where model = ? and country = ? and season = ? and run = ?",
        [model, country, season, run],
    )
    return cursor.fetchone()


def test_hand_checked_rising_re_executions(con):
    n, exact, total, seed = cell(
        con, "DLinear_Model", "Denmark", "winter", "DLinear_Model_Denmark_winter_run1"
    )
    assert n == 3
    assert seed == pytest.approx(0.002251, abs=5e-7)  # max of 0.001211, 0.001486, 0.002251
    assert total == pytest.approx(0.004948, abs=5e-7)
    assert exact == pytest.approx(0.002251, abs=5e-7)  # the latest execution
    reason = con.execute(
        "select reason from marts.rpt_method_differences where run = ?",
        ["DLinear_Model_Denmark_winter_run1"],
    ).fetchall()
    assert reason == [("rising re-executions taken as max",)]


def test_hand_checked_non_monotonic_file(con):
    n, exact, total, seed = cell(
        con, "CNN_LSTM_Model_v2", "Denmark", "summer", "CNN_LSTM_Model_v2_Denmark_summer_run1"
    )
    assert n == 3
    assert seed == pytest.approx(0.169487, abs=5e-7)  # sum of 0.02636, 0.11369, 0.02944
    assert total == pytest.approx(seed, abs=1e-12)
    assert exact == pytest.approx(0.029436, abs=5e-7)  # the latest execution's total
    assert con.execute(
        "select count(*) from marts.rpt_method_differences where run = ?",
        ["CNN_LSTM_Model_v2_Denmark_summer_run1"],
    ).fetchone() == (0,)


# --- the published way, independently --------------------------------------------


def _seed(values: pd.Series) -> float:
    numbers = pd.to_numeric(values, errors="coerce").fillna(0.0)
    steps = numbers.diff().dropna()
    return float(numbers.max() if (steps >= -1e-9).all() else numbers.sum())


def published_runs(results: Path) -> pd.DataFrame:
    emissions = {}
    for path in results.glob("emissions/*/*/*/*_emissions.csv"):
        model, country, season = path.parts[-4:-1]
        run = path.name[: -len("_emissions.csv")]
        emissions[(model, country, season, run)] = _seed(pd.read_csv(path)["emissions"])
    runs = []
    for path in results.glob("reports/*/*/*/*.json"):
        model, country, season = path.parts[-4:-1]
        mae = (json.loads(path.read_text()).get("metrics") or {}).get("mae")
        key = (model, country, season, path.stem)
        runs.append(
            {
                "slice": f"{country} {season.capitalize()}",
                "model": model,
                "run": path.stem,
                "mae": mae,
                "emissions": emissions.get(key),
            }
        )
    return pd.DataFrame(runs).astype({"mae": float, "emissions": float})


@pytest.fixture(scope="module")
def runs():
    """The published computation, less fallback-context cells (`model/…/unknown`): the
    published tables showed them as "Denmark Unknown & model"; the marts leave them out
    unless var include_fallback_context is true."""
    frame = published_runs(shared_path("reference", "upstream_results", "Results"))
    fallback = (frame["model"] == "model") | frame["slice"].str.startswith("All ")
    fallback |= frame["slice"].str.endswith(" Unknown")
    return frame[~fallback]


def first_per_slice(frame: pd.DataFrame, ascending_mae: bool) -> pd.DataFrame:
    ordered = frame.assign(key_mae=frame["mae"] if ascending_mae else -frame["mae"])
    ordered = ordered.sort_values(
        ["slice", "key_mae", "emissions", "model", "run"], na_position="last"
    )
    return ordered.groupby("slice", as_index=False).first().set_index("slice")


def test_seed_mae_summary_follows_the_published_rules(con, runs):
    with_mae = runs[runs["mae"].notna()]
    best = first_per_slice(with_mae, ascending_mae=True)
    worst = first_per_slice(with_mae, ascending_mae=False)
    n = with_mae.groupby("slice").size()
    got = con.execute(
        "select slice, best_model, best_run, best_mae, worst_model, worst_run, worst_mae, n_runs "
        "from marts.rpt_mae_summary where method = 'published' order by slice"
    ).fetchall()
    assert [g[0] for g in got] == sorted(n.index)
    for slice_, best_model, best_run, best_mae, worst_model, worst_run, worst_mae, n_runs in got:
        assert (best_model, best_run) == (best.loc[slice_, "model"], best.loc[slice_, "run"])
        assert (worst_model, worst_run) == (worst.loc[slice_, "model"], worst.loc[slice_, "run"])
        assert best_mae == pytest.approx(best.loc[slice_, "mae"])
        assert worst_mae == pytest.approx(worst.loc[slice_, "mae"])
        assert n_runs == n[slice_]


def test_seed_low_carbon_leaders_follow_the_published_rules(con, runs):
    eligible = runs[runs["mae"].notna() & runs["emissions"].notna() & (runs["emissions"] <= 0.10)]
    leaders = first_per_slice(eligible, ascending_mae=True)
    got = con.execute(
        "select slice, model, run, mae, emissions_kg from marts.rpt_low_carbon_leaders "
        "where method = 'published' order by slice"
    ).fetchall()
    assert [g[0] for g in got] == sorted(leaders.index)
    for slice_, model, run, mae, emissions in got:
        assert (model, run) == (leaders.loc[slice_, "model"], leaders.loc[slice_, "run"])
        assert mae == pytest.approx(leaders.loc[slice_, "mae"])
        assert emissions == pytest.approx(leaders.loc[slice_, "emissions"])


def test_seed_top_models_follow_the_published_rules(con, runs):
    per_model = (
        runs[runs["mae"].notna()]
        .groupby(["slice", "model"], as_index=False)
        .agg(mean_mae=("mae", "mean"), mean_emissions=("emissions", "mean"))
        .sort_values(["slice", "mean_mae", "mean_emissions", "model"], na_position="last")
    )
    per_model["rank"] = per_model.groupby("slice").cumcount() + 1
    expected = per_model[per_model["rank"] <= 10]
    got = con.execute(
        "select slice, rank, model, mean_mae from marts.rpt_top_models_by_slice "
        "where method = 'published' order by slice, rank"
    ).fetchall()
    assert [(s, r, m) for s, r, m, _ in got] == list(
        expected[["slice", "rank", "model"]].itertuples(index=False, name=None)
    )
    assert [g[3] for g in got] == pytest.approx(list(expected["mean_mae"]))


def test_seed_pareto_front_follows_the_published_rules(con, runs):
    both = runs[runs["mae"].notna() & runs["emissions"].notna()]
    points = both.groupby(["slice", "model"], as_index=False).agg(
        mae=("mae", "mean"), emissions=("emissions", "mean")
    )
    expected = []
    for slice_, group in points.groupby("slice"):
        front = [
            p
            for p in group.itertuples()
            if not any(
                o.mae <= p.mae
                and o.emissions <= p.emissions
                and (o.mae < p.mae or o.emissions < p.emissions)
                for o in group.itertuples()
            )
        ]
        front.sort(key=lambda p: (p.mae, p.emissions, p.model))
        expected += [(slice_, rank, p.model) for rank, p in enumerate(front, start=1)]
    got = con.execute(
        "select slice, pareto_rank, model from marts.rpt_pareto_front "
        "where method = 'published' and is_pareto order by slice, pareto_rank"
    ).fetchall()
    assert got == expected
    n_points = con.execute(
        "select count(*) from marts.rpt_pareto_front where method = 'published'"
    ).fetchone()[0]
    assert n_points == len(points)
