-- Each model's latest run that has a per-epoch series (by start time, then run name):
-- loss, val_loss and cumulative emissions per epoch, for the per-epoch chart.
with

series as (

    select * from {{ ref('fct_epoch_series') }}

),

training_runs as (

    select * from {{ ref('fct_training_runs') }}

),

series_runs as (

    select distinct
        model,
        country,
        season,
        run
    from series

),

ranked as (

    select
        series_runs.model,
        series_runs.country,
        series_runs.season,
        series_runs.run,
        row_number() over (
            partition by series_runs.model
            order by training_runs.started_at desc nulls last, series_runs.run desc
        ) as recency_rank

    from series_runs
    left join training_runs
        on
            series_runs.model = training_runs.model
            and series_runs.country = training_runs.country
            and series_runs.season = training_runs.season
            and series_runs.run = training_runs.run

),

final as (

    select
        series.model,
        series.run,
        {{ slice_label('series.country', 'series.season') }} as slice,
        series.epoch,
        series.loss,
        series.val_loss,
        series.cumulative_emissions_kg

    from series
    inner join ranked
        on
            series.model = ranked.model
            and series.country = ranked.country
            and series.season = ranked.season
            and series.run = ranked.run
    where ranked.recency_rank = 1

)

select * from final
