"""Write the whole report: charts (PNG + SVG), LaTeX tables, index.html, summary.md."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

METHODS = ("exact", "published")
# `seed` was the published benchmark's method's name until this release: still accepted.
METHOD_ALIASES = {"seed": "published"}
REPORT_JSON = "report.json"  # what the last report wrote, with its method


@dataclass
class ReportResult:
    out_dir: Path
    index_html: Path
    summary_md: Path
    charts: list[str] = field(default_factory=list)  # chart names, in page order
    tables: list[Path] = field(default_factory=list)
    embedded_rows: int = 0  # data rows embedded in all chart specs
    missing: list[str] = field(default_factory=list)  # marts the warehouse lacks
    seconds: float = 0.0

    method: str = "exact"

    def as_dict(self) -> dict:
        return {
            "method": self.method,
            "out_dir": str(self.out_dir),
            "index_html": str(self.index_html),
            "summary_md": str(self.summary_md),
            "charts": self.charts,
            "tables": [str(p) for p in self.tables],
            "embedded_rows": self.embedded_rows,
            "missing": self.missing,
            "seconds": round(self.seconds, 3),
        }


def _render_images(charts, chart_dir: Path) -> None:
    import vl_convert

    from reports.charts import CHART_NAMES
    from reports.projects import PROJECT_CHART_NAMES
    from reports.scheduling import CHART_NAME as SCHEDULE_CHART

    chart_dir.mkdir(parents=True, exist_ok=True)
    # A chart left out this time (its mart is empty) must not leave last run's image behind.
    for name in {*CHART_NAMES, *PROJECT_CHART_NAMES, SCHEDULE_CHART} - {c.name for c in charts}:
        for suffix in (".png", ".svg"):
            (chart_dir / f"{name}{suffix}").unlink(missing_ok=True)
    for chart in charts:
        spec = chart.spec
        (chart_dir / f"{chart.name}.svg").write_text(
            vl_convert.vegalite_to_svg(spec), encoding="utf-8"
        )
        (chart_dir / f"{chart.name}.png").write_bytes(vl_convert.vegalite_to_png(spec, scale=2))


def write_report(
    con: duckdb.DuckDBPyConnection,
    out_dir: str | Path,
    method: str = "exact",
    built_at: datetime | None = None,
    images: bool = True,
) -> ReportResult:
    """Write the report from an open (read-only is enough) warehouse connection.

    `images=False` skips the PNG/SVG files (the page embeds the specs either way).
    """
    from reports.charts import build_charts
    from reports.data import read_report_data
    from reports.html import render_index, spec_json
    from reports.latex import publication_tables, write_tables
    from reports.markdown import render_summary
    from reports.projects import project_charts, read_projects, render_html, render_markdown
    from reports.scheduling import read_backtest, schedule_chart, with_leads, write_scheduling

    method = METHOD_ALIASES.get(method, method)
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    data = read_report_data(con, method=method, built_at=built_at)
    charts = build_charts(data)
    tables = publication_tables(data)
    # The scheduling backtest (docs/scheduling.md), when the warehouse has one.
    backtest = read_backtest(con)
    charts += [c for c in (schedule_chart(backtest),) if c is not None]
    # Every CodeCarbon file, whatever its layout: the projects section.
    projects = read_projects(con)
    projects_charts = project_charts(projects)
    projects_html = render_html(
        projects,
        [{"name": c.name, "title": c.title, "spec_json": spec_json(c)} for c in projects_charts],
    )
    charts = charts + projects_charts

    if images:
        _render_images(charts, out_dir / "charts")
    table_paths = write_tables(tables, out_dir / "tables", method)
    index = out_dir / "index.html"
    leads, schedule_tables = write_scheduling(backtest, out_dir, method)
    table_paths += schedule_tables
    index.write_text(
        render_index(
            data,
            charts[: len(charts) - len(projects_charts)],
            [p.name for p in table_paths],
            projects_html,
        ),
        encoding="utf-8",
    )
    summary = out_dir / "summary.md"
    summary.write_text(
        with_leads(render_summary(data), leads) + render_markdown(projects), encoding="utf-8"
    )

    result = ReportResult(
        method=method,
        out_dir=out_dir,
        index_html=index,
        summary_md=summary,
        charts=[c.name for c in charts],
        tables=table_paths,
        embedded_rows=sum(c.rows for c in charts),
        missing=data.missing,
        seconds=time.perf_counter() - started,
    )
    (out_dir / REPORT_JSON).write_text(json.dumps(result.as_dict(), indent=2), encoding="utf-8")
    return result


def report_method(out_dir: str | Path) -> str | None:
    """The method of the report already in `out_dir` (None when there is none, or it was
    written before report.json existed)."""
    try:
        return json.loads((Path(out_dir) / REPORT_JSON).read_text(encoding="utf-8"))["method"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def build_report(
    db_path: str | Path,
    out_dir: str | Path,
    method: str = "exact",
    built_at: datetime | None = None,
) -> ReportResult:
    """Open the warehouse read-only and write the report (the CLI adds waiting for a writer)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return write_report(con, out_dir, method=method, built_at=built_at)
    finally:
        con.close()
