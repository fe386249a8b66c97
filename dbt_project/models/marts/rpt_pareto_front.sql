-- Per method and slice, every model with its mean MAE and mean emissions (over its runs
-- that have both), whether it is on the Pareto front (no other model has <= MAE and <=
-- emissions with one strictly lower) and its rank on the front (1 = lowest MAE). The
-- paper's "Pareto leaders" are pareto_rank <= pareto_leaders_n.
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where mae is not null and emissions_kg is not null

),

points as (

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

front as (

    select
        method,
        country,
        season,
        model

    from points
    where not exists (
            select 1
            from points as other
            where
                other.method = points.method
                and other.country = points.country
                and other.season = points.season
                and {{ dominates('other', 'points') }}
        )

),

ranked_front as (

    select
        points.method,
        points.country,
        points.season,
        points.model,
        row_number() over (
            partition by points.method, points.country, points.season
            order by points.mean_mae asc, points.mean_emissions_kg asc, points.model asc
        ) as pareto_rank

    from points
    inner join front
        on
            points.method = front.method
            and points.country = front.country
            and points.season = front.season
            and points.model = front.model

),

final as (

    select
        points.method,
        points.country,
        points.season,
        points.slice,
        points.model,
        points.mean_mae,
        points.mean_emissions_kg,
        points.n_runs,
        ranked_front.pareto_rank is not null as is_pareto,
        cast(ranked_front.pareto_rank as bigint) as pareto_rank,
        coalesce(ranked_front.pareto_rank <= {{ var('pareto_leaders_n') }}, false)
            as is_pareto_leader

    from points
    left join ranked_front
        on
            points.method = ranked_front.method
            and points.country = ranked_front.country
            and points.season = ranked_front.season
            and points.model = ranked_front.model

)

select * from final
