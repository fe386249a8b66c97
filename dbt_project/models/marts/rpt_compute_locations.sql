-- Where the computers ran, as CodeCarbon recorded it (the grid the emissions assume): one
-- row per location, with how many executions and run cells used it. `DEU` is the
-- repository's default in codecarbon.config: flagged so the report can warn about it.
with

executions as (

    select * from {{ ref('fct_executions') }}

),

aggregated as (

    select
        compute_country_iso,
        compute_country_name,
        compute_region,
        cloud_provider,
        cloud_region,
        count(*) as n_executions,
        count(distinct model || '|' || country || '|' || season || '|' || run) as n_run_cells,
        min(started_at) as first_started_at,
        max(finished_at) as last_finished_at

    from executions
    group by
        compute_country_iso,
        compute_country_name,
        compute_region,
        cloud_provider,
        cloud_region

),

final as (

    select
        *,
        coalesce(compute_country_iso = 'DEU', false) as is_repository_default

    from aggregated

)

select * from final
