-- Per country (and region) where the computers ran, as CodeCarbon recorded it: executions,
-- energy, emissions and the carbon intensity they imply (exact method).
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

aggregated as (

    select
        coalesce(compute_country_name, '(unknown)') as compute_country_name,
        coalesce(compute_region, '') as compute_region,
        count(*) as n_executions,
        count(distinct {{ project_label('project_name') }}) as n_projects,
        sum(energy_kwh) as energy_kwh,
        sum(emissions_kg) as emissions_kg,
        {{ safe_divide('sum(emissions_kg)', 'sum(energy_kwh)') }} as kg_per_kwh

    from executions
    group by coalesce(compute_country_name, '(unknown)'), coalesce(compute_region, '')

)

select * from aggregated
