-- A leader never exceeds the threshold, and no eligible run of its slice beats it.
with

leaders as (

    select * from {{ ref('rpt_low_carbon_leaders') }}

),

run_results as (

    select * from {{ ref('int_run_results_by_method') }}

)

select leaders.*
from leaders
where
    leaders.emissions_kg > {{ var('low_carbon_threshold_kg') }}
    or exists (
        select 1
        from run_results
        where
            run_results.method = leaders.method
            and run_results.country = leaders.country
            and run_results.season = leaders.season
            and run_results.emissions_kg <= {{ var('low_carbon_threshold_kg') }}
            and run_results.mae < leaders.mae
    )
