-- Per method and model, pooled over all slices: mean MAE and mean emissions over the runs
-- that have both, and whether the model is on the efficient frontier (not dominated).
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where mae is not null and emissions_kg is not null

),

points as (

    select
        method,
        model,
        avg(mae) as mean_mae,
        avg(emissions_kg) as mean_emissions_kg,
        count(*) as n_runs,
        count(distinct slice) as n_slices,
        cast(sum(case when is_synthetic then 1 else 0 end) as bigint) as n_synthetic_runs

    from run_results
    group by method, model

),

frontier as (

    select
        method,
        model

    from points
    where not exists (
            select 1
            from points as other
            where
                other.method = points.method
                and {{ dominates('other', 'points') }}
        )

),

final as (

    select
        points.method,
        points.model,
        points.mean_mae,
        points.mean_emissions_kg,
        points.n_runs,
        points.n_slices,
        frontier.model is not null as is_frontier,
        points.n_synthetic_runs

    from points
    left join frontier
        on
            points.method = frontier.method
            and points.model = frontier.model

)

select * from final
