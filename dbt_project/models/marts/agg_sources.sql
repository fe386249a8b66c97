-- Per source (results root): what it holds, each measurement counted once (a measurement
-- found under several roots counts for the source of its counted copy).
with

files as (

    select * from {{ ref('int_files_sourced') }}
    where not is_deleted

),

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

file_counts as (

    select
        source,
        min(root) as root,
        count(*) as n_files

    from files
    group by source

),

execution_totals as (

    select
        source,
        count(*) as n_executions,
        count(distinct run_cell_id) as n_run_cells,
        sum(energy_kwh) as energy_kwh,
        sum(emissions_kg) as emissions_kg

    from executions
    group by source

),

final as (

    select
        file_counts.source,
        file_counts.root,
        file_counts.n_files,
        coalesce(execution_totals.n_executions, 0) as n_executions,
        coalesce(execution_totals.n_run_cells, 0) as n_run_cells,
        execution_totals.energy_kwh,
        execution_totals.emissions_kg

    from file_counts
    left join execution_totals
        on file_counts.source = execution_totals.source

)

select * from final
