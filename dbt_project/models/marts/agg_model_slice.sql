-- Per model x country x season (exact method): the distribution of run emissions and
-- energy, the mean energy split and the mean accuracy. Charts read this, never raw rows.
with

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

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
        avg(rmse) as mean_rmse

    from training_runs
    group by model, family, version, country, season, slice

)

select * from aggregated
