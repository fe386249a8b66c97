-- Per method, slice and model: mean MAE and mean emissions over its runs with an MAE (the
-- points of the Pareto front and the ranking of the top models, computed once).
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where mae is not null

),

means as (

    select
        method,
        country,
        season,
        slice,
        model,
        avg(mae) as mean_mae,
        avg(emissions_kg) as mean_emissions_kg,
        count(*) as n_runs,
        count(emissions_kg) as n_runs_with_emissions,
        avg(case when emissions_kg is not null then mae end) as mean_mae_with_emissions,
        cast(sum(case when is_synthetic then 1 else 0 end) as bigint) as n_synthetic_runs,
        cast(sum(case when is_synthetic and emissions_kg is not null then 1 else 0 end) as bigint)
            as n_synthetic_runs_with_emissions

    from run_results
    group by method, country, season, slice, model

)

select * from means
