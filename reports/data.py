"""Everything the report shows, read from the warehouse marts on a read-only connection.

Charts read aggregated marts only (`agg_model_slice`, the `rpt_` marts, each model's latest
run of `fct_epoch_series`): the amount of data embedded in the report grows with models x
slices, never with the number of runs. The few sums here weight per-slice means by their
run counts; quantiles, fronts and rankings come from dbt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

MARTS = "marts"
WARNING_ROWS = 50  # rows of each warning list shown in the page (the count is always shown)


def slice_label_sql(country: str = "country", season: str = "season") -> str:
    """DESIGN.md's slice label, '<Country> <Season>' with the season capitalised."""
    return f"concat({country}, ' ', upper(left({season}, 1)), lower(substr({season}, 2)))"


class Catalog:
    """Which relations and columns exist: marts evolve, old warehouses lack newer tables."""

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

    def pick(self, relation: str, *candidates: str) -> str | None:
        """The first candidate column present in `relation`, else None."""
        present = set(self.columns(relation))
        return next((c for c in candidates if c in present), None)


@dataclass
class ReportData:
    method: str
    generated_at: datetime
    box: pd.DataFrame
    heatmap: pd.DataFrame
    pareto: pd.DataFrame
    top_models: pd.DataFrame
    epochs: pd.DataFrame
    frontier: pd.DataFrame
    energy_split: pd.DataFrame
    mae_summary: pd.DataFrame
    low_carbon_leaders: pd.DataFrame
    pareto_leaders: pd.DataFrame
    freshness: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    quarantined: pd.DataFrame = field(default_factory=pd.DataFrame)
    method_differences: pd.DataFrame = field(default_factory=pd.DataFrame)
    regressions: pd.DataFrame = field(default_factory=pd.DataFrame)
    warning_counts: dict = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, con: duckdb.DuckDBPyConnection, method: str):
        self.con = con
        self.method = method
        self.catalog = Catalog(con)
        self.missing: list[str] = []

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def mart(self, name: str) -> str | None:
        relation = f"{MARTS}.{name}"
        if self.catalog.has(relation):
            return relation
        self.missing.append(relation)
        return None

    def method_filter(self, relation: str) -> tuple[str, list]:
        """`where method = ?` for marts that hold both methods, else nothing."""
        if "method" in self.catalog.columns(relation):
            return "where method = ?", [self.method]
        return "where true", []

    def method_rows(
        self, name: str, columns: tuple[str, ...], order_by: str, condition: str = "", params=()
    ) -> pd.DataFrame:
        """`columns` of mart `name` for the report's method (an empty frame if it is missing),
        optionally narrowed by `condition` (SQL with `?` placeholders for `params`)."""
        relation = self.mart(name)
        if not relation:
            return _empty(*columns)
        where, method_params = self.method_filter(relation)
        extra = f" and ({condition})" if condition else ""
        return self.df(
            f"select {', '.join(columns)} from {relation} {where}{extra} order by {order_by}",
            [*method_params, *params],
        )


def read_report_data(
    con: duckdb.DuckDBPyConnection,
    method: str = "exact",
    built_at: datetime | None = None,
    top_n: int = 10,
    pareto_leaders_n: int = 3,
) -> ReportData:
    """Read every table the report needs; missing marts give empty frames (and a note)."""
    r = _Reader(con, method)
    data = ReportData(
        method=method,
        generated_at=datetime.now().astimezone(),
        box=_box(r),
        heatmap=_heatmap(r),
        pareto=_pareto(r),
        top_models=_top_models(r, top_n),
        epochs=_epochs(r),
        frontier=_frontier(r),
        energy_split=_energy_split(r),
        mae_summary=_mae_summary(r),
        low_carbon_leaders=_low_carbon_leaders(r),
        pareto_leaders=_pareto_leaders(r, pareto_leaders_n),
    )
    data.freshness = _freshness(r, built_at)
    data.counts = _counts(r)
    data.quarantined, n_quarantined = _quarantined(r)
    data.method_differences, n_differences = _method_differences(r)
    data.regressions, n_regressions = _regressions(r)
    data.warning_counts = {
        "quarantined_files": n_quarantined,
        "method_differences": n_differences,
        "emission_regressions": n_regressions,
    }
    data.missing = sorted(set(r.missing))
    return data


def _empty(*columns: str) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


def _stat(r: _Reader, relation: str, stat: str, measure: str) -> str:
    """Column of a statistic in agg_model_slice, tolerant of `q1_x`/`p25_x`/`x_q1` spellings."""
    aliases = {
        "q1": ("q1", "p25", "quartile_1", "q25"),
        "q3": ("q3", "p75", "quartile_3", "q75"),
    }.get(stat, (stat,))
    candidates = [f"{a}_{measure}" for a in aliases] + [f"{measure}_{a}" for a in aliases]
    column = r.catalog.pick(relation, *candidates)
    return column or "null"


def _box(r: _Reader) -> pd.DataFrame:
    relation = r.mart("agg_model_slice")
    if not relation:
        return _empty("model", "slice", "n_runs", "min_kg", "q1_kg", "median_kg", "q3_kg", "max_kg")
    s = {k: _stat(r, relation, k, "emissions_kg") for k in ("min", "q1", "median", "q3", "max")}
    return r.df(
        f"""
        select model, {slice_label_sql()} as slice, n_runs,
            {s["min"]} as min_kg, {s["q1"]} as q1_kg, {s["median"]} as median_kg,
            {s["q3"]} as q3_kg, {s["max"]} as max_kg
        from {relation}
        order by model, slice
        """
    )


def _heatmap(r: _Reader) -> pd.DataFrame:
    relation = r.mart("agg_model_slice")
    if not relation:
        return _empty("model", "country", "season", "mean_emissions_kg", "n_runs")
    mean = _stat(r, relation, "mean", "emissions_kg")
    if r.method == "published":
        mean = r.catalog.pick(relation, "mean_emissions_kg_published") or mean
    return r.df(
        f"""
        select model, country, upper(left(season, 1)) || lower(substr(season, 2)) as season,
            {mean} as mean_emissions_kg, n_runs
        from {relation}
        order by season, country, model
        """
    )


def _energy_split(r: _Reader) -> pd.DataFrame:
    relation = r.mart("agg_model_slice")
    if not relation:
        return _empty("model", "component", "energy_kwh")
    parts = []
    for component in ("cpu", "gpu", "ram"):
        column = _stat(r, relation, "mean", f"{component}_energy_kwh")
        # Mean over runs pooled across slices = per-slice means weighted by their run counts.
        parts.append(
            f"""
            select model, '{component.upper()}' as component,
                sum({column} * n_runs) / nullif(sum(case when {column} is not null
                    then n_runs end), 0) as energy_kwh
            from {relation} group by model
            """
        )
    return r.df(" union all ".join(parts) + " order by model, component")


def _pareto(r: _Reader) -> pd.DataFrame:
    columns = ("slice", "model", "mean_mae", "mean_emissions_kg", "is_pareto", "pareto_rank")
    return r.method_rows("rpt_pareto_front", columns, "slice, mean_emissions_kg, model")


def _top_models(r: _Reader, top_n: int) -> pd.DataFrame:
    columns = ("slice", "rank", "model", "mean_mae", "n_runs")
    return r.method_rows("rpt_top_models_by_slice", columns, "slice, rank", "rank <= ?", [top_n])


def _epochs(r: _Reader) -> pd.DataFrame:
    """Each model's latest run that has a per-epoch series (by start time, then run name)."""
    columns = ("model", "run", "slice", "epoch", "loss", "val_loss", "cumulative_emissions_kg")
    series = r.mart("fct_epoch_series")
    runs = r.mart("fct_training_runs")
    if not series or not runs:
        return _empty(*columns)
    emissions = r.catalog.pick(
        series, "cumulative_emissions_kg", "emissions_kg_cumulative", "emissions_kg"
    )
    loss = r.catalog.pick(series, "loss", "train_loss") or "null"
    val_loss = r.catalog.pick(series, "val_loss") or "null"
    started = r.catalog.pick(runs, "started_at", "finished_at") or "run"
    return r.df(
        f"""
        with series_runs as (
            select distinct model, country, season, run from {series}
        ),
        latest as (
            select s.model, s.country, s.season, s.run,
                row_number() over (
                    partition by s.model order by r.{started} desc nulls last, s.run desc
                ) as recency
            from series_runs as s
            left join {runs} as r
                on s.model = r.model and s.country = r.country and s.season = r.season
                and s.run = r.run
        )
        select s.model, s.run, {slice_label_sql("s.country", "s.season")} as slice, s.epoch,
            s.{loss} as loss, s.{val_loss} as val_loss,
            s.{emissions or "null"} as cumulative_emissions_kg
        from {series} as s
        inner join latest as l
            on s.model = l.model and s.country = l.country and s.season = l.season
            and s.run = l.run and l.recency = 1
        order by s.model, s.epoch
        """
    )


def _frontier(r: _Reader) -> pd.DataFrame:
    relation = r.mart("rpt_efficient_frontier")
    if not relation:
        return _empty("model", "mean_mae", "mean_emissions_kg", "is_frontier")
    where, params = r.method_filter(relation)
    mae = r.catalog.pick(relation, "mean_mae", "mae")
    kg = r.catalog.pick(relation, "mean_emissions_kg", "emissions_kg")
    return r.df(
        f"""
        select model, {mae} as mean_mae, {kg} as mean_emissions_kg, is_frontier
        from {relation} {where}
        order by mean_emissions_kg, model
        """,
        params,
    )


def _mae_summary(r: _Reader) -> pd.DataFrame:
    columns = ("slice", "best_model", "best_mae", "worst_model", "worst_mae", "n_runs")
    return r.method_rows("rpt_mae_summary", columns, "slice")


def _low_carbon_leaders(r: _Reader) -> pd.DataFrame:
    columns = ("slice", "model", "run", "mae", "emissions_kg")
    return r.method_rows("rpt_low_carbon_leaders", columns, "slice")


def _pareto_leaders(r: _Reader, n: int) -> pd.DataFrame:
    columns = ("slice", "pareto_rank", "model", "mean_mae", "mean_emissions_kg")
    return r.method_rows("rpt_pareto_front", columns, "slice, pareto_rank", "pareto_rank <= ?", [n])


def _latest(r: _Reader, relation: str, *candidates: str):
    column = r.catalog.pick(relation, *candidates)
    if not column:
        return None
    return r.con.execute(f"select max({column}) from {relation}").fetchone()[0]


def _freshness(r: _Reader, built_at: datetime | None) -> dict:
    last_ingest = None
    if r.catalog.has("raw.ingest_batches"):
        last_ingest = _latest(
            r, "raw.ingest_batches", "finished_at", "loaded_at", "ingested_at", "started_at"
        )
    last_build = built_at
    if last_build is None and r.catalog.has("warehouse.refresh_log"):
        last_build = r.con.execute(
            "select max(finished_at) from warehouse.refresh_log where status = 'ok'"
        ).fetchone()[0]
    if last_build is None and r.catalog.has(f"{MARTS}.fct_training_runs"):
        last_build = "not recorded (built outside carbonwh refresh)"
    return {"last_ingest": last_ingest, "last_build": last_build}


def _count(r: _Reader, relation: str, expression: str = "count(*)") -> int | None:
    if not r.catalog.has(relation):
        return None
    return r.con.execute(f"select {expression} from {relation}").fetchone()[0]


def _counts(r: _Reader) -> dict:
    runs = f"{MARTS}.fct_training_runs"
    return {
        "runs": _count(r, runs),
        "models": _count(r, runs, "count(distinct model)"),
        "slices": _count(r, runs, "count(distinct (country, season))"),
        "executions": _count(r, f"{MARTS}.fct_executions"),
        "files": _count(
            r, "raw.files", "count(*) filter (where status not in ('deleted', 'ignored'))"
        )
        if "status" in r.catalog.columns("raw.files")
        else None,
    }


def _quarantined(r: _Reader) -> tuple[pd.DataFrame, int]:
    relation = "raw.files"
    if "status" not in r.catalog.columns(relation):
        return _empty("path", "reason"), 0
    path = r.catalog.pick(relation, "path", "relative_path", "file_path") or "null"
    reason = r.catalog.pick(relation, "reason", "quarantine_reason", "error", "message") or "null"
    where = "where status = 'quarantined'"
    total = r.con.execute(f"select count(*) from {relation} {where}").fetchone()[0]
    frame = r.df(
        f"select {path} as path, {reason} as reason from {relation} {where} "
        f"order by path limit {WARNING_ROWS}"
    )
    return frame, total


def _method_differences(r: _Reader) -> tuple[pd.DataFrame, int]:
    relation = f"{MARTS}.rpt_method_differences"
    if not r.catalog.has(relation):
        return _empty("model", "country", "season", "run"), 0
    total = r.con.execute(f"select count(*) from {relation}").fetchone()[0]
    wanted = [
        "model",
        "country",
        "season",
        "run",
        "emissions_kg_published",
        "total_emissions_kg",
        "difference_kg",
        "reason",
    ]
    columns = [c for c in wanted if c in r.catalog.columns(relation)]
    order = ", ".join(c for c in ("model", "country", "season", "run") if c in columns) or "1"
    frame = r.df(
        f"select {', '.join(columns)} from {relation} order by {order} limit {WARNING_ROWS}"
    )
    return frame, total


def _regressions(r: _Reader) -> tuple[pd.DataFrame, int]:
    relation = f"{MARTS}.rpt_emission_regressions"
    if "is_regression" not in r.catalog.columns(relation):
        return _empty("model", "country", "season"), 0
    where = "where is_regression"
    total = r.con.execute(f"select count(*) from {relation} {where}").fetchone()[0]
    frame = r.df(f"select * from {relation} {where} limit {WARNING_ROWS}")
    return frame, total


def count_regressions(con: duckdb.DuckDBPyConnection) -> int:
    """Runs flagged by `rpt_emission_regressions` (0 when the mart does not exist)."""
    reader = _Reader(con, "exact")
    return _regressions(reader)[1]
