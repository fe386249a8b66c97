"""LaTeX (booktabs) publication tables, rendered from jinja2 templates.

Formats and headers (docs/reports.md): one row per line ending in `\\`, 3 decimals, every
text cell LaTeX-escaped. The files are fragments for `\\input{}` (they need the `booktabs`
package, and `longtable` for the longtable variant).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pandas as pd

from reports.data import ReportData
from reports.escape import latex_escape

TOP10_CAPTION = "Top-10 MAE models per slice (averaged over runs)."
MAE_SUMMARY_HEADER = ["Slice", "Best (model)", "Best MAE", "Worst (model)", "Worst MAE", "N"]
LEADERS_HEADER = ["Slice", "Model", "MAE", "Emissions (kg)"]
TOP10_HEADER = ["Slice", "Rank", "Model", "MAE"]


def _environment() -> jinja2.Environment:
    # LaTeX is full of braces and percent signs: use delimiters that never occur in it.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((=",
        comment_end_string="=))",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["tex"] = latex_escape
    return env


def number(value, decimals: int = 3) -> str:
    """A cell of a number column: 3 decimals; `--` for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
        return "--"
    return f"{float(value):.{decimals}f}"


def integer(value) -> str:
    return "--" if value is None or pd.isna(value) else str(int(value))


@dataclass(frozen=True)
class Table:
    name: str  # file stem: tables/<name>.tex
    header: list[str]
    rows: list[list[str]]
    colspec: str
    caption: str | None = None  # set for a longtable


def publication_tables(data: ReportData) -> list[Table]:
    """The five publication tables (docs/reports.md), as rows of already formatted (unescaped) cells."""
    summary = [
        [r.slice, r.best_model, number(r.best_mae), r.worst_model, number(r.worst_mae)]
        + [integer(r.n_runs)]
        for r in data.mae_summary.itertuples()
    ]
    leaders = [
        [r.slice, r.model, number(r.mae), number(r.emissions_kg)]
        for r in data.low_carbon_leaders.itertuples()
    ]
    top10 = [
        [r.slice, integer(r.rank), r.model, number(r.mean_mae)]
        for r in data.top_models.itertuples()
    ]
    pareto = [
        [r.slice, r.model, number(r.mean_mae), number(r.mean_emissions_kg)]
        for r in data.pareto_leaders.itertuples()
    ]
    return [
        Table("mae_summary", MAE_SUMMARY_HEADER, summary, "llrlrr"),
        Table("low_carbon_leaders", LEADERS_HEADER, leaders, "llrr"),
        Table("top10_mae_by_slice", TOP10_HEADER, top10, "lrlr", caption=TOP10_CAPTION),
        Table("top10_mae_by_slice_tabular", TOP10_HEADER, top10, "lrlr"),
        Table("pareto_leaders", LEADERS_HEADER, pareto, "llrr"),
    ]


def render_table(table: Table, method: str) -> str:
    template = "longtable.tex.j2" if table.caption else "tabular.tex.j2"
    return (
        _environment()
        .get_template(template)
        .render(
            comment=table.name,
            method=method,
            colspec=table.colspec,
            header=table.header,
            rows=table.rows,
            caption=table.caption or "",
            label=f"tab:{table.name}",
        )
    )


def write_tables(tables: list[Table], out_dir: Path, method: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = out_dir / f"{table.name}.tex"
        path.write_text(render_table(table, method), encoding="utf-8")
        paths.append(path)
    return paths
