-- One run report per run cell. Two results roots may hold the same cell: the report
-- loaded last wins.
with

run_reports as (

    select * from {{ ref('stg_raw__run_reports') }}
    where not is_deleted and model is not null and run is not null

),

files as (

    select * from {{ ref('stg_raw__files') }}

),

ranked as (

    select
        run_reports.*,
        row_number() over (
            partition by run_reports.model, run_reports.country, run_reports.season, run_reports.run
            order by files.loaded_at desc nulls last, run_reports.file_id desc
        ) as rank_in_cell

    from run_reports
    left join files
        on run_reports.file_id = files.file_id

)

select * from ranked
where rank_in_cell = 1
