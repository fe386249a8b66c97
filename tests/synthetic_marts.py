"""A hand-made warehouse with the mart contracts of issue 5, built directly in DuckDB.

For report/refresh/sql tests that need sizes dbt fixtures do not have (100,000 runs) or a
model name made of every LaTeX special character. Aggregates are computed here with plain
SQL the way the dbt marts define them; the real marts are tested by the dbt suite.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SPECIAL_MODEL = r"Odd\_%&#{}$^~ Model"
MODELS = ["DLinear_Model", "LSTM_Model_v2", "Transformer_Model", SPECIAL_MODEL]
COUNTRIES = ["Denmark", "Germany"]
SEASONS = ["summer", "winter"]
EPOCHS = 3


def _slice(country: str = "country", season: str = "season") -> str:
    return f"concat({country}, ' ', upper(left({season}, 1)), lower(substr({season}, 2)))"


def build_synthetic_warehouse(
    path: Path, runs_per_cell: int = 3, models=MODELS, with_raw: bool = True, regression=False
) -> Path:
    """Write the marts (and, `with_raw`, raw manifest tables); `runs_per_cell` scales it.

    `regression=True` flags one run in rpt_emission_regressions.
    """
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts; create schema if not exists raw")
    con.execute("create or replace temp table model_names as select unnest(?) as model", [models])
    con.execute(
        "create or replace temp table countries as select unnest(?) as country", [COUNTRIES]
    )
    con.execute("create or replace temp table seasons as select unnest(?) as season", [SEASONS])
    con.execute(
        f"""
        create or replace table marts.fct_training_runs as
        with cells as (
            select m.model, c.country, s.season, r.range + 1 as run_number,
                hash(m.model, c.country, s.season, r.range) as h
            from model_names m, countries c, seasons s, range({runs_per_cell}) r
        )
        select model, 'fam_' || left(model, 4) as family, 'v1' as version,
            country, left(country, 2) as country_code, season,
            model || '_' || country || '_' || season || '_run' || run_number as run,
            run_number, false as is_fallback_context, 1 as n_executions,
            'cc-' || h as codecarbon_run_id,
            0.001 + (h % 1000) / 1e4 as emissions_kg,
            0.004 + (h % 1000) / 2.5e3 as energy_kwh,
            10.0 + h % 50 as duration_s,
            0.003 + (h % 100) / 1e4 as cpu_energy_kwh,
            0.0 as gpu_energy_kwh,
            0.001 + (h % 10) / 1e4 as ram_energy_kwh,
            0.001 + (h % 1000) / 1e4 as total_emissions_kg,
            0.004 + (h % 1000) / 2.5e3 as total_energy_kwh,
            0.001 + (h % 1000) / 1e4 as emissions_kg_published,
            0.004 + (h % 1000) / 2.5e3 as energy_kwh_published,
            10.0 + h % 50 as duration_s_published,
            5.0 + (h % 997) / 100.0 as mae, 7.0 as rmse, 49.0 as mse, 0.1 as mape, 0.5 as r2,
            1000 as params, {EPOCHS} as epochs_run,
            (0.001 + (h % 1000) / 1e4) / {EPOCHS} as emissions_per_epoch_kg,
            null::double as mae_per_kg_co2e, null::double as r2_per_kwh,
            'DNK' as compute_country_iso, '3.3.2' as codecarbon_version,
            timestamp '2025-01-01' + to_seconds(run_number * 60) as started_at,
            timestamp '2025-01-01' + to_seconds(run_number * 60 + 30) as finished_at
        from cells
        """
    )
    con.execute(
        """
        create or replace table marts.fct_executions as
        select model, country, season, run, codecarbon_run_id as run_id, emissions_kg
        from marts.fct_training_runs
        """
    )
    con.execute(
        f"""
        create or replace table marts.fct_epoch_series as
        select model, country, season, run, e.range + 1 as epoch,
            1.0 / (e.range + 1) as loss, 1.2 / (e.range + 1) as val_loss,
            emissions_kg * (e.range + 1) / {EPOCHS} as cumulative_emissions_kg,
            energy_kwh * (e.range + 1) / {EPOCHS} as cumulative_energy_kwh
        from marts.fct_training_runs, range({EPOCHS}) e
        """
    )
    con.execute(
        """
        create or replace table marts.agg_model_slice as
        select model, country, season, count(*) as n_runs,
            avg(emissions_kg) as mean_emissions_kg, median(emissions_kg) as median_emissions_kg,
            min(emissions_kg) as min_emissions_kg, max(emissions_kg) as max_emissions_kg,
            stddev_samp(emissions_kg) as std_emissions_kg,
            quantile_cont(emissions_kg, 0.25) as q1_emissions_kg,
            quantile_cont(emissions_kg, 0.75) as q3_emissions_kg,
            avg(energy_kwh) as mean_energy_kwh,
            avg(cpu_energy_kwh) as mean_cpu_energy_kwh,
            avg(gpu_energy_kwh) as mean_gpu_energy_kwh,
            avg(ram_energy_kwh) as mean_ram_energy_kwh,
            avg(mae) as mean_mae, avg(rmse) as mean_rmse
        from marts.fct_training_runs group by all
        """
    )
    methods = "(select unnest(['exact', 'published']) as method)"
    con.execute(
        f"""
        create or replace table marts.rpt_pareto_front as
        with per_model as (
            select method, country, season, {_slice()} as slice, model,
                avg(mae) as mean_mae, avg(emissions_kg) as mean_emissions_kg, count(*) as n_runs
            from marts.fct_training_runs, {methods} group by all
        ), flagged as (
            select *, not exists (
                select 1 from per_model o
                where o.method = p.method and o.slice = p.slice
                    and o.mean_mae <= p.mean_mae and o.mean_emissions_kg <= p.mean_emissions_kg
                    and (o.mean_mae < p.mean_mae or o.mean_emissions_kg < p.mean_emissions_kg)
            ) as is_pareto
            from per_model p
        )
        select *, case when is_pareto then row_number() over (
                partition by method, slice, is_pareto order by mean_mae, mean_emissions_kg, model
            ) end as pareto_rank
        from flagged
        """
    )
    con.execute(
        """
        create or replace table marts.rpt_top_models_by_slice as
        select method, country, season, slice,
            row_number() over (partition by method, slice order by mean_mae, model) as rank,
            model, mean_mae, 1 as n_runs
        from marts.rpt_pareto_front qualify rank <= 10
        """
    )
    con.execute(
        f"""
        create or replace table marts.rpt_mae_summary as
        select method, country, season, {_slice()} as slice,
            arg_min(model, mae) as best_model, min(mae) as best_mae,
            arg_max(model, mae) as worst_model, max(mae) as worst_mae, count(*) as n_runs
        from marts.fct_training_runs, {methods} group by all
        """
    )
    con.execute(
        f"""
        create or replace table marts.rpt_low_carbon_leaders as
        select method, country, season, {_slice()} as slice,
            arg_min(model, mae) as model, arg_min(run, mae) as run,
            min(mae) as mae, arg_min(emissions_kg, mae) as emissions_kg
        from marts.fct_training_runs, {methods} where emissions_kg <= 0.1 group by all
        """
    )
    con.execute(
        f"""
        create or replace table marts.rpt_efficient_frontier as
        with per_model as (
            select method, model, avg(mae) as mean_mae, avg(emissions_kg) as mean_emissions_kg
            from marts.fct_training_runs, {methods} group by all
        )
        select *, not exists (
            select 1 from per_model o
            where o.method = p.method and o.mean_mae <= p.mean_mae
                and o.mean_emissions_kg <= p.mean_emissions_kg
                and (o.mean_mae < p.mean_mae or o.mean_emissions_kg < p.mean_emissions_kg)
        ) as is_frontier
        from per_model p
        """
    )
    con.execute(
        """
        create or replace table marts.rpt_method_differences as
        select model, country, season, run, emissions_kg_published, total_emissions_kg,
            emissions_kg_published - total_emissions_kg as difference_kg,
            0.0 as difference_pct, n_executions, 'other' as reason
        from marts.fct_training_runs where run_number = 1 and model = 'DLinear_Model'
        """
    )
    con.execute(
        """
        create or replace table marts.rpt_emission_regressions as
        select model, country, season, run, emissions_per_epoch_kg,
            emissions_per_epoch_kg as baseline_per_epoch_kg,
            ? and model = 'DLinear_Model' and country = 'Denmark' and season = 'summer'
                as is_regression
        from marts.fct_training_runs where run_number = 1
        """,
        [regression],
    )
    if not with_raw:
        con.close()
        return path
    con.execute(
        """
        create or replace table raw.files as
        select 'emissions/x/' || range || '_emissions.csv' as path,
            case when range = 0 then 'quarantined' else 'loaded' end as status,
            case when range = 0 then 'not a CodeCarbon header' end as reason
        from range(3);
        create or replace table raw.ingest_batches as
        select 1 as batch_id, timestamp '2025-01-02 03:04:05' as finished_at
        """
    )
    con.close()
    return path
