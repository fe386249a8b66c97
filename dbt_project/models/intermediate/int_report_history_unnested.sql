-- One row per epoch of a run report's history: our runner's list of epoch objects
-- (`history[i].loss`) or a Keras History dict of arrays (`history.loss[i]`).
with

run_reports as (

    select * from {{ ref('stg_raw__run_reports') }}
    where not is_deleted and history_json is not null

),

sized as (

    select
        file_id,
        model,
        country,
        season,
        run,
        history_json,
        case
            when {{ json_kind('history_json') }} = 'array' then {{ json_array_length('history_json') }}
            else
                greatest(
                    coalesce({{ json_array_length('history_json', "'$.loss'") }}, 0),
                    coalesce({{ json_array_length('history_json', "'$.val_loss'") }}, 0)
                )
        end as n_epochs

    from run_reports

),

unnested as (

    select
        sized.file_id,
        sized.model,
        sized.country,
        sized.season,
        sized.run,
        cast(epochs.epoch_index + 1 as bigint) as epoch,
        {{ json_text(
            'sized.history_json', "'$[' || epochs.epoch_index || '].loss'"
        ) }} as list_loss_text,
        {{ json_text(
            'sized.history_json', "'$.loss[' || epochs.epoch_index || ']'"
        ) }} as dict_loss_text,
        {{ json_text(
            'sized.history_json', "'$[' || epochs.epoch_index || '].val_loss'"
        ) }} as list_val_loss_text,
        {{ json_text(
            'sized.history_json', "'$.val_loss[' || epochs.epoch_index || ']'"
        ) }} as dict_val_loss_text

    from sized
    {{ join_integer_range('sized.n_epochs', 'epochs', 'epoch_index') }}
    where sized.n_epochs > 0

),

typed as (

    select
        file_id,
        model,
        country,
        season,
        run,
        epoch,
        {{ to_number('coalesce(list_loss_text, dict_loss_text)') }} as loss,
        {{ to_number('coalesce(list_val_loss_text, dict_val_loss_text)') }} as val_loss

    from unnested

)

select * from typed
