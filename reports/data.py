"""Everything the report shows, selected from marts made for it on a read-only connection.

Every number comes from a mart (`rpt_*`, with contracts; see dbt_project/models/marts/
_marts__report_models.yml): this module only selects rows, for the report's method where a
mart carries `method` as rows. The amount of data embedded in the report grows with models
x slices, never with the number of runs. Freshness reads dbt's own build log
(`main.build_log`, written by an on-run-end hook) and the refresh log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

MARTS = "marts"
WARNING_ROWS = 50  # rows of each warning list shown in the page (the count is always shown)
BUILD_LOG = "main.build_log"
# Appended to a model name in the tables when the row's run(s) trained on synthetic data
# (present only when the marts were built with the var include_synthetic).
SYNTHETIC_MARK = " (synthetic)"


class Catalog:
    """Which relations and columns exist: old warehouses lack newer marts."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        rows = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall()
        self._columns: dict[str, list[str]] = {}
        for schema, table, column in rows:
            self._columns.setdefault(f"{schema}.{table}", []).append(column)

    def has(self, relation: str) -> bool:
        return relation in self._columns

    def columns(self, relation: str) -> list[str]:
        return self._columns.get(relation, [])


@dataclass
class ReportData:
    method: str
    generated_at: datetime
    emissions: pd.DataFrame  # per model x slice: quartiles and mean (box plots, heatmap)
    pareto: pd.DataFrame
    top_models: pd.DataFrame
    epochs: pd.DataFrame
    frontier: pd.DataFrame
    energy_split: pd.DataFrame
    mae_summary: pd.DataFrame
    low_carbon_leaders: pd.DataFrame
    pareto_leaders: pd.DataFrame
    overview: dict = field(default_factory=dict)
    freshness: dict = field(default_factory=dict)
    quarantined: pd.DataFrame = field(default_factory=pd.DataFrame)
    method_differences: pd.DataFrame = field(default_factory=pd.DataFrame)
    regressions: pd.DataFrame = field(default_factory=pd.DataFrame)  # every compared group
    compute_locations: pd.DataFrame = field(default_factory=pd.DataFrame)
    runs_elsewhere: pd.DataFrame = field(default_factory=pd.DataFrame)
    fallback_cells: pd.DataFrame = field(default_factory=pd.DataFrame)
    warning_counts: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict:
        """What the header shows: runs, models, slices, executions, files."""
        keys = ("runs", "models", "slices", "executions", "files")
        return {k: self.overview.get(f"n_{k}") for k in keys}

    @property
    def top_n(self) -> int:
        return int(self.overview.get("top_n") or 10)

    @property
    def pareto_leaders_n(self) -> int:
        return int(self.overview.get("pareto_leaders_n") or 3)

    @property
    def threshold_kg(self) -> float | None:
        return self.overview.get("low_carbon_threshold_kg")

    @property
    def flagged_regressions(self) -> pd.DataFrame:
        if self.regressions.empty:
            return self.regressions
        return self.regressions[self.regressions["is_regression"].fillna(False).astype(bool)]


class _Reader:
    def __init__(self, con: duckdb.DuckDBPyConnection, method: str):
        self.con = con
        self.method = method
        self.catalog = Catalog(con)
        self.missing: list[str] = []

    def rows(
        self,
        name: str,
        columns: tuple[str, ...],
        order_by: str,
        condition: str = "true",
        limit: int | None = None,
    ) -> pd.DataFrame:
        """`columns` of mart `name` (for the report's method when the mart has a `method`
        column); an empty frame, and a note, when the mart is missing."""
        relation = f"{MARTS}.{name}"
        if not self.catalog.has(relation):
            self.missing.append(relation)
            return pd.DataFrame({c: [] for c in columns})
        params: list = []
        if "method" in self.catalog.columns(relation):
            condition = f"({condition}) and method = ?"
            params.append(self.method)
        sql = f"select {', '.join(columns)} from {relation} where {condition} order by {order_by}"
        if limit:
            sql += f" limit {int(limit)}"
        return self.con.execute(sql, params).df()

    def count(self, name: str, condition: str = "true") -> int:
        relation = f"{MARTS}.{name}"
        if not self.catalog.has(relation):
            return 0
        return self.con.execute(f"select count(*) from {relation} where {condition}").fetchone()[0]


def read_report_data(
    con: duckdb.DuckDBPyConnection, method: str = "exact", built_at: datetime | None = None
) -> ReportData:
    """Read every table the report needs; missing marts give empty frames (and a note)."""
    r = _Reader(con, method)
    data = ReportData(
        method=method,
        generated_at=datetime.now().astimezone(),
        emissions=r.rows(
            "rpt_emissions_by_model_slice",
            ("model", "country", "season", "slice", "n_runs", "min_emissions_kg")
            + ("q1_emissions_kg", "median_emissions_kg", "q3_emissions_kg", "max_emissions_kg")
            + ("mean_emissions_kg",),
            "model, slice",
        ),
        pareto=r.rows(
            "rpt_pareto_front",
            ("slice", "model", "mean_mae", "mean_emissions_kg", "is_pareto", "pareto_rank")
            + ("n_synthetic_runs",),
            "slice, mean_emissions_kg, model",
        ),
        top_models=r.rows(
            "rpt_top_models_by_slice",
            ("slice", "rank", "model", "mean_mae", "mean_emissions_kg", "n_runs")
            + ("n_synthetic_runs",),
            "slice, rank",
        ),
        epochs=r.rows(
            "rpt_epoch_series_latest",
            ("model", "run", "slice", "epoch", "loss", "val_loss", "cumulative_emissions_kg"),
            "model, epoch",
        ),
        frontier=r.rows(
            "rpt_efficient_frontier",
            ("model", "mean_mae", "mean_emissions_kg", "n_runs", "n_slices", "is_frontier")
            + ("n_synthetic_runs",),
            "mean_emissions_kg, model",
        ),
        energy_split=r.rows(
            "rpt_energy_split_by_model",
            ("model", "component", "mean_energy_kwh", "n_runs"),
            "model, component",
        ),
        mae_summary=r.rows(
            "rpt_mae_summary",
            ("slice", "best_model", "best_run", "best_mae", "best_emissions_kg", "worst_model")
            + ("worst_run", "worst_mae", "worst_emissions_kg", "n_runs")
            + ("best_is_synthetic", "worst_is_synthetic"),
            "slice",
        ),
        low_carbon_leaders=r.rows(
            "rpt_low_carbon_leaders",
            ("slice", "model", "run", "mae", "emissions_kg", "n_eligible_runs", "threshold_kg")
            + ("is_synthetic",),
            "slice",
        ),
        pareto_leaders=r.rows(
            "rpt_pareto_front",
            ("slice", "pareto_rank", "model", "mean_mae", "mean_emissions_kg", "n_runs")
            + ("n_synthetic_runs",),
            "slice, pareto_rank",
            "is_pareto_leader",
        ),
    )
    for frame, model, flag in (
        (data.pareto, "model", "n_synthetic_runs"),
        (data.top_models, "model", "n_synthetic_runs"),
        (data.frontier, "model", "n_synthetic_runs"),
        (data.mae_summary, "best_model", "best_is_synthetic"),
        (data.mae_summary, "worst_model", "worst_is_synthetic"),
        (data.low_carbon_leaders, "model", "is_synthetic"),
        (data.pareto_leaders, "model", "n_synthetic_runs"),
    ):
        _mark_synthetic(frame, model, flag)
    overview = r.rows("rpt_report_overview", ("*",), "1")
    data.overview = overview.iloc[0].to_dict() if len(overview) else {}
    data.freshness = _freshness(r, data.overview, built_at)
    data.quarantined = r.rows(
        "rpt_quarantined_files", ("path", "reason"), "path", limit=WARNING_ROWS
    )
    data.method_differences = r.rows(
        "rpt_method_differences",
        ("model", "country", "season", "run", "emissions_kg_published", "total_emissions_kg")
        + ("difference_kg", "reason"),
        "model, country, season, run",
        limit=WARNING_ROWS,
    )
    data.regressions = r.rows(
        "rpt_emission_regressions",
        ("model", "slice", "comparison_group", "basis", "newest_run", "newest_value_kg")
        + ("baseline_kg", "mad_kg", "threshold_kg", "n_earlier", "change_pct", "tolerance_pct")
        + ("mad_k", "is_regression"),
        "is_regression desc, change_pct desc, model, slice",
    )
    data.compute_locations = r.rows(
        "rpt_compute_locations",
        ("compute_country_iso", "compute_country_name", "compute_region", "cloud_provider")
        + ("cloud_region", "n_executions", "n_run_cells", "is_repository_default"),
        "n_executions desc, compute_country_iso",
    )
    data.runs_elsewhere = r.rows(
        "rpt_runs_elsewhere",
        ("model", "slice", "run", "compute_country_iso", "compute_region", "cloud_provider"),
        "model, slice, run",
        limit=WARNING_ROWS,
    )
    data.fallback_cells = r.rows(
        "rpt_fallback_cells",
        ("model", "country", "season", "run", "mae", "emissions_kg"),
        "model, country, season, run",
        limit=WARNING_ROWS,
    )
    data.warning_counts = {
        "quarantined_files": int(data.overview.get("n_quarantined_files") or 0),
        "method_differences": r.count("rpt_method_differences"),
        "emission_regressions": len(data.flagged_regressions),
        "fallback_runs": int(data.overview.get("n_fallback_runs") or 0),
    }
    data.missing = sorted(set(r.missing))
    return data


def _mark_synthetic(frame: pd.DataFrame, model: str, flag: str) -> None:
    """Append SYNTHETIC_MARK to `model` where `flag` (a boolean or a count) is set."""
    if len(frame):
        marked = frame[flag].fillna(0).astype(bool)
        frame.loc[marked, model] = frame.loc[marked, model].astype(str) + SYNTHETIC_MARK


def _freshness(r: _Reader, overview: dict, built_at: datetime | None) -> dict:
    """Last ingest (the manifest's batches) and last build: dbt's own build log wins, so
    any way of building (`carbonwh build`, `refresh`, plain `dbt build`) shows its time."""
    last_build = None
    if r.catalog.has(BUILD_LOG):
        last_build = r.con.execute(
            f"select max(finished_at) from {BUILD_LOG} "
            "where status = 'ok' and command in ('build', 'run')"
        ).fetchone()[0]
    if last_build is None:
        last_build = built_at
    if last_build is None and r.catalog.has("warehouse.refresh_log"):
        last_build = r.con.execute(
            "select max(finished_at) from warehouse.refresh_log where status = 'ok'"
        ).fetchone()[0]
    if last_build is None and overview:
        last_build = "not recorded (built before the build log existed)"
    return {"last_ingest": overview.get("last_ingest_at"), "last_build": last_build}


def count_regressions(con: duckdb.DuckDBPyConnection) -> int:
    """Groups flagged by `rpt_emission_regressions` (0 when the mart does not exist)."""
    return _Reader(con, "exact").count("rpt_emission_regressions", "is_regression")
