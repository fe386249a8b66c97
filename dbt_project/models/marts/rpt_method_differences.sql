-- Run cells where the published method's emissions differ from the sum over all executions
-- (what the published method tries to compute) by more than the tolerance, with the likely reason.
with

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

compared as (

    select
        run_cell_id,
        source,
        model,
        country,
        season,
        run,
        slice,
        emissions_kg_published,
        total_emissions_kg,
        emissions_kg_published - total_emissions_kg as difference_kg,
        {{ safe_divide('emissions_kg_published - total_emissions_kg', 'total_emissions_kg') }} * 100
            as difference_pct,
        emissions_kg,
        n_executions,
        published_emissions_rule,
        published_file_n_executions,
        published_file_max_snapshots

    from training_runs
    where
        (emissions_kg_published is not null or total_emissions_kg is not null)
        and (
            emissions_kg_published is null
            or total_emissions_kg is null
            or abs(emissions_kg_published - total_emissions_kg)
            > {{ var('method_difference_tolerance_kg') }}
        )

),

explained as (

    select
        *,
        case
            when published_emissions_rule = 'max' and published_file_n_executions > 1
                then 'rising re-executions taken as max'
            when published_emissions_rule = 'sum' and published_file_max_snapshots > 1
                then 'cumulative snapshots summed'
            else 'other'
        end as reason

    from compared

)

select * from explained
