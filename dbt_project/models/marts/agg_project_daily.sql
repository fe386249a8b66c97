-- Per CodeCarbon project_name and day (of the execution's last timestamp as CodeCarbon
-- wrote it): executions, energy and emissions (exact method, each measurement once).
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

daily as (

    select
        {{ project_label('project_name') }} as project_name,
        cast(finished_at as date) as day,
        count(*) as n_executions,
        sum(energy_kwh) as energy_kwh,
        sum(emissions_kg) as emissions_kg

    from executions
    group by {{ project_label('project_name') }}, cast(finished_at as date)

)

select * from daily
