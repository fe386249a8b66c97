-- Per run and epoch: the history (loss, val_loss) of the run report, and the running
-- totals of the per-epoch CodeCarbon snapshots of the execution the report belongs to.
-- Snapshot k is epoch k only when that execution has at least one snapshot per epoch.
with

history as (

    select * from {{ ref('int_report_history_unnested') }}

),

-- One report per run cell: two results roots may hold the same report.
run_reports as (

    select * from {{ ref('int_run_reports_deduplicated') }}

),

cell_history as (

    select
        history.*,
        run_reports.source,
        {{ dbt.hash('run_reports.run_cell_key') }} as run_cell_id

    from history
    inner join run_reports
        on history.file_id = run_reports.file_id

),

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

executions as (

    select * from {{ ref('int_executions_collapsed') }}

),

snapshots as (

    select * from {{ ref('int_epoch_snapshots_numbered') }}

),

per_epoch_executions as (

    select
        training_runs.run_cell_id,
        executions.execution_id,
        executions.execution_key

    from training_runs
    inner join executions
        on training_runs.selected_execution_id = executions.execution_id
    where executions.n_snapshots >= training_runs.epochs_run

),

joined as (

    select
        cell_history.run_cell_id,
        cell_history.source,
        cell_history.model,
        cell_history.country,
        cell_history.season,
        cell_history.run,
        cell_history.epoch,
        cell_history.loss,
        cell_history.val_loss,
        per_epoch_executions.execution_id,
        snapshots.recorded_at,
        snapshots.duration_s as cumulative_duration_s,
        snapshots.emissions_kg as cumulative_emissions_kg,
        snapshots.energy_kwh as cumulative_energy_kwh

    from cell_history
    left join per_epoch_executions
        on cell_history.run_cell_id = per_epoch_executions.run_cell_id
    left join snapshots
        on
            per_epoch_executions.execution_key = snapshots.execution_key
            and cell_history.epoch = snapshots.snapshot_number

),

final as (

    select
        *,
        cumulative_emissions_kg - coalesce(lag(cumulative_emissions_kg) over (
            partition by run_cell_id order by epoch
        ), 0) as epoch_emissions_kg

    from joined

)

select * from final
