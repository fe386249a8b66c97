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
        case when {{ json_valid('body') }} then body end as body

    from slice_metrics

),

-- A flat dict in the older layout; tolerate a nested `metrics` object too.
extracted as (

    select
        file_id,
        model,
        country,
        season,
        is_deleted,
        {%- for metric in ['mae', 'rmse', 'mse', 'mape', 'r2'] %}
        coalesce(
            {{ json_text('body', "'$." ~ metric ~ "'") }},
            {{ json_text('body', "'$.metrics." ~ metric ~ "'") }}
        ) as {{ metric }}_text,
        {%- endfor %}
        body

    from valid

),

parsed as (

    select
        file_id,
        model,
        country,
        season,
        is_deleted,
        {{ to_number('mae_text') }} as mae,
        {{ to_number('rmse_text') }} as rmse,
        {{ to_number('mse_text') }} as mse,
        {{ to_number('mape_text') }} as mape,
        {{ to_number('r2_text') }} as r2

    from extracted

)

select * from parsed
