-- Per forecasting model and slice: its mean training emissions (exact method) against the
-- CO2 it saves per scheduled job of `scheduled_job_kwh` (4 h jobs within 24 h, vs start now).
with

backtest as (

    select * from {{ ref('rpt_schedule_backtest') }}
    where
        model_run is not null
        and duration_h = {{ var('scheduled_job_duration_h') }}
        and deadline_h = {{ var('scheduled_job_deadline_h') }}

),

model_slices as (

    select * from {{ ref('agg_model_slice') }}

),

saved as (

    select
        country,
        season,
        model,
        max(model_run) as model_run,
        max(n_arrivals) as n_arrivals,
        avg(mean_saved_g_per_kwh) * {{ var('scheduled_job_kwh') }} / 1000.0 as saved_kg_per_job,
        avg(co2_reduction_pct) as co2_reduction_pct

    from backtest
    group by country, season, model

),

final as (

    select
        saved.model,
        saved.country,
        saved.season,
        saved.model_run,
        model_slices.n_runs as n_training_runs,
        model_slices.mean_emissions_kg as training_emissions_kg,
        cast({{ var('scheduled_job_kwh') }} as double) as job_kwh,
        cast({{ var('scheduled_job_duration_h') }} as integer) as job_duration_h,
        cast({{ var('scheduled_job_deadline_h') }} as integer) as job_deadline_h,
        saved.n_arrivals,
        saved.co2_reduction_pct,
        saved.saved_kg_per_job,
        case
            when saved.saved_kg_per_job > 0
                then model_slices.mean_emissions_kg / saved.saved_kg_per_job
        end as jobs_to_payback

    from saved
    left join model_slices
        on
            saved.model = model_slices.model
            and saved.country = model_slices.country
            and saved.season = model_slices.season

)

select * from final
