-- Every snapshot of every execution in write order: with per-epoch flushes, snapshot k is
-- the running total at the end of epoch k (a final stop() row may follow). Main-file
-- measurements only, each counted once (task rows are deltas, not snapshots).
with

measurements as (

    select * from {{ ref('int_measurements_deduplicated') }}
    where not is_task_row

),

numbered as (

    select
        execution_key,
        file_id,
        row_number,
        recorded_at,
        duration_s,
        emissions_kg,
        energy_kwh,
        row_number() over (
            partition by execution_key
            order by duration_s asc nulls first, file_id asc, row_number asc
        ) as snapshot_number

    from measurements

)

select * from numbered
