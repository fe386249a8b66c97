-- pareto_rank is 1..n on the front and NULL off it; rank 1 has the lowest MAE of the front.
with

points as (

    select * from {{ ref('rpt_pareto_front') }}

),

per_slice as (

    select
        method,
        country,
        season,
        sum(case when is_pareto then 1 else 0 end) as n_front,
        max(pareto_rank) as max_rank,
        count(pareto_rank) as n_ranked,
        count(distinct pareto_rank) as n_distinct_ranks,
        sum(case when not is_pareto and pareto_rank is not null then 1 else 0 end) as n_bad

    from points
    group by method, country, season

)

select * from per_slice
where
    n_front = 0
    or n_front <> max_rank
    or n_front <> n_ranked
    or n_front <> n_distinct_ranks
    or n_bad > 0
