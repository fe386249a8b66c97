-- The execution whose metrics a run cell reports: the one whose run_id the run report
-- records, else the latest by timestamp.
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}
    where model is not null and run is not null

),

run_reports as (

    select * from {{ ref('int_run_reports_deduplicated') }}

),

recorded as (

    select
        executions.run_cell_key,
        max(executions.execution_number) as execution_number

    from executions
    inner join run_reports
        on
            executions.run_cell_key = run_reports.run_cell_key
            and executions.run_id = run_reports.codecarbon_run_id
    group by executions.run_cell_key

),

selected as (

    select
        executions.run_cell_key,
        executions.source,
        executions.model,
        executions.country,
        executions.season,
        executions.run,
        executions.n_executions_in_cell as n_executions,
        coalesce(recorded.execution_number, executions.n_executions_in_cell)
            as selected_execution_number,
        case
            when recorded.execution_number is not null then 'report_run_id'
            else 'latest'
        end as selection_basis

    from executions
    left join recorded
        on executions.run_cell_key = recorded.run_cell_key
    where executions.execution_number = 1

),

with_execution_id as (

    select
        selected.*,
        executions.execution_id as selected_execution_id

    from selected
    inner join executions
        on
            selected.run_cell_key = executions.run_cell_key
            and selected.selected_execution_number = executions.execution_number

)

select * from with_execution_id
