-- A run cell's total_emissions_kg / total_energy_kwh are the sums over its executions.
with

training_runs as (

    select * from {{ ref('fct_training_runs') }}

),

executions as (

    select * from {{ ref('fct_executions') }}

),

summed as (

    select
        run_cell_id,
        count(*) as n_executions,
        sum(emissions_kg) as emissions_kg,
        sum(energy_kwh) as energy_kwh

    from executions
    where run_cell_id is not null
    group by run_cell_id

)

select
    training_runs.model,
    training_runs.run,
    training_runs.total_emissions_kg,
    summed.emissions_kg as summed_emissions_kg
from training_runs
left join summed
    on training_runs.run_cell_id = summed.run_cell_id
where
    training_runs.n_executions <> coalesce(summed.n_executions, 0)
    or abs(coalesce(training_runs.total_emissions_kg, 0) - coalesce(summed.emissions_kg, 0)) > 1e-12
    or abs(coalesce(training_runs.total_energy_kwh, 0) - coalesce(summed.energy_kwh, 0)) > 1e-12
