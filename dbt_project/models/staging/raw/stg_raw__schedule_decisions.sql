-- Scheduling decisions of `carbonwh schedule-backtest`, typed; times are naive UTC.
with

schedule_decisions as (

    select * from {{ source('raw', 'schedule_decisions') }}

),

typed as (

    select
        file_id,
        row_number,
        coalesce(_deleted, false) as is_deleted,
        nullif(trim(country_code), '') as country_code,
        nullif(trim(country), '') as country,
        lower(nullif(trim(season), '')) as season,
        nullif(trim(policy), '') as policy,
        nullif(trim(model), '') as model,
        nullif(trim(model_run), '') as model_run,
        {{ try_cast('duration_h', 'integer') }} as duration_h,
        {{ try_cast('deadline_h', 'integer') }} as deadline_h,
        {{ try_cast("replace(arrival, 'Z', '')", 'timestamp') }} as arrival_at,
        {{ try_cast("replace(start, 'Z', '')", 'timestamp') }} as start_at,
        {{ to_number('share_pct') }} as share_pct,
        {{ to_number('now_share_pct') }} as now_share_pct,
        {{ to_number('random_share_pct') }} as random_share_pct,
        {{ to_number('oracle_share_pct') }} as oracle_share_pct,
        {{ to_number('intensity_g_per_kwh') }} as intensity_g_per_kwh,
        {{ to_number('now_intensity_g_per_kwh') }} as now_intensity_g_per_kwh,
        {{ to_number('random_intensity_g_per_kwh') }} as random_intensity_g_per_kwh,
        {{ to_number('oracle_intensity_g_per_kwh') }} as oracle_intensity_g_per_kwh,
        {{ to_number('forecast_mae_pp') }} as forecast_mae_pp,
        {{ try_cast("replace(test_start, 'Z', '')", 'timestamp') }} as test_start_at,
        {{ try_cast("replace(test_end, 'Z', '')", 'timestamp') }} as test_end_at

    from schedule_decisions

)

select * from typed
