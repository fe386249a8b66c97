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
        case when {{ json_valid('body') }} then body end as body

    from run_reports

),

-- The JSON values as text; typed below.
extracted as (

    select
        file_id,
        model,
        country,
        season,
        run,
        is_deleted,
        body,
        {{ json_text('body', "'$.metrics.mae'") }} as mae_text,
        {{ json_text('body', "'$.metrics.rmse'") }} as rmse_text,
        {{ json_text('body', "'$.metrics.mse'") }} as mse_text,
        {{ json_text('body', "'$.metrics.mape'") }} as mape_text,
        {{ json_text('body', "'$.metrics.r2'") }} as r2_text,
        coalesce(
            {{ json_text('body', "'$.codecarbon_run_id'") }},
            {{ json_text('body', "'$.codecarbon.run_id'") }}
        ) as codecarbon_run_id_text,
        -- `params` is either the parameter count or a dict holding `total_params`.
        coalesce(
            {{ json_text('body', "'$.params.total_params'") }},
            case
                when {{ json_kind('body', "'$.params'") }} = 'number'
                    then {{ json_text('body', "'$.params'") }}
            end,
            {{ json_text('body', "'$.total_params'") }}
        ) as params_text,
        {{ json_text('body', "'$.epochs_run'") }} as epochs_run_text,
        -- our runner writes a list of epochs; Keras' History is a dict of arrays
        case
            when {{ json_kind('body', "'$.history'") }} = 'array'
                then {{ json_array_length('body', "'$.history'") }}
            else {{ json_array_length('body', "'$.history.loss'") }}
        end as history_length

    from valid

),

parsed as (

    select
        file_id,
        model,
        country,
        season,
        run,
        is_deleted,
        {{ to_number('mae_text') }} as mae,
        {{ to_number('rmse_text') }} as rmse,
        {{ to_number('mse_text') }} as mse,
        {{ to_number('mape_text') }} as mape,
        {{ to_number('r2_text') }} as r2,
        nullif(trim(codecarbon_run_id_text), '') as codecarbon_run_id,
        {{ try_cast('params_text', 'bigint') }} as params,
        {{ json_value('body', "'$.params'") }} as params_json,
        {{ json_value('body', "'$.history'") }} as history_json,
        coalesce(
            {{ try_cast('epochs_run_text', 'integer') }},
            cast(history_length as integer)
        ) as epochs_run,
        -- For budgets and estimates: the planned epochs, the work per epoch, the hardware.
        {{ try_cast(json_text('body', "'$.epochs_max'"), 'integer') }} as epochs_max,
        {{ try_cast(json_text('body', "'$.train_windows'"), 'bigint') }} as train_windows,
        coalesce(lower({{ json_text('body', "'$.quick'") }}) = 'true', false) as is_quick,
        {{ json_text('body', "'$.emissions_status'") }} as emissions_status,
        nullif(trim({{ json_text('body', "'$.hardware.cpu_model'") }}), '') as hardware_cpu_model,
        {{ json_text('body', "'$.model'") }} as reported_model,
        {{ json_text('body', "'$.season'") }} as reported_season,
        -- Data lineage (models_tf/lineage.py): `synthetic` comes from the data file's
        -- .meta.json marker; `data_history` holds the data of the cell's earlier executions.
        coalesce({{ try_cast(json_text('body', "'$.synthetic'"), 'boolean') }}, false)
            as is_synthetic_run,
        {{ json_text('body', "'$.data_sha256'") }} as data_sha256,
        coalesce(
            {{ list_has(json_field_texts('body', "'$.data_history'", 'synthetic'), "'true'") }},
            false
        ) as has_synthetic_history,
        cast({{ count_distinct_in_list(
            json_field_texts('body', "'$.data_history'", 'data_sha256'),
            json_text('body', "'$.data_sha256'"),
        ) }} as integer) as n_data_versions,
        body is not null as is_valid_json

    from extracted

)

select * from parsed
