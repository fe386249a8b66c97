-- The backtest figures per country x season x policy x duration x deadline: shares are
-- means over arrivals; oracle capture and CO2 reductions are ratios of sums over arrivals.
with

decisions as (

    select * from {{ ref('fct_schedule_decisions') }}

),

summed as (

    select
        country_code,
        country,
        season,
        policy,
        duration_h,
        deadline_h,
        max(model) as model,
        max(model_run) as model_run,
        min(test_start_at) as test_start_at,
        max(test_end_at) as test_end_at,
        count(*) as n_arrivals,
        avg(share_pct) as mean_share_pct,
        avg(now_share_pct) as now_share_pct,
        avg(random_share_pct) as random_share_pct,
        avg(oracle_share_pct) as oracle_share_pct,
        sum(share_pct - now_share_pct) as sum_gain_pp,
        sum(oracle_share_pct - now_share_pct) as sum_oracle_gain_pp,
        sum(intensity_g_per_kwh) as sum_intensity,
        sum(now_intensity_g_per_kwh) as sum_now_intensity,
        sum(random_intensity_g_per_kwh) as sum_random_intensity,
        avg(now_intensity_g_per_kwh - intensity_g_per_kwh) as mean_saved_g_per_kwh,
        avg(forecast_mae_pp) as forecast_mae_pp

    from decisions
    group by country_code, country, season, policy, duration_h, deadline_h

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
        test_start_at,
        test_end_at,
        n_arrivals,
        mean_share_pct,
        now_share_pct,
        random_share_pct,
        oracle_share_pct,
        mean_share_pct - now_share_pct as gain_pp,
        case
            when sum_oracle_gain_pp > 0 then sum_gain_pp / sum_oracle_gain_pp
        end as oracle_capture,
        case
            when sum_now_intensity > 0 then 100.0 * (1 - sum_intensity / sum_now_intensity)
        end as co2_reduction_pct,
        case
            when sum_random_intensity > 0 then 100.0 * (1 - sum_intensity / sum_random_intensity)
        end as co2_reduction_vs_random_pct,
        mean_saved_g_per_kwh,
        forecast_mae_pp

    from summed

)

select * from final
