"""The report's tables for people (summary.md and index.html), with units.

Each emission or energy column gets one unit for the whole column (`reports.units`), every
MAE says it is in percentage points and whether it is one run's or a mean over runs. The
paper's LaTeX tables (`reports.latex`) keep the published 3-decimal kg format instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reports.data import SYNTHETIC_MARK, ReportData
from reports.units import format_column, format_kg

MAE_DECIMALS = 3


@dataclass(frozen=True)
class Display:
    name: str  # anchor in the page
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""  # one sentence under the title: what the numbers are


def _mae(values) -> list[str]:
    return ["--" if pd.isna(v) else f"{float(v):.{MAE_DECIMALS}f}" for v in values]


def _int(values) -> list[str]:
    return ["--" if pd.isna(v) else str(int(v)) for v in values]


def _text(values) -> list[str]:
    return ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values]


def _table(name, title, frame: pd.DataFrame, columns: list[tuple], note="") -> Display:
    """`columns`: (header, column, kind) with kind text | int | mae | mass | energy | pct.
    Mass and energy headers get the column's unit appended."""
    header, cells = [], []
    for title_, column, kind in columns:
        values = frame[column].tolist() if column in frame else [None] * len(frame)
        if kind in ("mass", "energy"):
            formatted = format_column(values, kind)
            header.append(formatted.header(title_))
            cells.append(formatted.cells)
            continue
        header.append(title_)
        if kind == "mae":
            cells.append(_mae(values))
        elif kind == "int":
            cells.append(_int(values))
        elif kind == "pct":
            cells.append(["--" if pd.isna(v) else f"{float(v):+.1f} %" for v in values])
        elif kind == "bool":
            cells.append(["yes" if bool(v) else "no" for v in values])
        else:
            cells.append(_text(values))
    rows = [list(row) for row in zip(*cells, strict=True)] if cells and len(frame) else []
    return Display(name, title, header, rows, note)


def threshold_text(data: ReportData) -> str:
    threshold = data.threshold_kg
    if threshold is None and len(data.low_carbon_leaders):
        threshold = data.low_carbon_leaders["threshold_kg"].iloc[0]
    return "the threshold" if threshold is None else format_kg(threshold)


def publication_displays(data: ReportData) -> list[Display]:
    """The paper's four tables, for people: units, best run vs mean over runs spelled out."""
    n, k = data.top_n, data.pareto_leaders_n
    return [
        _table(
            "low_carbon_leaders",
            f"Low-carbon leaders: per slice, the single run with the lowest MAE among runs "
            f"emitting at most {threshold_text(data)}",
            data.low_carbon_leaders,
            [
                ("Slice", "slice", "text"),
                ("Model", "model", "text"),
                ("Run", "run", "text"),
                ("MAE of the run (pp)", "mae", "mae"),
                ("Emissions of the run", "emissions_kg", "mass"),
                ("Eligible runs", "n_eligible_runs", "int"),
            ],
            "One run each (not a mean). MAE in percentage points of renewable share.",
        ),
        _table(
            "pareto_leaders",
            f"Pareto leaders: per slice, the {k} models on the Pareto front with the lowest "
            f"mean MAE",
            data.pareto_leaders,
            [
                ("Slice", "slice", "text"),
                ("Front rank", "pareto_rank", "int"),
                ("Model", "model", "text"),
                ("Mean MAE over runs (pp)", "mean_mae", "mae"),
                ("Mean emissions per run", "mean_emissions_kg", "mass"),
                ("Runs", "n_runs", "int"),
            ],
            "Means over each model's runs of the slice.",
        ),
        _table(
            "mae_summary",
            "Best and worst single run per slice",
            data.mae_summary,
            [
                ("Slice", "slice", "text"),
                ("Best run: model", "best_model", "text"),
                ("Best run MAE (pp)", "best_mae", "mae"),
                ("Best run emissions", "best_emissions_kg", "mass"),
                ("Worst run: model", "worst_model", "text"),
                ("Worst run MAE (pp)", "worst_mae", "mae"),
                ("Runs", "n_runs", "int"),
            ],
            "Best and worst are single runs, so they can differ from the top-N table, "
            "which ranks models by their mean over runs.",
        ),
        _table(
            f"top{n}_mae_by_slice",
            f"Top-{n} models per slice by mean MAE over their runs",
            data.top_models,
            [
                ("Slice", "slice", "text"),
                ("Rank", "rank", "int"),
                ("Model", "model", "text"),
                ("Mean MAE over runs (pp)", "mean_mae", "mae"),
                ("Mean emissions per run", "mean_emissions_kg", "mass"),
                ("Runs", "n_runs", "int"),
            ],
        ),
    ]


def frontier_display(data: ReportData) -> Display:
    frame = data.frontier
    if len(frame):
        frame = frame[frame["is_frontier"].fillna(False).astype(bool)]
    return _table(
        "efficient_frontier",
        "Efficient frontier (all slices pooled)",
        frame,
        [
            ("Model", "model", "text"),
            ("Mean MAE over runs (pp)", "mean_mae", "mae"),
            ("Mean emissions per run", "mean_emissions_kg", "mass"),
            ("Runs", "n_runs", "int"),
            ("Slices", "n_slices", "int"),
        ],
        "No other model has both a lower mean MAE and lower mean emissions.",
    )


def regressions_display(data: ReportData, flagged_only: bool = False) -> Display:
    frame = data.flagged_regressions if flagged_only else data.regressions
    return _table(
        "emission_regressions",
        "Emission regressions" if flagged_only else "Emission regression checks",
        frame,
        [
            ("Model", "model", "text"),
            ("Slice", "slice", "text"),
            ("Compared on (CPU | GPU | CodeCarbon country)", "comparison_group", "text"),
            ("Basis", "basis", "text"),
            ("Newest execution", "newest_value_kg", "mass"),
            ("Median of earlier", "baseline_kg", "mass"),
            ("Threshold", "threshold_kg", "mass"),
            ("Earlier executions", "n_earlier", "int"),
            ("Change", "change_pct", "pct"),
            ("Flagged", "is_regression", "bool"),
        ],
    )


def regression_rule(data: ReportData) -> str:
    """The rule in words, with the settings of this build."""
    frame = data.regressions
    minimum = data.overview.get("regression_min_earlier") or "var regression_min_earlier"
    k = frame["mad_k"].iloc[0] if len(frame) else None
    tolerance = frame["tolerance_pct"].iloc[0] if len(frame) else None
    margin = (
        f"median + max({k:g} x MAD, {tolerance:g} % of the median)"
        if k is not None
        else "median + max(k x MAD, tolerance)"
    )
    return (
        "Each model and slice's newest execution is compared with its earlier executions on "
        "the same CPU, GPU and CodeCarbon country (quick smoke-test runs left out; at least "
        f"{minimum} earlier ones); it is flagged above {margin}."
    )


def method_differences_display(data: ReportData) -> Display:
    return _table(
        "method_differences",
        "Runs where the published and exact methods differ",
        data.method_differences,
        [
            ("Model", "model", "text"),
            ("Country", "country", "text"),
            ("Season", "season", "text"),
            ("Run", "run", "text"),
            ("Published method", "emissions_kg_published", "mass"),
            ("Sum over executions", "total_emissions_kg", "mass"),
            ("Difference", "difference_kg", "mass"),
            ("Reason", "reason", "text"),
        ],
    )


def compute_locations_display(data: ReportData) -> Display:
    return _table(
        "compute_locations",
        "Where the computers ran (the grid CodeCarbon's emissions assume)",
        data.compute_locations,
        [
            ("Country (ISO)", "compute_country_iso", "text"),
            ("Country", "compute_country_name", "text"),
            ("Region", "compute_region", "text"),
            ("Cloud provider", "cloud_provider", "text"),
            ("Cloud region", "cloud_region", "text"),
            ("Executions", "n_executions", "int"),
            ("Run cells", "n_run_cells", "int"),
        ],
    )


def runs_elsewhere_display(data: ReportData) -> Display:
    return _table(
        "runs_elsewhere",
        "Runs computed elsewhere than most (another grid)",
        data.runs_elsewhere,
        [
            ("Model", "model", "text"),
            ("Slice", "slice", "text"),
            ("Run", "run", "text"),
            ("Country (ISO)", "compute_country_iso", "text"),
            ("Region", "compute_region", "text"),
            ("Cloud provider", "cloud_provider", "text"),
        ],
    )


def location_warning(data: ReportData) -> str | None:
    """A warning when some executions used DEU, the default of the repo's codecarbon.config."""
    frame = data.compute_locations
    if frame.empty or not frame["is_repository_default"].fillna(False).any():
        return None
    n = int(frame.loc[frame["is_repository_default"].fillna(False), "n_executions"].sum())
    return (
        f"{n} execution(s) were computed for Germany (DEU), the default of this repository's "
        "codecarbon.config: if those computers were not in Germany, their emissions use the "
        "wrong grid. Set country_iso_code in codecarbon.config (or CODECARBON_COUNTRY_ISO_CODE) "
        "where the training runs."
    )


def fallback_display(data: ReportData) -> Display:
    return _table(
        "fallback_cells",
        "Run cells in fallback context",
        data.fallback_cells,
        [
            ("Model", "model", "text"),
            ("Country", "country", "text"),
            ("Season", "season", "text"),
            ("Run", "run", "text"),
            ("MAE of the run (pp)", "mae", "mae"),
            ("Emissions of the run", "emissions_kg", "mass"),
        ],
    )


def synthetic_note(data: ReportData) -> str | None:
    """How many runs are synthetic, whether the tables include them, and mixed-data cells."""
    synthetic = int(data.overview.get("n_synthetic_runs") or 0)
    mixed = int(data.overview.get("n_runs_with_mixed_data") or 0)
    parts = []
    if synthetic:
        where = (
            f"included and marked `{SYNTHETIC_MARK.strip()}` in the tables"
            if data.overview.get("includes_synthetic")
            else "left out of the tables and regressions (a dbt build with `--vars "
            "'{\"include_synthetic\": true}'` brings them in)"
        )
        total = int(data.overview.get("n_runs") or 0)
        parts.append(
            f"{synthetic} of {total} runs are synthetic (trained on generated data): {where}."
        )
    if mixed:
        parts.append(
            f"{mixed} run cell(s) mix executions trained on different data "
            "(`marts.fct_training_runs.has_mixed_data`)."
        )
    return " ".join(parts) or None


def fallback_note(data: ReportData) -> str | None:
    n = data.warning_counts.get("fallback_runs") or 0
    if not n:
        return None
    included = bool(data.overview.get("includes_fallback_context"))
    where = (
        "included in the tables (var include_fallback_context is true)"
        if included
        else "left out of the tables and counts; "
        "a dbt build with `--vars '{\"include_fallback_context\": true}'` brings them back"
    )
    return (
        f"{n} run cell(s) have fallback context (model `model`, country `All` or season "
        f"`unknown`: an environment variable was missing when they were trained): {where}."
    )


METHOD_MEANING = {
    "exact": "each run's emissions are those of the CodeCarbon execution its metrics belong to",
    "published": "the published benchmark's per-file rule (max of a rising column, else its sum)",
}


def method_text(method: str) -> str:
    return f"Method `{method}`: {METHOD_MEANING.get(method, 'see docs/reports.md')}."


def settings_text(data: ReportData) -> str:
    return (
        f"Low-carbon threshold {threshold_text(data)} per run; top-{data.top_n} models per "
        f"slice; {data.pareto_leaders_n} Pareto leaders per slice (dbt vars of this build)."
    )


def counts_text(data: ReportData) -> str:
    c = data.counts
    text = (
        f"{c.get('runs') or 0} runs of {c.get('models') or 0} models in "
        f"{c.get('slices') or 0} slices"
    )
    fallback = data.warning_counts.get("fallback_runs") or 0
    if fallback:
        text += f" (plus {fallback} fallback-context run cell(s), counted apart)"
    return text
