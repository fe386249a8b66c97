-- The publication tables' input: one row per run cell and aggregation method, with the
-- emissions that method assigns to the run. `exact` = the execution the metrics belong
-- to; `published` = the published benchmark's per-file heuristic. Fallback-context cells
-- (`model`/`All`/`unknown`) are left out unless var include_fallback_context is true;
-- synthetic runs only with the var include_synthetic (macros/synthetic.sql).
with

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}
    where
        {{ publishable('is_synthetic') }}
        and ({{ var('include_fallback_context') }} or not is_fallback_context)

),

exact as (

    select
        'exact' as method,
        run_cell_id,
        source,
        model,
        country,
        season,
        run,
        slice,
        mae,
        rmse,
        emissions_kg,
        energy_kwh,
        is_synthetic

    from training_runs

),

published as (

    select
        'published' as method,
        run_cell_id,
        source,
        model,
        country,
        season,
        run,
        slice,
        mae,
        rmse,
        emissions_kg_published as emissions_kg,
        energy_kwh_published as energy_kwh,
        is_synthetic

    from training_runs

),

unioned as (

    select * from exact
    union all
    select * from published

)

select * from unioned
