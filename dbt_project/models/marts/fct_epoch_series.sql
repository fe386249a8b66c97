-- Per run and epoch: the history (loss, val_loss) of the run report, and the running
-- totals of the per-epoch CodeCarbon snapshots of the execution the report belongs to.
-- Snapshot k is epoch k only when that execution has at least one snapshot per epoch.
with

-- One report per run cell: two results roots may hold the same report.
history as (

    select * from {{ ref('int_report_history_unnested') }}
    where file_id in (select run_reports.file_id from {{ ref('int_run_reports_deduplicated') }} as run_reports)

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
        training_runs.model,
        training_runs.country,
        training_runs.season,
        training_runs.run,
        executions.execution_id,
        executions.execution_key

    from training_runs
    inner join executions
        on training_runs.selected_execution_id = executions.execution_id
    where executions.n_snapshots >= training_runs.epochs_run

),

joined as (

    select
        history.model,
        history.country,
        history.season,
        history.run,
        history.epoch,
        history.loss,
        history.val_loss,
        per_epoch_executions.execution_id,
        snapshots.recorded_at,
        snapshots.duration_s as cumulative_duration_s,
        snapshots.emissions_kg as cumulative_emissions_kg,
        snapshots.energy_kwh as cumulative_energy_kwh

    from history
    left join per_epoch_executions
        on
            history.model = per_epoch_executions.model
            and history.country = per_epoch_executions.country
            and history.season = per_epoch_executions.season
            and history.run = per_epoch_executions.run
    left join snapshots
        on
            per_epoch_executions.execution_key = snapshots.execution_key
            and history.epoch = snapshots.snapshot_number

),

final as (

    select
        *,
        cumulative_emissions_kg - coalesce(lag(cumulative_emissions_kg) over (
            partition by model, country, season, run order by epoch
        ), 0) as epoch_emissions_kg

    from joined

)

select * from final
