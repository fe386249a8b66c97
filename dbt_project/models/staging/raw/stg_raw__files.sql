with

files as (

    select * from {{ source('raw', 'files') }}

),

renamed as (

    select
        file_id,
        root,
        path,
        regexp_extract(path, '[^/]+$', 0) as file_name,
        kind,
        status,
        error,
        encoding,
        header,
        size_bytes,
        sha256,
        n_rows,
        n_rejected,
        model,
        country,
        season,
        run,
        mtime as modified_at,
        first_seen_at,
        loaded_at,
        batch_id,
        status = 'deleted' as is_deleted,
        -- CodeCarbon's own backups (`x.csv.bak`, `x.csv_0.bak`) of a header change.
        lower(path) like '%.bak' as is_backup,
        -- The files the published benchmark reads: `*_emissions.csv`, never a backup.
        -- (`!` escapes `_`: a backslash would need escaping itself in Spark literals.)
        path like '%!_emissions.csv' escape '!' as is_seed_file,
        model is not null and run is not null as has_run_context

    from files

)

select * from renamed
