-- Per method and slice, among runs with an MAE and emissions at most the threshold
-- (inclusive), the run with the lowest MAE. Ties: lower emissions, then model, then run.
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where mae is not null and emissions_kg is not null

),

eligible as (

    select * from run_results
    where emissions_kg <= {{ var('low_carbon_threshold_kg') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by method, country, season
            order by mae asc, emissions_kg asc, model asc, run asc
        ) as leader_rank,
        count(*) over (partition by method, country, season) as n_eligible_runs

    from eligible

),

final as (

    select
        method,
        country,
        season,
        slice,
        model,
        run,
        mae,
        emissions_kg,
        n_eligible_runs,
        cast({{ var('low_carbon_threshold_kg') }} as double) as threshold_kg,
        is_synthetic

    from ranked
    where leader_rank = 1

)

select * from final
