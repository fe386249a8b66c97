"""Altair chart specifications over the frames of `reports.data`.

Every chart gets its data inline (bounded by models x slices), so the same spec renders to
PNG/SVG through vl-convert and in the offline HTML page through the inlined vega-embed.
Charts are sized for 41 models x 4 slices: one row per model at a bounded step, slices as
wrapped facets, full model names (no truncation), emissions in one unit per axis
(`reports.units`) on a log axis when they spread over more than 10x.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import altair as alt
import pandas as pd

from reports.data import ReportData
from reports.units import Unit, choose_unit

# Stable file stems of charts/<name>.png|svg, in page order.
CHART_NAMES = (
    "emissions_by_model_box",
    "emissions_by_model_box_log",
    "emissions_heatmap_by_season",
    "pareto_front_by_slice",
    "top_models_by_mae",
    "epoch_loss_emissions",
    "efficient_frontier",
    "energy_split_by_model",
)
FRONT_COLOR = "#c0392b"
MAE_TITLE = "mean MAE over runs (pp, percentage points)"
LOG_SPREAD = 10  # a log axis once max / min of the positive values exceeds this
FACET_COLUMNS = 4  # facets wrap after this many panels
MAX_PLOT_HEIGHT = 620  # px of one panel before the step per model shrinks
LABEL_LIMIT = 400  # px: long model names are shown whole
FRONT_PALETTE = "tableau20"


@dataclass
class ChartSpec:
    name: str  # stable file stem: charts/<name>.png and .svg
    title: str
    chart: alt.TopLevelMixin
    rows: int  # data rows embedded in the spec

    @functools.cached_property
    def spec(self) -> dict:
        """The Vega-Lite JSON (validated once; shared by the images and the page)."""
        return self.chart.to_dict()


def _spread(values: pd.Series) -> float:
    positive = values[values > 0].dropna()
    if positive.empty:
        return 1.0
    return float(positive.max() / positive.min())


def use_log(values: pd.Series) -> bool:
    return _spread(values) > LOG_SPREAD


def _step(n_rows: int) -> int:
    """Pixels per model row: 16 by default, less when there are many, never under 9."""
    return max(9, min(16, MAX_PLOT_HEIGHT // max(1, n_rows)))


def _scaled(frame: pd.DataFrame, columns: list[str], unit: Unit) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = frame[column].astype(float) * unit.factor
    return frame


def _mass_scale(values: pd.Series, log: bool) -> alt.Scale:
    if log:
        return alt.Scale(type="log", nice=False, padding=8)
    return alt.Scale(zero=True, domainMin=0)


def _box(frame: pd.DataFrame, log_scale: bool) -> alt.FacetChart:
    """Box plot from dbt's quartiles: whisker min..max, box q1..q3, tick across the box at
    the median; one panel per slice (wrapped), one row per model."""
    columns = ["min_kg", "q1_kg", "median_kg", "q3_kg", "max_kg"]
    frame = frame.rename(columns={f"{c[:-3]}_emissions_kg": c for c in columns})
    if log_scale:
        frame = frame[frame["min_kg"] > 0]
    unit = choose_unit(frame["median_kg"], "mass")
    data = _scaled(frame, columns, unit)
    step = _step(data["model"].nunique())
    scale = _mass_scale(data["min_kg"], log_scale)
    fmt = ",~r"
    tooltip = ["model:N", "slice:N", "n_runs:Q"] + [
        alt.Tooltip(f"{c}:Q", title=f"{c[:-3]} ({unit.label})", format=".4~g") for c in columns
    ]
    x_title = f"{unit.label} per run" + (" (log scale)" if log_scale else "")
    base = alt.Chart().encode(
        y=alt.Y("model:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        tooltip=tooltip,
    )
    whisker = base.mark_rule(color="#555").encode(
        x=alt.X(
            "min_kg:Q", scale=scale, title=x_title, axis=alt.Axis(format=fmt, labelOverlap="greedy")
        ),
        x2="max_kg",
    )
    box = base.mark_bar(size=step * 0.7, color="#9ecae1", stroke="#3182bd").encode(
        x="q1_kg:Q", x2="q3_kg"
    )
    median = base.mark_tick(color="black", thickness=2, size=step * 0.7).encode(x="median_kg:Q")
    return (
        alt.layer(whisker, box, median, data=data)
        .properties(width=230, height=alt.Step(step))
        .facet(facet=alt.Facet("slice:N", title=None), columns=FACET_COLUMNS)
    )


def _heatmap(frame: pd.DataFrame) -> alt.FacetChart:
    """Mean emissions per model x country, a panel per season; a log colour scale when the
    means spread over more than 10x (one outlier must not make every other cell pale)."""
    unit = choose_unit(frame["mean_emissions_kg"], "mass")
    data = _scaled(frame, ["mean_emissions_kg"], unit)
    data["season"] = data["season"].str.capitalize()
    log = use_log(data["mean_emissions_kg"])
    data = data[data["mean_emissions_kg"] > 0] if log else data
    scale = (
        alt.Scale(type="log", scheme="viridis", reverse=True)
        if log
        else alt.Scale(scheme="viridis", reverse=True, zero=True)
    )
    step = _step(data["model"].nunique())
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("country:N", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
            y=alt.Y("model:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            color=alt.Color(
                "mean_emissions_kg:Q",
                title=[f"mean {unit.label}", "per run" + (" (log)" if log else "")],
                scale=scale,
                legend=alt.Legend(format=",~r"),
            ),
            tooltip=[
                "model:N",
                "country:N",
                "season:N",
                alt.Tooltip("mean_emissions_kg:Q", title=f"mean {unit.label}", format=".4~g"),
                "n_runs:Q",
            ],
        )
        .properties(width=alt.Step(70), height=alt.Step(step))
        .facet(column=alt.Column("season:N", title=None))
    )


def _scatter_with_front(
    frame: pd.DataFrame, flag: str, x_title: str, log: bool, unit: Unit
) -> alt.LayerChart:
    """MAE against emissions: every model grey, the front (`flag` true) as a line whose
    points are coloured per model with a legend of full names (labels never collide)."""
    scale = alt.Scale(type="log", padding=10) if log else alt.Scale(zero=True, domainMin=0)
    base = alt.Chart().encode(
        x=alt.X(
            "mean_emissions_kg:Q",
            title=x_title + (" (log scale)" if log else ""),
            scale=scale,
            axis=alt.Axis(format=",~r", labelOverlap="greedy"),
        ),
        y=alt.Y("mean_mae:Q", title=MAE_TITLE, scale=alt.Scale(zero=False, padding=10)),
        tooltip=[
            "model:N",
            alt.Tooltip("mean_mae:Q", title="mean MAE (pp)", format=".3f"),
            alt.Tooltip("mean_emissions_kg:Q", title=f"mean {unit.label}", format=".4~g"),
        ],
    )
    others = base.transform_filter(f"!datum.{flag}").mark_circle(size=30, color="#bdc3c7")
    on_front = base.transform_filter(f"datum.{flag}")
    line = on_front.mark_line(color=FRONT_COLOR, strokeWidth=1).encode(order="mean_emissions_kg:Q")
    points = on_front.mark_point(size=90, filled=True, opacity=1).encode(
        color=alt.Color(
            "model:N",
            title="On the front",
            scale=alt.Scale(scheme=FRONT_PALETTE),
            legend=alt.Legend(labelLimit=LABEL_LIMIT, columns=1),
        ),
        shape=alt.Shape("model:N", legend=None),
    )
    return alt.layer(others, line, points)


def _front_data(frame: pd.DataFrame) -> tuple[pd.DataFrame, Unit, bool]:
    unit = choose_unit(frame["mean_emissions_kg"], "mass")
    data = _scaled(frame, ["mean_emissions_kg"], unit)
    log = use_log(data["mean_emissions_kg"])
    if log:
        data = data[data["mean_emissions_kg"] > 0]
    return data, unit, log


def _pareto(frame: pd.DataFrame) -> alt.FacetChart:
    data, unit, log = _front_data(frame)
    layer = _scatter_with_front(data, "is_pareto", f"mean {unit.label} per run", log, unit)
    return (
        layer.properties(width=300, height=220)
        .facet(facet=alt.Facet("slice:N", title=None), columns=2, data=data)
        .resolve_scale(x="independent", y="independent")
    )


def _frontier(frame: pd.DataFrame) -> alt.LayerChart:
    data, unit, log = _front_data(frame)
    layer = _scatter_with_front(
        data, "is_frontier", f"mean {unit.label} per run (all slices)", log, unit
    )
    return layer.properties(data=data, width=600, height=360)


def _top_models(frame: pd.DataFrame) -> alt.FacetChart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("mean_mae:Q", title="mean MAE over runs (pp)"),
            y=alt.Y("model:N", sort="x", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            tooltip=[
                "slice:N",
                "rank:Q",
                "model:N",
                alt.Tooltip("mean_mae:Q", title="mean MAE (pp)", format=".3f"),
                "n_runs:Q",
            ],
        )
        .properties(width=220, height=alt.Step(16))
        .facet(facet=alt.Facet("slice:N", title=None), columns=2)
        .resolve_scale(y="independent")
    )


def _epochs(frame: pd.DataFrame) -> alt.LayerChart:
    """Loss and cumulative emissions per epoch; a select box in the page picks the model."""
    unit = choose_unit(frame["cumulative_emissions_kg"], "mass")
    frame = _scaled(frame, ["cumulative_emissions_kg"], unit)
    models = sorted(frame["model"].unique().tolist())
    choice = alt.param(
        name="model_choice",
        value=models[0],
        bind=alt.binding_select(options=models, name="Model (latest run) "),
    )
    base = (
        alt.Chart(frame)
        .transform_filter(alt.datum.model == choice)
        .encode(
            x=alt.X("epoch:O", title="Epoch", axis=alt.Axis(labelAngle=0)),
            tooltip=["model:N", "run:N", "slice:N", "epoch:Q", "loss:Q", "val_loss:Q"]
            + [alt.Tooltip("cumulative_emissions_kg:Q", title=f"cumulative {unit.label}")],
        )
    )
    loss = base.mark_line(point=True, color="#2c7fb8").encode(
        y=alt.Y("loss:Q", title="training loss", axis=alt.Axis(titleColor="#2c7fb8"))
    )
    emissions = base.mark_line(point=True, strokeDash=[5, 3], color=FRONT_COLOR).encode(
        y=alt.Y(
            "cumulative_emissions_kg:Q",
            title=f"cumulative {unit.label}",
            axis=alt.Axis(titleColor=FRONT_COLOR, format=",~r"),
        )
    )
    return (
        alt.layer(loss, emissions)
        .resolve_scale(y="independent")
        .add_params(choice)
        .properties(
            width=560,
            height=300,
            title=alt.TitleParams(
                "Training loss (solid) and cumulative emissions (dashed) per epoch",
                subtitle=f"Each model's latest run; pick the model in the page (images: {models[0]})",
            ),
        )
    )


def _energy_split(frame: pd.DataFrame) -> alt.Chart:
    totals = frame.groupby("model")["mean_energy_kwh"].sum()
    unit = choose_unit(totals, "energy")
    data = _scaled(frame, ["mean_energy_kwh"], unit)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "mean_energy_kwh:Q",
                stack="zero",
                title=f"mean {unit.label} per run",
                axis=alt.Axis(format=",~r", labelOverlap="greedy"),
            ),
            y=alt.Y("model:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
            color=alt.Color("component:N", title="Component"),
            order=alt.Order("component:N"),
            tooltip=[
                "model:N",
                "component:N",
                alt.Tooltip("mean_energy_kwh:Q", title=f"mean {unit.label}", format=".4~g"),
            ],
        )
        .properties(width=560, height=alt.Step(_step(data["model"].nunique())))
    )


def build_charts(data: ReportData) -> list[ChartSpec]:
    """The report's charts, in page order; a chart without data is left out."""
    emissions = data.emissions
    box_log = use_log(emissions["min_emissions_kg"]) if len(emissions) else False
    positive = emissions[emissions["min_emissions_kg"] > 0] if len(emissions) else emissions
    candidates = [
        (
            "emissions_by_model_box",
            "Emissions per run, by model and slice (box: quartiles, whiskers: min-max, tick: median)"
            + (", log scale: they spread over more than 10x" if box_log else ""),
            emissions,
            lambda f: _box(f, log_scale=box_log),
        ),
        (
            "emissions_by_model_box_log",
            "Emissions per run, by model and slice, log scale",
            positive,
            lambda f: _box(f, log_scale=True),
        ),
        (
            "emissions_heatmap_by_season",
            "Mean emissions per run by model and country, per season",
            emissions,
            _heatmap,
        ),
        (
            "pareto_front_by_slice",
            "Mean MAE against mean emissions per slice; the Pareto front coloured, other models grey",
            data.pareto,
            _pareto,
        ),
        (
            "top_models_by_mae",
            f"Top-{data.top_n} models by mean MAE over runs, per slice",
            data.top_models,
            _top_models,
        ),
        (
            "epoch_loss_emissions",
            "Training loss and cumulative emissions per epoch (each model's latest run)",
            data.epochs,
            _epochs,
        ),
        (
            "efficient_frontier",
            "Efficient frontier over all slices (mean MAE against mean emissions per run)",
            data.frontier,
            _frontier,
        ),
        (
            "energy_split_by_model",
            "Energy split CPU / GPU / RAM per model (mean per run)",
            data.energy_split.dropna(subset=["mean_energy_kwh"]),
            _energy_split,
        ),
    ]
    charts = []
    for name, title, frame, make in candidates:
        if frame is None or frame.empty:
            continue
        chart = make(frame)
        if chart.title is alt.Undefined:
            chart = chart.properties(title=title)
        charts.append(ChartSpec(name=name, title=title, chart=chart, rows=len(frame)))
    return charts
