-- Every model off the front is dominated by at least one model on the front.
with

points as (

    select * from {{ ref('rpt_pareto_front') }}

),

off_front as (

    select * from points
    where not is_pareto

)

select off_front.*
from off_front
where not exists (
        select 1
        from points as front
        where
            front.is_pareto
            and front.method = off_front.method
            and front.country = off_front.country
            and front.season = off_front.season
            and front.mean_mae <= off_front.mean_mae
            and front.mean_emissions_kg <= off_front.mean_emissions_kg
            and (
                front.mean_mae < off_front.mean_mae
                or front.mean_emissions_kg < off_front.mean_emissions_kg
            )
    )
