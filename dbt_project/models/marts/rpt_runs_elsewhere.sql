-- Run cells whose selected execution was computed somewhere other than the most common
-- CodeCarbon location of the warehouse (country ISO, region, cloud provider): the report
-- names them, since their emissions assume another grid.
with

executions as (

    select * from {{ ref('fct_executions') }}
    where is_selected

),

located as (

    select
        model,
        {{ slice_label('country', 'season') }} as slice,
        run,
        compute_country_iso,
        compute_region,
        cloud_provider,
        coalesce(compute_country_iso, '?') || '|'
        || coalesce(compute_region, '?') || '|'
        || coalesce(cloud_provider, '?') as location_key

    from executions

),

locations as (

    select
        location_key,
        count(*) as n_run_cells,
        row_number() over (order by count(*) desc, location_key asc) as location_rank

    from located
    group by location_key

),

final as (

    select
        located.model,
        located.slice,
        located.run,
        located.compute_country_iso,
        located.compute_region,
        located.cloud_provider

    from located
    inner join locations
        on located.location_key = locations.location_key
    where locations.location_rank > 1

)

select * from final
