-- One row per CodeCarbon execution (a run_id; without run_id, a file), from de-duplicated
-- measurements. Where main-file snapshots exist, the last one (largest duration among
-- main-file rows only) is the total and the tasks are its breakdown; where only task rows
-- exist, the total is their sum (total_source = 'tasks').
with

measurements as (

    select * from {{ ref('int_measurements_deduplicated') }}

),

-- Task rows are deltas (stop_task): they add up.
task_rows as (

    select
        *,
        {{ add_seconds(
            'recorded_at',
            '-1 * cast(round(duration_s) as integer)',
        ) }} as task_started_at

    from measurements
    where is_task_row

),

task_totals as (

    select
        execution_key,
        count(*) as n_tasks,
        sum(duration_s) as duration_s,
        sum(emissions_kg) as emissions_kg,
        sum(energy_kwh) as energy_kwh,
        sum(cpu_energy_kwh) as cpu_energy_kwh,
        sum(gpu_energy_kwh) as gpu_energy_kwh,
        sum(ram_energy_kwh) as ram_energy_kwh,
        sum(water_consumed_l) as water_consumed_l,
        min(task_started_at) as started_at

    from task_rows
    group by execution_key

),

execution_stats as (

    select
        execution_key,
        cast(sum(case when is_task_row then 0 else 1 end) as {{ dbt.type_bigint() }}) as n_snapshots,
        count(distinct file_id) as n_files,
        cast(sum(n_copies) as {{ dbt.type_bigint() }}) as n_copies,
        min(case when is_backup then 1 else 0 end) = 1 as is_from_backup,
        min(row_number) as first_row_number

    from measurements
    group by execution_key

),

-- The row that carries the execution's context: its last main-file snapshot (running
-- totals since start(): the largest duration), else its last task.
anchors as (

    select
        *,
        case when is_task_row then 'tasks' else 'snapshots' end as total_source,
        row_number() over (
            partition by execution_key
            order by
                case when is_task_row then 1 else 0 end asc,
                case when not is_task_row then duration_s end desc nulls last,
                recorded_at desc nulls last,
                file_id desc,
                row_number desc
        ) as rank_from_last

    from measurements

),

collapsed as (

    select
        {{ dbt.hash('anchors.execution_key') }} as execution_id,
        anchors.execution_key,
        anchors.run_cell_key,
        case
            when anchors.model is not null and anchors.run is not null
                then {{ dbt.hash('anchors.run_cell_key') }}
        end as run_cell_id,
        anchors.source,
        anchors.model,
        anchors.country,
        anchors.season,
        anchors.run,
        anchors.run_id,
        anchors.experiment_id,
        anchors.project_name,
        anchors.file_id,
        anchors.file_path,
        anchors.total_source,
        execution_stats.n_snapshots,
        execution_stats.n_files,
        execution_stats.n_copies,
        execution_stats.is_from_backup,
        execution_stats.first_row_number,
        coalesce(task_totals.n_tasks, 0) as n_tasks,
        task_totals.emissions_kg as tasks_emissions_kg,
        task_totals.energy_kwh as tasks_energy_kwh,
        case
            when anchors.total_source = 'tasks' then task_totals.started_at
            else {{ add_seconds(
                'anchors.recorded_at',
                '-1 * cast(round(anchors.duration_s) as integer)',
            ) }}
        end as started_at,
        anchors.recorded_at as finished_at,
        case
            when anchors.total_source = 'tasks' then task_totals.duration_s else anchors.duration_s
        end as duration_s,
        case
            when anchors.total_source = 'tasks' then task_totals.emissions_kg
            else anchors.emissions_kg
        end as emissions_kg,
        case
            when anchors.total_source = 'tasks' then task_totals.energy_kwh else anchors.energy_kwh
        end as energy_kwh,
        case
            when anchors.total_source = 'tasks' then task_totals.cpu_energy_kwh
            else anchors.cpu_energy_kwh
        end as cpu_energy_kwh,
        case
            when anchors.total_source = 'tasks' then task_totals.gpu_energy_kwh
            else anchors.gpu_energy_kwh
        end as gpu_energy_kwh,
        case
            when anchors.total_source = 'tasks' then task_totals.ram_energy_kwh
            else anchors.ram_energy_kwh
        end as ram_energy_kwh,
        case
            when anchors.total_source = 'tasks'
                then {{ safe_divide('task_totals.emissions_kg', 'task_totals.duration_s') }}
            else anchors.emissions_rate_kg_per_s
        end as emissions_rate_kg_per_s,
        anchors.cpu_power_w,
        anchors.gpu_power_w,
        anchors.ram_power_w,
        case
            when anchors.total_source = 'tasks' then task_totals.water_consumed_l
            else anchors.water_consumed_l
        end as water_consumed_l,
        anchors.compute_country_name,
        anchors.compute_country_iso,
        anchors.compute_region,
        anchors.cloud_provider,
        anchors.cloud_region,
        anchors.is_on_cloud,
        anchors.os,
        anchors.python_version,
        anchors.codecarbon_version,
        anchors.cpu_model,
        anchors.gpu_model,
        anchors.tracking_mode,
        anchors.pue

    from anchors
    inner join execution_stats
        on anchors.execution_key = execution_stats.execution_key
    left join task_totals
        on anchors.execution_key = task_totals.execution_key
    where anchors.rank_from_last = 1

),

-- Backups hold the older executions (CodeCarbon renames the file when its header changes).
numbered as (

    select
        *,
        row_number() over (
            partition by run_cell_key
            order by
                finished_at asc nulls first,
                case when is_from_backup then 0 else 1 end asc,
                first_row_number asc,
                execution_key asc
        ) as execution_number,
        count(*) over (partition by run_cell_key) as n_executions_in_cell

    from collapsed

)

select * from numbered
