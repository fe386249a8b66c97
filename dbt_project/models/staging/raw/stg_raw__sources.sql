with

sources as (

    select * from {{ source('raw', 'sources') }}

),

renamed as (

    select
        root,
        nullif(trim(label), '') as label,
        labelled_at

    from sources

)

select * from renamed
