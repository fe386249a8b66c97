"""`summary.md`: what the report covers, its settings, the leader tables with units, the
efficient frontier, where the computers ran and the regression checks, in Markdown."""

from __future__ import annotations

from reports.data import ReportData
from reports.display import (
    Display,
    compute_locations_display,
    counts_text,
    fallback_note,
    frontier_display,
    location_warning,
    method_text,
    publication_displays,
    regression_rule,
    regressions_display,
    runs_elsewhere_display,
    settings_text,
    synthetic_note,
)
from reports.escape import markdown_table
from reports.html import when


def _section(table: Display, level: str = "##") -> str:
    body = markdown_table(table.header, table.rows) if table.rows else "_No rows._"
    note = f"{table.note}\n\n" if table.note else ""
    return f"{level} {table.title}\n\n{note}{body}\n"


def _regressions(data: ReportData) -> str:
    compared = len(data.regressions)
    flagged = data.flagged_regressions
    lines = ["## Emission regressions\n", regression_rule(data) + "\n"]
    if not compared:
        lines.append("No model and slice has enough comparable executions to check.\n")
    elif flagged.empty:
        lines.append(f"{compared} group(s) checked, none flagged.\n")
    else:
        lines.append(f"{len(flagged)} of {compared} group(s) checked flagged:\n")
        table = regressions_display(data, flagged_only=True)
        lines.append(markdown_table(table.header, table.rows) + "\n")
    return "\n".join(lines)


def render_summary(data: ReportData) -> str:
    fresh = data.freshness
    parts = [
        "# Carbon warehouse summary\n",
        f"{method_text(data.method)} Generated {when(data.generated_at)}; last ingest "
        f"{when(fresh.get('last_ingest'))}; last build {when(fresh.get('last_build'))}.\n",
        f"{counts_text(data)}. {settings_text(data)}\n",
    ]
    notes = [n for n in (synthetic_note(data), fallback_note(data), location_warning(data)) if n]
    parts += [f"> **Note:** {n}\n" for n in notes]
    parts += [_section(t) for t in publication_displays(data)]
    parts.append(_section(frontier_display(data)))
    parts.append(_section(compute_locations_display(data)))
    if len(data.runs_elsewhere):
        parts.append(_section(runs_elsewhere_display(data), "###"))
    parts.append(_regressions(data))
    return "\n".join(parts)
