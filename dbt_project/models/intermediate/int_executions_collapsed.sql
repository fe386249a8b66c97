-- One row per CodeCarbon execution: its last snapshot (largest duration) is its total,
-- because every row is a running total since start().
with

emission_rows as (

    select * from {{ ref('int_emission_rows_joined') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by execution_key
            order by
                duration_s desc nulls last,
                recorded_at desc nulls last,
                file_id desc,
                row_number desc
        ) as rank_from_last

    from emission_rows

),

execution_stats as (

    select
        execution_key,
        count(*) as n_snapshots,
        count(distinct file_id) as n_files,
        min(case when is_backup then 1 else 0 end) = 1 as is_from_backup,
        min(row_number) as first_row_number

    from emission_rows
    group by execution_key

),

last_snapshots as (

    select * from ranked
    where rank_from_last = 1

),

collapsed as (

    select
        {{ dbt.hash('last_snapshots.execution_key') }} as execution_id,
        last_snapshots.execution_key,
        last_snapshots.run_cell_key,
        last_snapshots.model,
        last_snapshots.country,
        last_snapshots.season,
        last_snapshots.run,
        last_snapshots.run_id,
        last_snapshots.task_name,
        last_snapshots.experiment_id,
        last_snapshots.project_name,
        last_snapshots.file_id,
        last_snapshots.file_path,
        execution_stats.n_snapshots,
        execution_stats.n_files,
        execution_stats.is_from_backup,
        execution_stats.first_row_number,
        {{ add_seconds(
            'last_snapshots.recorded_at',
            '-1 * cast(round(last_snapshots.duration_s) as integer)',
        ) }} as started_at,
        last_snapshots.recorded_at as finished_at,
        last_snapshots.duration_s,
        last_snapshots.emissions_kg,
        last_snapshots.energy_kwh,
        last_snapshots.cpu_energy_kwh,
        last_snapshots.gpu_energy_kwh,
        last_snapshots.ram_energy_kwh,
        last_snapshots.emissions_rate_kg_per_s,
        last_snapshots.cpu_power_w,
        last_snapshots.gpu_power_w,
        last_snapshots.ram_power_w,
        last_snapshots.water_consumed_l,
        last_snapshots.compute_country_name,
        last_snapshots.compute_country_iso,
        last_snapshots.compute_region,
        last_snapshots.cloud_provider,
        last_snapshots.cloud_region,
        last_snapshots.is_on_cloud,
        last_snapshots.os,
        last_snapshots.python_version,
        last_snapshots.codecarbon_version,
        last_snapshots.cpu_model,
        last_snapshots.gpu_model,
        last_snapshots.tracking_mode,
        last_snapshots.pue

    from last_snapshots
    inner join execution_stats
        on last_snapshots.execution_key = execution_stats.execution_key

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
