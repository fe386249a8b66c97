"""The projects section: what any CodeCarbon user's files hold, whatever their layout.

Reads marts.agg_projects, agg_project_daily and agg_compute_countries (each in one query
below), draws three charts and renders a table for index.html and a section for summary.md.
All modelling is in those marts; this module selects, formats and draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import duckdb
import pandas as pd
from markupsafe import Markup, escape

from reports.charts import ChartSpec
from reports.escape import markdown_table
from reports.units import format_kg, format_kwh

PROJECT_CHART_NAMES = (
    "project_emissions_over_time",
    "project_emissions_energy",
    "intensity_by_compute_country",
)
OTHERS = "others"
TOP_N = 8


@dataclass
class ProjectsData:
    projects: pd.DataFrame  # agg_projects, largest emissions first
    daily: pd.DataFrame  # agg_project_daily, projects beyond the top N pooled as "others"
    countries: pd.DataFrame  # agg_compute_countries with energy
    sources: pd.DataFrame  # agg_sources; shown when there is more than one

    @property
    def empty(self) -> bool:
        return self.projects.empty

    def totals(self) -> dict[str, object]:
        frame = self.projects
        return {
            "projects": len(frame),
            "executions": int(frame["n_executions"].sum()) if len(frame) else 0,
            "energy": format_kwh(frame["energy_kwh"].sum() if len(frame) else None),
            "emissions": format_kg(frame["emissions_kg"].sum() if len(frame) else None),
        }


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'marts' and table_name = ?",
            [name],
        ).fetchone()[0]
    )


def read_projects(con: duckdb.DuckDBPyConnection, top_n: int = TOP_N) -> ProjectsData:
    """The three marts as frames (empty frames when the warehouse lacks them)."""
    names = ("agg_projects", "agg_project_daily", "agg_compute_countries")
    if not all(_has_table(con, name) for name in names):
        empty = pd.DataFrame()
        return ProjectsData(empty, empty, empty, empty)
    projects = con.execute(
        "select project_name, n_executions, n_files, first_seen_at, last_seen_at, duration_h, "
        "energy_kwh, emissions_kg, kg_per_kwh, countries, codecarbon_versions, on_cloud "
        "from marts.agg_projects order by emissions_kg desc nulls last, project_name"
    ).df()
    daily = con.execute(
        "select project_name, day, n_executions, energy_kwh, emissions_kg "
        "from marts.agg_project_daily where day is not null order by day, project_name"
    ).df()
    countries = con.execute(
        "select compute_country_name, compute_region, n_executions, energy_kwh, emissions_kg, "
        "kg_per_kwh from marts.agg_compute_countries where kg_per_kwh is not null "
        "order by emissions_kg desc"
    ).df()
    sources = (
        con.execute(
            "select source, n_files, n_executions, n_run_cells, energy_kwh, emissions_kg "
            "from marts.agg_sources order by source"
        ).df()
        if _has_table(con, "agg_sources")
        else pd.DataFrame()
    )
    top = set(projects["project_name"].head(top_n))
    if len(daily):
        daily = daily.assign(
            project=daily["project_name"].where(daily["project_name"].isin(top), OTHERS)
        )
        daily = daily.groupby(["day", "project"], as_index=False)[
            ["n_executions", "energy_kwh", "emissions_kg"]
        ].sum()
        daily["day"] = pd.to_datetime(daily["day"])
    return ProjectsData(projects=projects, daily=daily, countries=countries, sources=sources)


def _over_time(data: ProjectsData) -> alt.Chart:
    frame = data.daily.assign(emissions_g=data.daily["emissions_kg"] * 1000)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("yearmonth(day):T", title="Month"),
            y=alt.Y("sum(emissions_g):Q", title="g CO2e", stack="zero"),
            color=alt.Color("project:N", title="Project", sort="-y"),
            tooltip=["project:N", "yearmonth(day):T", "sum(emissions_g):Q", "sum(n_executions):Q"],
        )
        .properties(width=600, height=300)
    )


def _emissions_energy(data: ProjectsData, top_n: int = 20) -> alt.HConcatChart:
    frame = data.projects.head(top_n).assign(
        emissions_g=lambda f: f["emissions_kg"] * 1000,
        energy_wh=lambda f: f["energy_kwh"] * 1000,
        emissions=lambda f: f["emissions_kg"].map(format_kg),
        energy=lambda f: f["energy_kwh"].map(format_kwh),
    )[["project_name", "emissions_g", "energy_wh", "emissions", "energy", "n_executions"]]
    order = frame["project_name"].tolist()
    base = alt.Chart(frame).encode(
        y=alt.Y("project_name:N", sort=order, title="Project"),
        tooltip=["project_name:N", "emissions:N", "energy:N", "n_executions:Q"],
    )
    kg = base.mark_bar(color="#c0392b").encode(x=alt.X("emissions_g:Q", title="g CO2e"))
    kwh = base.mark_bar(color="#2c7fb8").encode(x=alt.X("energy_wh:Q", title="Wh"))
    return alt.hconcat(
        kg.properties(width=280),
        kwh.properties(width=280).encode(y=alt.Y("project_name:N", sort=order, axis=None)),
    )


def _intensity(data: ProjectsData) -> alt.Chart:
    frame = data.countries.assign(
        place=lambda f: (
            f["compute_country_name"] + f["compute_region"].map(lambda r: f" / {r}" if r else "")
        ),
        g_per_kwh=lambda f: f["kg_per_kwh"] * 1000,
        emissions=lambda f: f["emissions_kg"].map(format_kg),
    )[["place", "g_per_kwh", "n_executions", "emissions"]]
    return (
        alt.Chart(frame)
        .mark_bar(color="#7f8c8d")
        .encode(
            x=alt.X("g_per_kwh:Q", title="g CO2e per kWh"),
            y=alt.Y("place:N", sort="-x", title="Country / region"),
            tooltip=["place:N", "g_per_kwh:Q", "n_executions:Q", "emissions:N"],
        )
        .properties(width=560)
    )


def project_charts(data: ProjectsData) -> list[ChartSpec]:
    """The section's charts, in page order; a chart without data is left out."""
    candidates = [
        (
            "project_emissions_over_time",
            f"Emissions per month by project (top {TOP_N}, the rest as '{OTHERS}')",
            data.daily,
            _over_time,
        ),
        (
            "project_emissions_energy",
            "Emissions and energy by project (largest 20)",
            data.projects,
            _emissions_energy,
        ),
        (
            "intensity_by_compute_country",
            "Carbon intensity where the computers ran (g CO2e per kWh)",
            data.countries,
            _intensity,
        ),
    ]
    charts = []
    for name, title, frame, make in candidates:
        if frame is None or frame.empty:
            continue
        chart = make(data).properties(title=title)
        charts.append(ChartSpec(name=name, title=title, chart=chart, rows=min(len(frame), 10_000)))
    return charts


TABLE_HEADER = ["Project", "Executions", "Files", "First", "Last", "Hours", "Energy", "Emissions"]
TABLE_HEADER += ["g/kWh", "Countries", "CodeCarbon"]


def table_rows(data: ProjectsData, limit: int = 50) -> list[list[str]]:
    rows = []
    for p in data.projects.head(limit).itertuples():
        rows.append(
            [
                p.project_name,
                str(p.n_executions),
                str(p.n_files),
                "" if pd.isna(p.first_seen_at) else f"{p.first_seen_at:%Y-%m-%d}",
                "" if pd.isna(p.last_seen_at) else f"{p.last_seen_at:%Y-%m-%d}",
                "" if pd.isna(p.duration_h) else f"{p.duration_h:.3g}",
                format_kwh(p.energy_kwh),
                format_kg(p.emissions_kg),
                "" if pd.isna(p.kg_per_kwh) else f"{p.kg_per_kwh * 1000:.0f}",
                p.countries or "",
                p.codecarbon_versions or "",
            ]
        )
    return rows


SOURCE_HEADER = ["Source", "Files", "Executions", "Run cells", "Energy", "Emissions"]


def source_rows(data: ProjectsData) -> list[list[str]]:
    """One row per source, only when the warehouse holds more than one."""
    if len(data.sources) < 2:
        return []
    return [
        [
            s.source,
            str(s.n_files),
            str(s.n_executions),
            str(s.n_run_cells),
            format_kwh(s.energy_kwh),
            format_kg(s.emissions_kg),
        ]
        for s in data.sources.itertuples()
    ]


def _html_table(header: list[str], rows: list[list[str]]) -> Markup:
    head = Markup("").join(Markup("<th>") + escape(h) + Markup("</th>") for h in header)
    body = Markup("").join(
        Markup("<tr>")
        + Markup("").join(Markup("<td>") + escape(c) + Markup("</td>") for c in row)
        + Markup("</tr>")
        for row in rows
    )
    return (
        Markup("<table><thead><tr>")
        + head
        + Markup("</tr></thead><tbody>")
        + body
        + Markup("</tbody></table>\n")
    )


def _totals_line(data: ProjectsData) -> str:
    t = data.totals()
    return (
        f"{t['projects']} projects, {t['executions']} executions: "
        f"{t['emissions']} CO2e, {t['energy']}."
    )


def render_html(data: ProjectsData, charts: list[dict]) -> Markup:
    """The section of index.html (charts as vega-embed placeholders like the others)."""
    if data.empty:
        return Markup("")
    parts = [
        Markup('<section id="projects">\n<h2>Projects</h2>\n<p class="meta">'),
        escape(_totals_line(data)),
        Markup(" Every CodeCarbon file counts here, whatever its path.</p>\n"),
    ]
    for chart in charts:
        parts += [
            Markup('<h3 id="') + escape(chart["name"]) + Markup('">'),
            escape(chart["title"]),
            Markup('</h3>\n<div class="chart vega-chart" id="vis-')
            + escape(chart["name"])
            + Markup('" data-spec="spec-')
            + escape(chart["name"])
            + Markup('"></div>\n<script type="application/json" id="spec-')
            + escape(chart["name"])
            + Markup('">')
            + Markup(chart["spec_json"])
            + Markup("</script>\n"),
        ]
    if source_rows(data):
        parts += [Markup("<h3>Sources</h3>\n"), _html_table(SOURCE_HEADER, source_rows(data))]
    parts += [
        Markup("<h3>Projects (largest emissions first, up to 50)</h3>\n"),
        _html_table(TABLE_HEADER, table_rows(data)),
        Markup("</section>\n"),
    ]
    return Markup("").join(parts)


def render_markdown(data: ProjectsData) -> str:
    """The section of summary.md."""
    if data.empty:
        return ""
    rows = [row[:9] for row in table_rows(data, limit=20)]
    sources = source_rows(data)
    sources_md = f"### Sources\n\n{markdown_table(SOURCE_HEADER, sources)}\n\n" if sources else ""
    return (
        f"## Projects\n\n{_totals_line(data)}\n\n{sources_md}"
        f"{markdown_table(TABLE_HEADER[:9], rows)}\n"
    )
