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
        status = 'deleted' as is_deleted

    from files

)

select * from renamed
