-- Per model x country x season (exact method): the distribution of run emissions and
-- energy, the mean energy split and the mean accuracy. Charts read this, never raw rows.
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
        estimates.is_estimated,
        estimates.estimated_emissions_kg

    from training_runs
    left join estimates
        on training_runs.run_cell_id = estimates.run_cell_id

),

aggregated as (

    select
        model,
        family,
        version,
        country,
        season,
        slice,
        count(*) as n_runs,
        count(emissions_kg) as n_runs_with_emissions,
        avg(emissions_kg) as mean_emissions_kg,
        {{ percentile_cont('emissions_kg', 0.5) }} as median_emissions_kg,
        min(emissions_kg) as min_emissions_kg,
        max(emissions_kg) as max_emissions_kg,
        stddev_samp(emissions_kg) as std_emissions_kg,
        {{ percentile_cont('emissions_kg', 0.25) }} as q1_emissions_kg,
        {{ percentile_cont('emissions_kg', 0.75) }} as q3_emissions_kg,
        avg(energy_kwh) as mean_energy_kwh,
        {{ percentile_cont('energy_kwh', 0.5) }} as median_energy_kwh,
        min(energy_kwh) as min_energy_kwh,
        max(energy_kwh) as max_energy_kwh,
        stddev_samp(energy_kwh) as std_energy_kwh,
        {{ percentile_cont('energy_kwh', 0.25) }} as q1_energy_kwh,
        {{ percentile_cont('energy_kwh', 0.75) }} as q3_energy_kwh,
        avg(cpu_energy_kwh) as mean_cpu_energy_kwh,
        avg(gpu_energy_kwh) as mean_gpu_energy_kwh,
        avg(ram_energy_kwh) as mean_ram_energy_kwh,
        avg(total_emissions_kg) as mean_total_emissions_kg,
        avg(emissions_kg_published) as mean_emissions_kg_published,
        avg(mae) as mean_mae,
        avg(rmse) as mean_rmse,
        -- Measured figures above stay measured-only; estimates are counted apart.
        count(case when is_estimated then 1 end) as n_estimated,
        sum(case when is_estimated then null else emissions_kg end) as total_emissions_kg_measured,
        sum(case when is_estimated then estimated_emissions_kg else emissions_kg end)
            as total_emissions_kg_with_estimates

    from runs_with_estimates
    group by model, family, version, country, season, slice

)

select * from aggregated
