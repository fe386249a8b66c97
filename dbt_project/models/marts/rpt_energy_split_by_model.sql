-- Per model, pooled over slices: the mean CPU, GPU and RAM energy per run (exact method:
-- the execution the metrics belong to), one row per component.
with

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}
    {% if not var('include_fallback_context') %}
    where not is_fallback_context
    {% endif %}

),

components as (

    select
        model,
        'CPU' as component,
        cpu_energy_kwh as energy_kwh
    from training_runs
    union all
    select
        model,
        'GPU' as component,
        gpu_energy_kwh as energy_kwh
    from training_runs
    union all
    select
        model,
        'RAM' as component,
        ram_energy_kwh as energy_kwh
    from training_runs

),

aggregated as (

    select
        model,
        component,
        avg(energy_kwh) as mean_energy_kwh,
        count(energy_kwh) as n_runs

    from components
    where energy_kwh is not null
    group by model, component

)

select * from aggregated
