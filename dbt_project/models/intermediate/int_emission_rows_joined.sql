-- CodeCarbon rows of live emissions files, with their file, its results root (source) and
-- the key of their run cell. `file_execution_key` groups the rows of one file by run_id (a
-- file without run_id is one execution): the published method's per-file statistics use
-- it; executions across files are keyed in int_emission_rows_identified.
-- Backups share the run cell of the file they back up.
with

codecarbon_rows as (

    select * from {{ ref('stg_raw__codecarbon_rows') }}
    where not is_deleted

),

files as (

    select * from {{ ref('int_files_sourced') }}
    where kind = 'emissions_csv' and not is_deleted

),

joined as (

    select
        codecarbon_rows.*,
        files.source,
        files.path as file_path,
        files.n_rows as file_n_rows,
        files.first_seen_at as file_first_seen_at,
        files.is_backup,
        files.is_published_file,
        files.modified_at as file_modified_at,
        coalesce(
            {{ run_cell_key('files.source', 'codecarbon_rows.model', 'codecarbon_rows.country',
                'codecarbon_rows.season', 'codecarbon_rows.run') }},
            'file:' || cast(codecarbon_rows.file_id as {{ dbt.type_string() }})
        ) as run_cell_key

    from codecarbon_rows
    inner join files
        on codecarbon_rows.file_id = files.file_id

),

keyed as (

    select
        *,
        run_cell_key
        || '|' || coalesce(run_id, 'file:' || cast(file_id as {{ dbt.type_string() }}))
        || coalesce('|' || task_name, '') as file_execution_key

    from joined

)

select * from keyed
