-- Files the ingest quarantined (not loaded), with the reason, for the report's warnings.
with

files as (

    select * from {{ ref('stg_raw__files') }}
    where status = 'quarantined'

),

final as (

    select
        path,
        error as reason

    from files

)

select * from final
