-- Per method and slice, models ranked by mean MAE over their runs; the top `top_n`.
-- Ties: lower mean emissions, then model.
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where mae is not null

),

per_model as (

    select
        method,
        country,
        season,
        slice,
        model,
        avg(mae) as mean_mae,
        avg(emissions_kg) as mean_emissions_kg,
        count(*) as n_runs

    from run_results
    group by method, country, season, slice, model

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
        n_runs

    from ranked
    where model_rank <= {{ var('top_n') }}

)

select * from final
