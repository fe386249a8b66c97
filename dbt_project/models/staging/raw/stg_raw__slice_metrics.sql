with

slice_metrics as (

    select * from {{ source('raw', 'slice_metrics') }}

),

valid as (

    select
        file_id,
        model,
        country,
        season,
        coalesce(_deleted, false) as is_deleted,
        case when json_valid(body) then body end as body

    from slice_metrics

),

-- A flat dict in the older layout; tolerate a nested `metrics` object too.
parsed as (

    select
        file_id,
        model,
        country,
        season,
        is_deleted,
        {{ to_number("coalesce(json_extract_string(body, '$.mae'), json_extract_string(body, '$.metrics.mae'))") }}
            as mae,
        {{ to_number("coalesce(json_extract_string(body, '$.rmse'), json_extract_string(body, '$.metrics.rmse'))") }}
            as rmse,
        {{ to_number("coalesce(json_extract_string(body, '$.mse'), json_extract_string(body, '$.metrics.mse'))") }}
            as mse,
        {{ to_number("coalesce(json_extract_string(body, '$.mape'), json_extract_string(body, '$.metrics.mape'))") }}
            as mape,
        {{ to_number("coalesce(json_extract_string(body, '$.r2'), json_extract_string(body, '$.metrics.r2'))") }} as r2

    from valid

)

select * from parsed
