-- No point on a Pareto front is dominated by another model of its slice and method.
with

points as (

    select * from {{ ref('rpt_pareto_front') }}

)

select front.*
from points as front
inner join points as other
    on
        front.method = other.method
        and front.country = other.country
        and front.season = other.season
        and front.model <> other.model
where
    front.is_pareto
    and other.mean_mae <= front.mean_mae
    and other.mean_emissions_kg <= front.mean_emissions_kg
    and (other.mean_mae < front.mean_mae or other.mean_emissions_kg < front.mean_emissions_kg)
