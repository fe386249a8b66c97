"""`summary.md`: the leader tables and the efficient frontier in Markdown."""

from __future__ import annotations

from reports.data import SYNTHETIC_MARK, ReportData
from reports.escape import markdown_table
from reports.latex import Table, number, publication_tables


def _section(title: str, table: Table) -> str:
    body = markdown_table(table.header, table.rows) if table.rows else "_No rows._"
    return f"## {title}\n\n{body}\n"


def synthetic_note(data: ReportData) -> str:
    """How many runs are synthetic, and whether the tables include them."""
    synthetic = data.counts.get("synthetic_runs") or 0
    mixed = data.counts.get("runs_with_mixed_data") or 0
    parts = []
    if synthetic:
        parts.append(
            f"{synthetic} of {data.counts.get('runs') or 0} runs are synthetic (trained on "
            "generated data): "
            + (
                f"included and marked `{SYNTHETIC_MARK.strip()}` in the tables."
                if data.counts.get("synthetic_included")
                else "left out of the tables and regressions (to include them, build with "
                "the dbt var `include_synthetic: true` or CARBONWH_INCLUDE_SYNTHETIC=true)."
            )
        )
    if mixed:
        parts.append(
            f"{mixed} run(s) mix executions trained on different data "
            "(`marts.fct_training_runs.has_mixed_data`)."
        )
    return " ".join(parts) + "\n" if parts else ""


def render_summary(data: ReportData) -> str:
    tables = {t.name: t for t in publication_tables(data)}
    frontier = data.frontier[data.frontier["is_frontier"].fillna(False).astype(bool)]
    frontier_rows = [
        [r.model, number(r.mean_mae), number(r.mean_emissions_kg, 6)] for r in frontier.itertuples()
    ]
    frontier_body = (
        markdown_table(["Model", "Mean MAE", "Mean emissions (kg)"], frontier_rows)
        if frontier_rows
        else "_No rows._"
    )
    parts = [
        "# Carbon warehouse summary\n",
        f"Method `{data.method}`; generated {data.generated_at:%Y-%m-%d %H:%M %Z}; "
        f"{data.counts.get('runs') or 0} runs of {data.counts.get('models') or 0} models "
        f"in {data.counts.get('slices') or 0} slices.\n",
        synthetic_note(data),
        _section(
            "Low-carbon leaders (lowest MAE at or under the threshold)",
            tables["low_carbon_leaders"],
        ),
        _section("Pareto leaders (front models with the lowest MAE)", tables["pareto_leaders"]),
        _section("Best and worst MAE per slice", tables["mae_summary"]),
        "## Efficient frontier (all slices pooled)\n\n"
        "No other model has both a lower mean MAE and lower mean emissions.\n\n"
        f"{frontier_body}\n",
    ]
    return "\n".join(parts)
