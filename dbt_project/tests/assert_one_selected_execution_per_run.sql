-- A run cell with emissions has exactly one selected execution, and its emissions are the
-- run's emissions_kg.
with

training_runs as (

    select * from {{ ref('fct_training_runs') }}
    where has_emissions

),

selected as (

    select
        run_cell_id,
        count(*) as n_selected,
        max(emissions_kg) as emissions_kg

    from {{ ref('fct_executions') }}
    where is_selected
    group by run_cell_id

)

select
    training_runs.model,
    training_runs.run,
    selected.n_selected
from training_runs
left join selected
    on training_runs.run_cell_id = selected.run_cell_id
where
    coalesce(selected.n_selected, 0) <> 1
    or training_runs.emissions_kg is distinct from selected.emissions_kg
