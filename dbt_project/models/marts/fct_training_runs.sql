-- One row per run cell (source, model, country, season, run): the exact method's emissions of the
-- execution the metrics belong to, all executions' totals, the published method's values, and
-- the run report's metrics.
with

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

estimates as (

    select * from {{ ref('int_training_runs_estimated') }}

),

-- Budgets: the report fields and the estimate of a run whose emissions are missing.
runs_with_estimates as (

    select
        training_runs.*,
        estimates.epochs_max,
        estimates.train_windows,
        estimates.is_quick,
        estimates.emissions_status,
        estimates.hardware_cpu_model,
        estimates.is_estimated,
        estimates.estimated_emissions_kg,
        estimates.estimate_source

    from training_runs
    left join estimates
        on training_runs.run_cell_id = estimates.run_cell_id

),

final as (

    select
        run_cell_id,
        source,
        model,
        family,
        version,
        country,
        country_code,
        season,
        run,
        run_number,
        slice,
        is_fallback_context,
        n_executions,
        codecarbon_run_id,
        selection_basis,
        emissions_kg,
        energy_kwh,
        duration_s,
        cpu_energy_kwh,
        gpu_energy_kwh,
        ram_energy_kwh,
        total_emissions_kg,
        total_energy_kwh,
        emissions_kg_published,
        energy_kwh_published,
        duration_s_published,
        mae,
        rmse,
        mse,
        mape,
        r2,
        params,
        epochs_run,
        emissions_per_epoch_kg,
        mae_per_kg_co2e,
        r2_per_kwh,
        compute_country_iso,
        codecarbon_version,
        started_at,
        finished_at,
        has_run_report,
        has_emissions,
        epochs_max,
        train_windows,
        is_quick,
        emissions_status,
        hardware_cpu_model,
        is_estimated,
        estimated_emissions_kg,
        estimate_source,
        is_synthetic,
        has_mixed_data

    from runs_with_estimates

)

select * from final
