"""Altair chart specifications over the aggregated frames of `reports.data`.

Every chart gets its data inline (bounded by models x slices), so the same spec renders to
PNG/SVG through vl-convert and in the offline HTML page through the inlined vega-embed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import altair as alt
import pandas as pd

from reports.data import ReportData

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
KG = "kg CO2e"  # the subscript glyph is missing from the default chart font
FRONT_COLOR = "#c0392b"


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


def _box(frame: pd.DataFrame, log_scale: bool) -> alt.LayerChart:
    """Box plot from dbt's quartiles: whisker min..max, box q1..q3, tick at the median."""
    data = frame[frame["min_kg"] > 0] if log_scale else frame
    scale = alt.Scale(type="log") if log_scale else alt.Scale(zero=True)
    tooltip = ["model:N", "slice:N", "n_runs:Q", "min_kg:Q", "q1_kg:Q", "median_kg:Q"]
    tooltip += ["q3_kg:Q", "max_kg:Q"]
    base = alt.Chart(data).encode(
        y=alt.Y("model:N", title="Model"),
        yOffset=alt.YOffset("slice:N"),
        color=alt.Color("slice:N", title="Slice"),
        tooltip=tooltip,
    )
    x_title = f"{KG} per run" + (" (log scale)" if log_scale else "")
    whisker = base.mark_rule().encode(x=alt.X("min_kg:Q", scale=scale, title=x_title), x2="max_kg")
    box = base.mark_bar(height={"band": 0.8}).encode(x="q1_kg:Q", x2="q3_kg")
    median = base.mark_tick(color="black", thickness=2).encode(x="median_kg:Q")
    return alt.layer(whisker, box, median).properties(width=560)


def _heatmap(frame: pd.DataFrame) -> alt.FacetChart:
    return (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            x=alt.X("country:N", title="Country"),
            y=alt.Y("model:N", title="Model"),
            color=alt.Color(
                "mean_emissions_kg:Q", title=f"mean {KG}", scale=alt.Scale(scheme="orangered")
            ),
            tooltip=["model:N", "country:N", "season:N", "mean_emissions_kg:Q", "n_runs:Q"],
        )
        .properties(width=alt.Step(40))
        .facet(column=alt.Column("season:N", title="Season"))
    )


def _scatter_with_front(
    frame: pd.DataFrame, flag: str, x_title: str, y_title: str
) -> alt.LayerChart:
    """MAE against emissions, the front (`flag` true) drawn as a line and labelled."""
    base = alt.Chart().encode(
        x=alt.X("mean_emissions_kg:Q", title=x_title, scale=alt.Scale(zero=False)),
        y=alt.Y("mean_mae:Q", title=y_title, scale=alt.Scale(zero=False)),
    )
    points = base.mark_circle(size=60).encode(
        color=alt.condition(f"datum.{flag}", alt.value(FRONT_COLOR), alt.value("#7f8c8d")),
        tooltip=["model:N", "mean_mae:Q", "mean_emissions_kg:Q", f"{flag}:N"],
    )
    on_front = base.transform_filter(f"datum.{flag}")
    line = on_front.mark_line(color=FRONT_COLOR).encode(order="mean_emissions_kg:Q")
    labels = on_front.mark_text(align="left", dx=6, dy=-6, fontSize=10).encode(text="model:N")
    return alt.layer(points, line, labels)


def _pareto(frame: pd.DataFrame) -> alt.FacetChart:
    layer = _scatter_with_front(frame, "is_pareto", f"mean {KG} per run", "mean MAE")
    return (
        layer.properties(width=320, height=240)
        .facet(facet=alt.Facet("slice:N", title="Slice"), columns=2, data=frame)
        .resolve_scale(x="independent", y="independent")
    )


def _frontier(frame: pd.DataFrame) -> alt.LayerChart:
    layer = _scatter_with_front(
        frame, "is_frontier", f"mean {KG} per run (all slices)", "mean MAE (all slices)"
    )
    return layer.properties(data=frame, width=600, height=360)


def _top_models(frame: pd.DataFrame) -> alt.FacetChart:
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("mean_mae:Q", title="mean MAE"),
            y=alt.Y("model:N", sort="x", title=None),
            tooltip=["slice:N", "rank:Q", "model:N", "mean_mae:Q", "n_runs:Q"],
        )
        .properties(width=260)
        .facet(facet=alt.Facet("slice:N", title="Slice"), columns=2)
        .resolve_scale(y="independent")
    )


def _epochs(frame: pd.DataFrame) -> alt.LayerChart:
    """Loss and cumulative emissions per epoch; a select box in the page picks the model."""
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
            + ["cumulative_emissions_kg:Q"],
        )
    )
    loss = base.mark_line(point=True, color="#2c7fb8").encode(
        y=alt.Y("loss:Q", title="training loss", axis=alt.Axis(titleColor="#2c7fb8"))
    )
    emissions = base.mark_line(point=True, strokeDash=[5, 3], color=FRONT_COLOR).encode(
        y=alt.Y(
            "cumulative_emissions_kg:Q",
            title=f"cumulative {KG}",
            axis=alt.Axis(titleColor=FRONT_COLOR),
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
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("energy_kwh:Q", stack="zero", title="mean kWh per run"),
            y=alt.Y("model:N", title="Model"),
            color=alt.Color("component:N", title="Component"),
            order=alt.Order("component:N"),
            tooltip=["model:N", "component:N", "energy_kwh:Q"],
        )
        .properties(width=560)
    )


def build_charts(data: ReportData) -> list[ChartSpec]:
    """The report's charts, in page order; a chart without data is left out."""
    candidates = [
        (
            "emissions_by_model_box",
            f"{KG} per model across runs (box: quartiles, whiskers: min-max)",
            data.box,
            lambda f: _box(f, log_scale=False),
        ),
        (
            "emissions_by_model_box_log",
            f"{KG} per model across runs, log scale",
            data.box[data.box["min_kg"] > 0] if len(data.box) else data.box,
            lambda f: _box(f, log_scale=True),
        ),
        (
            "emissions_heatmap_by_season",
            f"Mean {KG} by model and country, per season",
            data.heatmap,
            _heatmap,
        ),
        (
            "pareto_front_by_slice",
            "MAE against emissions per slice, Pareto front drawn and labelled",
            data.pareto,
            _pareto,
        ),
        ("top_models_by_mae", "Top models by mean MAE per slice", data.top_models, _top_models),
        (
            "epoch_loss_emissions",
            "Training loss and cumulative emissions per epoch (each model's latest run)",
            data.epochs,
            _epochs,
        ),
        (
            "efficient_frontier",
            "Efficient frontier over all slices (mean MAE against mean emissions)",
            data.frontier,
            _frontier,
        ),
        (
            "energy_split_by_model",
            "Energy split CPU / GPU / RAM per model (mean kWh per run)",
            data.energy_split.dropna(subset=["energy_kwh"]),
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
