-- Per CodeCarbon project_name, whatever the layout of the files: executions, files, time
-- span, totals (exact method, each measurement once) and where and on what it ran.
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

measurements as (

    select * from {{ ref('int_measurements_deduplicated') }}

),

named_executions as (

    select
        *,
        {{ project_label('project_name') }} as project

    from executions

),

files_per_project as (

    select
        {{ project_label('project_name') }} as project,
        count(distinct file_id) as n_files

    from measurements
    group by {{ project_label('project_name') }}

),

-- Distinct values per project and attribute, listed below as one text each.
attribute_values as (

    select distinct
        project,
        'country' as attribute,
        compute_country_name as attribute_value
    from named_executions
    where compute_country_name is not null
    union all
    select distinct
        project,
        'codecarbon_version' as attribute,
        codecarbon_version as attribute_value
    from named_executions
    where codecarbon_version is not null
    union all
    select distinct
        project,
        'os' as attribute,
        os as attribute_value
    from named_executions
    where os is not null
    union all
    select distinct
        project,
        'cpu_model' as attribute,
        cpu_model as attribute_value
    from named_executions
    where cpu_model is not null
    union all
    select distinct
        project,
        'gpu_model' as attribute,
        gpu_model as attribute_value
    from named_executions
    where gpu_model is not null

),

attribute_lists as (

    select
        project,
        attribute,
        {{ dbt.listagg('attribute_value', "', '", 'order by attribute_value') }} as value_list

    from attribute_values
    group by project, attribute

),

totals as (

    select
        project,
        count(*) as n_executions,
        cast(sum(case when total_source = 'tasks' then 1 else 0 end) as {{ dbt.type_bigint() }})
            as n_executions_from_tasks,
        min(started_at) as first_seen_at,
        max(finished_at) as last_seen_at,
        sum(duration_s) / 3600.0 as duration_h,
        sum(energy_kwh) as energy_kwh,
        sum(emissions_kg) as emissions_kg,
        max(case when is_on_cloud then 1 else 0 end) = 1 as on_cloud

    from named_executions
    group by project

),

final as (

    select
        totals.project as project_name,
        totals.n_executions,
        totals.n_executions_from_tasks,
        coalesce(files_per_project.n_files, 0) as n_files,
        totals.first_seen_at,
        totals.last_seen_at,
        totals.duration_h,
        totals.energy_kwh,
        totals.emissions_kg,
        {{ safe_divide('totals.emissions_kg', 'totals.energy_kwh') }} as kg_per_kwh,
        max(case when attribute_lists.attribute = 'country' then attribute_lists.value_list end)
            as countries,
        max(
            case when attribute_lists.attribute = 'codecarbon_version' then attribute_lists.value_list end
        ) as codecarbon_versions,
        max(case when attribute_lists.attribute = 'os' then attribute_lists.value_list end)
            as operating_systems,
        max(case when attribute_lists.attribute = 'cpu_model' then attribute_lists.value_list end)
            as cpu_models,
        max(case when attribute_lists.attribute = 'gpu_model' then attribute_lists.value_list end)
            as gpu_models,
        totals.on_cloud

    from totals
    left join files_per_project
        on totals.project = files_per_project.project
    left join attribute_lists
        on totals.project = attribute_lists.project
    group by
        totals.project,
        totals.n_executions,
        totals.n_executions_from_tasks,
        files_per_project.n_files,
        totals.first_seen_at,
        totals.last_seen_at,
        totals.duration_h,
        totals.energy_kwh,
        totals.emissions_kg,
        totals.on_cloud

)

select * from final
