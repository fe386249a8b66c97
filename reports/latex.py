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
from reports.display import threshold_text
from reports.escape import latex_escape
from reports.units import format_column

MAE_SUMMARY_HEADER = ["Slice", "Best (model)", "Best MAE", "Worst (model)", "Worst MAE", "N"]
LEADERS_HEADER = ["Slice", "Model", "MAE", "Emissions (kg)"]
TOP_HEADER = ["Slice", "Rank", "Model", "MAE"]


def top_caption(n: int) -> str:
    return f"Top-{n} MAE models per slice (averaged over runs)."


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
    notes: tuple[str, ...] = ()  # LaTeX comment lines above the table: what the cells are


PUBLISHED_NOTE = "Emissions in kg CO2e with 3 decimals: the published format (see *_si.tex)."
SI_NOTE = "SI-scaled variant of {name}.tex: emissions in {unit} CO2e, one unit per column."
MAE_NOTE = "MAE in percentage points (pp) of renewable share."


def _si_leaders(name: str, frame: pd.DataFrame, mae: str, kg: str, notes: tuple) -> Table:
    """`name`_si: the same rows with the emissions column in one SI unit (g, mg, ...)."""
    column = format_column(frame[kg].tolist(), "mass")
    rows = [
        [r.slice, r.model, number(getattr(r, mae)), cell]
        for r, cell in zip(frame.itertuples(), column.cells, strict=True)
    ]
    header = ["Slice", "Model", "MAE (pp)", f"Emissions ({column.unit.symbol} CO2e)"]
    note = SI_NOTE.format(name=name, unit=column.unit.symbol)
    return Table(f"{name}_si", header, rows, "llrr", notes=(note, MAE_NOTE, *notes))


def publication_tables(data: ReportData) -> list[Table]:
    """The paper's tables (docs/reports.md) (published 3-decimal kg format, file names and
    captions after this build's top_n), plus SI-scaled `_si` variants of the two tables
    with emissions, as rows of already formatted (unescaped) cells."""
    n, k = data.top_n, data.pareto_leaders_n
    summary = [
        [r.slice, r.best_model, number(r.best_mae), r.worst_model, number(r.worst_mae)]
        + [integer(r.n_runs)]
        for r in data.mae_summary.itertuples()
    ]
    leaders = [
        [r.slice, r.model, number(r.mae), number(r.emissions_kg)]
        for r in data.low_carbon_leaders.itertuples()
    ]
    top = [
        [r.slice, integer(r.rank), r.model, number(r.mean_mae)]
        for r in data.top_models.itertuples()
    ]
    pareto = [
        [r.slice, r.model, number(r.mean_mae), number(r.mean_emissions_kg)]
        for r in data.pareto_leaders.itertuples()
    ]
    threshold = threshold_text(data)
    leaders_note = (f"One run per slice: the lowest MAE among runs emitting at most {threshold}.",)
    pareto_note = (f"The {k} Pareto-front models per slice with the lowest mean MAE over runs.",)
    top_note = (f"Top-{n} models per slice by mean MAE over their runs.", MAE_NOTE)
    return [
        Table(
            "mae_summary",
            MAE_SUMMARY_HEADER,
            summary,
            "llrlrr",
            notes=("Best/Worst: the single best/worst run of the slice; N: runs.", MAE_NOTE),
        ),
        Table(
            "low_carbon_leaders",
            LEADERS_HEADER,
            leaders,
            "llrr",
            notes=(PUBLISHED_NOTE, MAE_NOTE, *leaders_note),
        ),
        Table(f"top{n}_mae_by_slice", TOP_HEADER, top, "lrlr", top_caption(n), top_note),
        Table(f"top{n}_mae_by_slice_tabular", TOP_HEADER, top, "lrlr", notes=top_note),
        Table(
            "pareto_leaders",
            LEADERS_HEADER,
            pareto,
            "llrr",
            notes=(PUBLISHED_NOTE, MAE_NOTE, *pareto_note),
        ),
        _si_leaders(
            "low_carbon_leaders", data.low_carbon_leaders, "mae", "emissions_kg", leaders_note
        ),
        _si_leaders(
            "pareto_leaders", data.pareto_leaders, "mean_mae", "mean_emissions_kg", pareto_note
        ),
    ]


def render_table(table: Table, method: str) -> str:
    template = "longtable.tex.j2" if table.caption else "tabular.tex.j2"
    return (
        _environment()
        .get_template(template)
        .render(
            comment=table.name,
            notes=table.notes,
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
    # A table renamed this time (top10 -> top5 after a new top_n) must not leave the old one.
    for stale in out_dir.glob("top*_mae_by_slice*.tex"):
        stale.unlink()
    paths = []
    for table in tables:
        path = out_dir / f"{table.name}.tex"
        path.write_text(render_table(table, method), encoding="utf-8")
        paths.append(path)
    return paths
