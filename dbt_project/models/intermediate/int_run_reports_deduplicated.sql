-- One run report per run cell (source, model, country, season, run). The same report (same
-- bytes, same cell) found under several roots counts once, like a measurement: the first
-- seen, then by source. Within one source the report loaded last wins.
with

run_reports as (

    select * from {{ ref('stg_raw__run_reports') }}
    where not is_deleted and model is not null and run is not null

),

files as (

    select * from {{ ref('int_files_sourced') }}

),

sourced as (

    select
        run_reports.*,
        files.source,
        files.loaded_at,
        {{ run_cell_key('files.source', 'run_reports.model', 'run_reports.country',
            'run_reports.season', 'run_reports.run') }} as run_cell_key,
        row_number() over (
            partition by
                run_reports.model, run_reports.country, run_reports.season, run_reports.run,
                coalesce(files.sha256, cast(run_reports.file_id as {{ dbt.type_string() }}))
            order by files.first_seen_at asc nulls last, files.source asc, run_reports.file_id asc
        ) as copy_rank

    from run_reports
    left join files
        on run_reports.file_id = files.file_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by run_cell_key
            order by loaded_at desc nulls last, file_id desc
        ) as rank_in_cell

    from sourced
    where copy_rank = 1

)

select * from ranked
where rank_in_cell = 1
