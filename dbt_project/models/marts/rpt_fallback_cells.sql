-- Run cells whose context is a fallback (model `model`, country `All`, season `unknown`:
-- an env variable was missing when they were trained). Kept in the warehouse, flagged in
-- the report, left out of the publication tables unless var include_fallback_context.
with

training_runs as (

    select * from {{ ref('fct_training_runs') }}
    where is_fallback_context

),

final as (

    select
        model,
        country,
        season,
        run,
        slice,
        mae,
        emissions_kg

    from training_runs

)

select * from final
