with

run_reports as (

    select * from {{ source('raw', 'run_reports') }}

),

-- Ingest quarantines malformed JSON; guard anyway so one bad body cannot fail the build.
valid as (

    select
        file_id,
        model,
        country,
        season,
        run,
        coalesce(_deleted, false) as is_deleted,
        case when json_valid(body) then body end as body

    from run_reports

),

parsed as (

    select
        file_id,
        model,
        country,
        season,
        run,
        is_deleted,
        {{ to_number("json_extract_string(body, '$.metrics.mae')") }} as mae,
        {{ to_number("json_extract_string(body, '$.metrics.rmse')") }} as rmse,
        {{ to_number("json_extract_string(body, '$.metrics.mse')") }} as mse,
        {{ to_number("json_extract_string(body, '$.metrics.mape')") }} as mape,
        {{ to_number("json_extract_string(body, '$.metrics.r2')") }} as r2,
        nullif(trim(coalesce(
            json_extract_string(body, '$.codecarbon_run_id'),
            json_extract_string(body, '$.codecarbon.run_id')
        )), '') as codecarbon_run_id,
        -- `params` is either the parameter count or a dict holding `total_params`.
        {{ try_cast("coalesce(
            json_extract_string(body, '$.params.total_params'),
            case when json_type(body, '$.params') in ('BIGINT', 'UBIGINT', 'DOUBLE')
                then json_extract_string(body, '$.params') end,
            json_extract_string(body, '$.total_params')
        )", 'bigint') }} as params,
        json_extract(body, '$.params') as params_json,
        json_extract(body, '$.history') as history_json,
        coalesce(
            {{ try_cast("json_extract_string(body, '$.epochs_run')", 'integer') }},
            -- our runner writes a list of epochs; Keras' History is a dict of arrays
            cast(case
                when json_type(body, '$.history') = 'ARRAY'
                    then json_array_length(body, '$.history')
                else json_array_length(body, '$.history.loss')
            end as integer)
        ) as epochs_run,
        -- For budgets and estimates: the planned epochs, the work per epoch, the hardware.
        {{ try_cast("json_extract_string(body, '$.epochs_max')", 'integer') }} as epochs_max,
        {{ try_cast("json_extract_string(body, '$.train_windows')", 'bigint') }} as train_windows,
        coalesce(lower(json_extract_string(body, '$.quick')) = 'true', false) as is_quick,
        json_extract_string(body, '$.emissions_status') as emissions_status,
        nullif(trim(json_extract_string(body, '$.hardware.cpu_model')), '') as hardware_cpu_model,
        json_extract_string(body, '$.model') as reported_model,
        json_extract_string(body, '$.season') as reported_season,
        -- Data lineage (models_tf/lineage.py): `synthetic` comes from the data file's
        -- .meta.json marker; `data_history` holds the data of the cell's earlier executions.
        coalesce({{ try_cast("json_extract_string(body, '$.synthetic')", 'boolean') }}, false)
            as is_synthetic_run,
        json_extract_string(body, '$.data_sha256') as data_sha256,
        coalesce(
            list_contains(json_extract_string(body, '$.data_history[*].synthetic'), 'true'),
            false
        ) as has_synthetic_history,
        cast(len(list_distinct(list_concat(
            json_extract_string(body, '$.data_history[*].data_sha256'),
            list_value(json_extract_string(body, '$.data_sha256'))
        ))) as integer) as n_data_versions,
        body is not null as is_valid_json

    from valid

)

select * from parsed
