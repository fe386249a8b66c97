-- Per method and slice, over runs with an MAE: the best run (min MAE) and the worst run
-- (max MAE) with their models, and N. Ties: lower emissions, then model, then run.
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where mae is not null

),

ranked as (

    select
        *,
        row_number() over (
            partition by method, country, season
            order by mae asc, emissions_kg asc nulls last, model asc, run asc
        ) as best_rank,
        row_number() over (
            partition by method, country, season
            order by mae desc, emissions_kg asc nulls last, model asc, run asc
        ) as worst_rank,
        count(*) over (partition by method, country, season) as n_runs

    from run_results

),

best as (

    select * from ranked
    where best_rank = 1

),

worst as (

    select * from ranked
    where worst_rank = 1

),

final as (

    select
        best.method,
        best.country,
        best.season,
        best.slice,
        best.model as best_model,
        best.run as best_run,
        best.mae as best_mae,
        best.emissions_kg as best_emissions_kg,
        worst.model as worst_model,
        worst.run as worst_run,
        worst.mae as worst_mae,
        worst.emissions_kg as worst_emissions_kg,
        best.n_runs,
        best.is_synthetic as best_is_synthetic,
        worst.is_synthetic as worst_is_synthetic

    from best
    inner join worst
        on
            best.method = worst.method
            and best.country = worst.country
            and best.season = worst.season

)

select * from final
