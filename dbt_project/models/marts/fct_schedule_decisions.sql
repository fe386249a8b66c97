-- One row per backtest decision: a policy's start for one job arrival of the test period.
with

decisions as (

    select * from {{ ref('stg_raw__schedule_decisions') }}
    where not is_deleted

),

final as (

    select
        country_code,
        country,
        season,
        policy,
        model,
        model_run,
        duration_h,
        deadline_h,
        arrival_at,
        start_at,
        share_pct,
        now_share_pct,
        random_share_pct,
        oracle_share_pct,
        share_pct - now_share_pct as gain_pp,
        intensity_g_per_kwh,
        now_intensity_g_per_kwh,
        random_intensity_g_per_kwh,
        oracle_intensity_g_per_kwh,
        forecast_mae_pp,
        test_start_at,
        test_end_at

    from decisions

)

select * from final
