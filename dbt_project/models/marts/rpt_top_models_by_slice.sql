-- Per method and slice, models ranked by mean MAE over their runs; the top `top_n`.
-- Ties: lower mean emissions, then model.
with

per_model as (

    select * from {{ ref('int_model_slice_means') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by method, country, season
            order by mean_mae asc, mean_emissions_kg asc nulls last, model asc
        ) as model_rank

    from per_model

),

final as (

    select
        method,
        country,
        season,
        slice,
        cast(model_rank as bigint) as rank,
        model,
        mean_mae,
        mean_emissions_kg,
        n_runs,
        {{ var('top_n') }} as top_n,
        n_synthetic_runs

    from ranked
    where model_rank <= {{ var('top_n') }}

)

select * from final
