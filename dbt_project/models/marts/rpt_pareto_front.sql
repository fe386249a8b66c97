-- Per method and slice, every model with its mean MAE and mean emissions (over its runs
-- that have both), whether it is on the Pareto front (no other model has <= MAE and <=
-- emissions with one strictly lower) and its rank on the front (1 = lowest MAE). The
-- paper's "Pareto leaders" are pareto_rank <= pareto_leaders_n.
with

model_means as (

    select * from {{ ref('int_model_slice_means') }}
    where n_runs_with_emissions > 0

),

points as (

    select
        method,
        country,
        season,
        slice,
        model,
        mean_mae_with_emissions as mean_mae,
        mean_emissions_kg,
        n_runs_with_emissions as n_runs,
        n_synthetic_runs_with_emissions as n_synthetic_runs

    from model_means

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
            as is_pareto_leader,
        {{ var('pareto_leaders_n') }} as pareto_leaders_n,
        points.n_synthetic_runs

    from points
    left join ranked_front
        on
            points.method = ranked_front.method
            and points.country = ranked_front.country
            and points.season = ranked_front.season
            and points.model = ranked_front.model

)

select * from final
