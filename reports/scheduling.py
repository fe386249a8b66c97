"""The scheduling backtest in the report: a chart of the share per policy, a LaTeX table and
one lead sentence per slice for summary.md. Reads `marts.rpt_schedule_backtest` only (one
query, `read_backtest`); nothing is written when the warehouse has no backtest.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import duckdb
import pandas as pd

from reports.charts import ChartSpec
from reports.latex import Table, integer, number, render_table

CHART_NAME = "schedule_share_by_policy"
TABLE_NAME = "schedule_backtest"
TABLE_HEADER = [
    "Slice",
    "Job",
    "Policy",
    "N",
    "Share (%)",
    "Now (%)",
    "Oracle (%)",
    "Gain (pp)",
    "CO2 vs now (%)",
    "CO2 vs random (%)",
]
BASELINES = ("now", "random", "oracle")
LEAD_JOB = (4, 24)  # the job of the lead sentences: 4 h within 24 h


def read_backtest(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The backtest mart, or an empty frame when the warehouse has none."""
    try:
        return con.execute(
            "select country, season, policy, model, duration_h, deadline_h, n_arrivals, "
            "mean_share_pct, now_share_pct, random_share_pct, oracle_share_pct, gain_pp, "
            "co2_reduction_pct, co2_reduction_vs_random_pct "
            "from marts.rpt_schedule_backtest "
            "order by country, season, duration_h, deadline_h, policy"
        ).df()
    except duckdb.Error:  # an older warehouse without the scheduling marts
        return pd.DataFrame()


def _slice(row) -> str:
    return f"{row.country} {str(row.season).capitalize()}"


def share_chart(frame: pd.DataFrame) -> alt.FacetChart:
    data = frame.assign(
        slice=[_slice(r) for r in frame.itertuples()],
        job=[f"{r.duration_h} h / {r.deadline_h} h" for r in frame.itertuples()],
    )[["slice", "job", "policy", "mean_share_pct"]]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("policy:N", title=None),
            y=alt.Y("mean_share_pct:Q", title="Renewable share over the job (%)"),
            color=alt.Color("policy:N", legend=None),
            column=alt.Column("job:N", title="Job duration / deadline"),
            row=alt.Row("slice:N", title=None),
            tooltip=["slice", "job", "policy", alt.Tooltip("mean_share_pct:Q", format=".1f")],
        )
        .properties(width=140, height=100, title="Renewable share achieved per policy")
    )


def backtest_table(frame: pd.DataFrame) -> Table:
    rows = [
        [
            _slice(r),
            f"{r.duration_h} h / {r.deadline_h} h",
            r.policy,
            integer(r.n_arrivals),
            number(r.mean_share_pct, 1),
            number(r.now_share_pct, 1),
            number(r.oracle_share_pct, 1),
            number(r.gain_pp, 1),
            number(r.co2_reduction_pct, 1),
            number(r.co2_reduction_vs_random_pct, 1),
        ]
        for r in frame.itertuples()
    ]
    return Table(TABLE_NAME, TABLE_HEADER, rows, "lllrrrrrrr")


def lead_sentences(frame: pd.DataFrame) -> list[str]:
    """One sentence per slice on 4 h jobs within 24 h, from the best forecasting policy."""
    if frame.empty:
        return []
    duration, deadline = LEAD_JOB
    job = frame[(frame["duration_h"] == duration) & (frame["deadline_h"] == deadline)]
    sentences = []
    for (country, season), group in job.groupby(["country", "season"], sort=True):
        forecasters = group[~group["policy"].isin(BASELINES)]
        if forecasters.empty:
            continue
        best = forecasters.sort_values("mean_share_pct", ascending=False).iloc[0]
        name = best["model"] if isinstance(best["model"], str) else best["policy"]
        co2 = best["co2_reduction_pct"]
        sentences.append(
            f"{country} {season}, {duration} h jobs within {deadline} h: the best forecaster "
            f"({name}) {'raised' if best['gain_pp'] >= 0 else 'lowered'} the renewable share "
            f"from {best['now_share_pct']:.1f} % "
            f"(start now) to {best['mean_share_pct']:.1f} % "
            f"(oracle {best['oracle_share_pct']:.1f} %)"
            + (f", −{co2:.1f} % CO₂." if pd.notna(co2) and co2 >= 0 else "")
            + (f", +{-co2:.1f} % CO₂." if pd.notna(co2) and co2 < 0 else "")
            + ("." if pd.isna(co2) else "")
        )
    return sentences


def schedule_chart(frame: pd.DataFrame) -> ChartSpec | None:
    """The share-per-policy chart (a report chart like the others), or None without a backtest."""
    if frame.empty:
        return None
    return ChartSpec(
        CHART_NAME,
        "Scheduling backtest: renewable share achieved per policy",
        share_chart(frame),
        rows=len(frame),
    )


def write_scheduling(
    frame: pd.DataFrame, out_dir: Path, method: str
) -> tuple[list[str], list[Path]]:
    """Write the backtest's LaTeX table when there is one; (lead sentences, files)."""
    table_path = out_dir / "tables" / f"{TABLE_NAME}.tex"
    if frame.empty:
        table_path.unlink(missing_ok=True)  # no stale output from an earlier backtest
        return [], []
    table_path.parent.mkdir(parents=True, exist_ok=True)
    table_path.write_text(render_table(backtest_table(frame), method), encoding="utf-8")
    return lead_sentences(frame), [table_path]


def with_leads(summary: str, sentences: list[str]) -> str:
    """summary.md with the lead sentences right under its title."""
    if not sentences:
        return summary
    title, _, rest = summary.partition("\n")
    return f"{title}\n\n" + "\n".join(f"- {s}" for s in sentences) + "\n" + rest
