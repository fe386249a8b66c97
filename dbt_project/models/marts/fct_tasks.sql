-- One row per task of CodeCarbon's task API (start_task/stop_task): a task row is the
-- delta of that task, counted once however many files hold it.
with

measurements as (

    select * from {{ ref('int_measurements_deduplicated') }}
    where is_task_row

),

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

final as (

    select
        measurements.measurement_id as task_id,
        executions.execution_id,
        measurements.source,
        measurements.run_id,
        measurements.task_name,
        measurements.recorded_at,
        measurements.project_name,
        measurements.file_id,
        measurements.file_path,
        measurements.duration_s,
        measurements.energy_kwh,
        measurements.emissions_kg,
        measurements.n_copies

    from measurements
    inner join executions
        on measurements.execution_key = executions.execution_key

)

select * from final
