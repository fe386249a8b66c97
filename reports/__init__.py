"""The report layer: charts, LaTeX tables, an offline HTML page and a Markdown summary.

It only reads the warehouse (the `rpt_*` marts, dbt's build log and the refresh log), on
a read-only connection, and only selects, formats (`reports.units`) and draws:

    from reports import build_report
    result = build_report("warehouse/carbon.duckdb", "reports/out", method="exact")
"""

from __future__ import annotations

from reports.build import METHODS, ReportResult, build_report, write_report

__all__ = ["METHODS", "ReportResult", "build_report", "write_report"]
