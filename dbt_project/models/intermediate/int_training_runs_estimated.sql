-- Per run cell: the report fields budgets need, and an estimate of the emissions of a run
-- whose measurement is missing (never a silent zero). The estimate is the per-epoch cost
-- of measured runs (same model and slice, else same model, else all models; quick runs
-- only from quick runs) times the run's epochs (else the model's median epochs).
with

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

run_reports as (

    select * from {{ ref('int_run_reports_deduplicated') }}

),

runs as (

    select
        training_runs.run_cell_id,
        training_runs.model,
        training_runs.country,
        training_runs.season,
        training_runs.run,
        training_runs.emissions_kg,
        training_runs.epochs_run,
        run_reports.epochs_max,
        run_reports.train_windows,
        run_reports.emissions_status,
        run_reports.hardware_cpu_model,
        coalesce(run_reports.is_quick, false) as is_quick,
        training_runs.emissions_kg is not null
        and coalesce(run_reports.emissions_status, 'measured') = 'measured' as is_measured

    from training_runs
    left join run_reports
        on training_runs.run_cell_key = run_reports.run_cell_key

),

measured as (

    select
        *,
        emissions_kg / epochs_run as kg_per_epoch

    from runs
    where is_measured and epochs_run > 0

),

slice_rates as (

    select
        model,
        country,
        season,
        is_quick,
        avg(kg_per_epoch) as kg_per_epoch

    from measured
    group by model, country, season, is_quick

),

model_rates as (

    select
        model,
        is_quick,
        avg(kg_per_epoch) as kg_per_epoch,
        {{ percentile_cont('epochs_run', 0.5) }} as median_epochs_run

    from measured
    group by model, is_quick

),

all_rates as (

    select
        is_quick,
        {{ percentile_cont('kg_per_epoch', 0.5) }} as kg_per_epoch

    from measured
    group by is_quick

),

estimated as (

    select
        runs.run_cell_id,
        runs.model,
        runs.country,
        runs.season,
        runs.run,
        runs.epochs_max,
        runs.train_windows,
        runs.is_quick,
        runs.emissions_status,
        runs.hardware_cpu_model,
        not runs.is_measured as is_estimated,
        case
            when not runs.is_measured
                then
                    coalesce(slice_rates.kg_per_epoch, model_rates.kg_per_epoch, all_rates.kg_per_epoch)
                    * coalesce(
                        case when runs.epochs_run > 0 then runs.epochs_run end,
                        model_rates.median_epochs_run,
                        runs.epochs_max
                    )
        end as estimated_emissions_kg,
        case
            when runs.is_measured then 'measured'
            when runs.epochs_run is null and model_rates.median_epochs_run is null
                and runs.epochs_max is null then 'none'
            when slice_rates.kg_per_epoch is not null then 'same-model-slice'
            when model_rates.kg_per_epoch is not null then 'same-model'
            when all_rates.kg_per_epoch is not null then 'all-models'
            else 'none'
        end as estimate_source

    from runs
    left join slice_rates
        on
            runs.model = slice_rates.model
            and runs.country = slice_rates.country
            and runs.season = slice_rates.season
            and runs.is_quick = slice_rates.is_quick
    left join model_rates
        on
            runs.model = model_rates.model
            and runs.is_quick = model_rates.is_quick
    left join all_rates
        on runs.is_quick = all_rates.is_quick

)

select * from estimated
