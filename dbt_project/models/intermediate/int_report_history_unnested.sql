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
            when json_type(history_json) = 'ARRAY' then json_array_length(history_json)
            else
                greatest(
                    coalesce(json_array_length(history_json, '$.loss'), 0),
                    coalesce(json_array_length(history_json, '$.val_loss'), 0)
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
        epochs.epoch_index + 1 as epoch,
        {{ to_number("coalesce(
            json_extract_string(sized.history_json, '$[' || epochs.epoch_index || '].loss'),
            json_extract_string(sized.history_json, '$.loss[' || epochs.epoch_index || ']')
        )") }} as loss,
        {{ to_number("coalesce(
            json_extract_string(sized.history_json, '$[' || epochs.epoch_index || '].val_loss'),
            json_extract_string(sized.history_json, '$.val_loss[' || epochs.epoch_index || ']')
        )") }} as val_loss

    from sized
    cross join lateral (  -- noqa: ST05
        select unnest(range(cast(sized.n_epochs as bigint))) as epoch_index
    ) as epochs

)

select * from unnested
