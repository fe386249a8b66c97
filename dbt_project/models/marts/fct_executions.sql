-- One row per CodeCarbon execution (one run_id; files without run_id: one per file), each
-- measurement counted once. total_source says whether the total is the last main-file
-- snapshot (`snapshots`) or the sum of its task rows (`tasks`).
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

selected_cells as (

    select * from {{ ref('int_run_cells_selected') }}

),

final as (

    select
        executions.execution_id,
        executions.source,
        executions.run_cell_id,
        executions.model,
        executions.country,
        executions.season,
        executions.run,
        {{ run_number('executions.run') }} as run_number,
        executions.run_id,
        executions.experiment_id,
        executions.project_name,
        cast(executions.execution_number as bigint) as execution_number,
        executions.n_executions_in_cell,
        coalesce(selected_cells.selected_execution_id = executions.execution_id, false)
            as is_selected,
        executions.execution_number = executions.n_executions_in_cell as is_latest,
        executions.total_source,
        executions.n_snapshots,
        executions.n_tasks,
        executions.tasks_emissions_kg,
        executions.n_copies,
        executions.n_files,
        executions.is_from_backup,
        executions.file_id,
        executions.file_path,
        executions.started_at,
        executions.finished_at,
        executions.duration_s,
        executions.emissions_kg,
        executions.energy_kwh,
        executions.cpu_energy_kwh,
        executions.gpu_energy_kwh,
        executions.ram_energy_kwh,
        executions.emissions_rate_kg_per_s,
        executions.cpu_power_w,
        executions.gpu_power_w,
        executions.ram_power_w,
        executions.water_consumed_l,
        executions.compute_country_name,
        executions.compute_country_iso,
        executions.compute_region,
        executions.cloud_provider,
        executions.cloud_region,
        executions.is_on_cloud,
        executions.os,
        executions.python_version,
        executions.codecarbon_version,
        executions.cpu_model,
        executions.gpu_model,
        executions.tracking_mode,
        executions.pue

    from executions
    left join selected_cells
        on executions.run_cell_key = selected_cells.run_cell_key

)

select * from final
