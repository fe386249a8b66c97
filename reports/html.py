"""`index.html`: every chart and table on one page that works offline.

Vega, Vega-Lite and vega-embed are inlined from `vl_convert.javascript_bundle()` (the
same versions that render the PNG/SVG files); nothing is fetched from a CDN.
"""

from __future__ import annotations

import functools
import json
import math
import re
from datetime import datetime, timezone

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from reports.charts import ChartSpec
from reports.data import ReportData

NUMERIC = re.compile(r"^[<>+-]?-?[0-9.]+( %)?$")


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega + Vega-Lite + vega-embed as one script (about 0.9 MB; built once per process)."""
    import vl_convert

    # `</script` inside an inline script would end it early.
    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def spec_json(chart: ChartSpec) -> str:
    """The chart's Vega-Lite JSON, safe inside a <script type="application/json">."""
    text = json.dumps(chart.spec, allow_nan=False, default=str)
    return text.replace("</", "<\\/")


def when(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "never"
    if isinstance(value, datetime):
        # Warehouse timestamps are naive UTC (ingest, refresh log); show everything in UTC.
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value)


def _cell(value) -> Markup:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return Markup("<td></td>")
    if isinstance(value, str) and NUMERIC.match(value):
        return Markup('<td class="num">') + escape(value) + Markup("</td>")
    if isinstance(value, float):
        return Markup(f'<td class="num">{value:.6g}</td>')
    if isinstance(value, int) and not isinstance(value, bool):
        return Markup(f'<td class="num">{value}</td>')
    return Markup("<td>") + escape(str(value)) + Markup("</td>")


def cells_table(header: list[str], rows: list[list]) -> Markup:
    head = Markup("").join(Markup("<th>") + escape(h) + Markup("</th>") for h in header)
    body = Markup("").join(
        Markup("<tr>") + Markup("").join(_cell(c) for c in row) + Markup("</tr>") for row in rows
    )
    return (
        Markup("<table><thead><tr>")
        + head
        + Markup("</tr></thead><tbody>")
        + body
        + Markup("</tbody></table>")
    )


def render_index(
    data: ReportData,
    charts: list[ChartSpec],
    latex_files: list[str],
    projects_section: Markup = Markup(""),
) -> str:
    from reports import display

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["when"] = when
    counts = [(k, "n/a" if v is None else v) for k, v in data.counts.items()]
    tables = [
        *display.publication_displays(data),
        display.frontier_display(data),
        display.compute_locations_display(data),
        *([display.runs_elsewhere_display(data)] if len(data.runs_elsewhere) else []),
        display.regressions_display(data),
    ]
    notes = [
        n
        for n in (
            display.synthetic_note(data),
            display.fallback_note(data),
            display.location_warning(data),
        )
        if n
    ]
    return env.get_template("index.html.j2").render(
        data=data,
        method_meaning=display.METHOD_MEANING.get(data.method, ""),
        settings_text=display.settings_text(data),
        counts=counts,
        notes=notes,
        charts=[{"name": c.name, "title": c.title, "spec_json": spec_json(c)} for c in charts],
        tables=tables,
        regression_rule=display.regression_rule(data),
        flagged=display.regressions_display(data, flagged_only=True),
        differences=display.method_differences_display(data),
        fallback=display.fallback_display(data),
        any_warning=any(data.warning_counts.values()),
        vega_bundle=vega_bundle(),
        projects_section=projects_section,
        cells_table=cells_table,
        latex_files=latex_files,
    )
