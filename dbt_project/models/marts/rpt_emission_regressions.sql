-- Per (source, model, country, season) and comparison group (same CPU, GPU and
-- CodeCarbon country): the newest execution's emissions per epoch (per run when epochs
-- are unknown for any execution of the group) against the earlier executions of that
-- group. Quick smoke-test runs are left out. A regression needs at least var
-- regression_min_earlier earlier executions and a value above
-- median + max(k x MAD, median x tolerance %). Executions of synthetic run cells only
-- with the var include_synthetic (macros/synthetic.sql).
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}
    where model is not null and run is not null and emissions_kg is not null

),

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

run_reports as (

    select * from {{ ref('int_run_reports_deduplicated') }}

),

-- A cell's epoch count and quick flag come from its run report and apply to all its
-- executions.
with_epochs as (

    select
        executions.execution_id,
        executions.source,
        executions.model,
        executions.country,
        executions.season,
        executions.run,
        executions.run_id,
        executions.finished_at,
        executions.execution_key,
        executions.emissions_kg,
        coalesce(executions.cpu_model, '?') || ' | ' || coalesce(executions.gpu_model, 'no GPU')
        || ' | ' || coalesce(executions.compute_country_iso, '?') as comparison_group,
        case when training_runs.epochs_run > 0 then training_runs.epochs_run end as epochs_run

    from executions
    left join training_runs
        on executions.run_cell_id = training_runs.run_cell_id
    left join run_reports
        on
            executions.model = run_reports.model
            and executions.country = run_reports.country
            and executions.season = run_reports.season
            and executions.run = run_reports.run
    where
        not coalesce(run_reports.is_quick, false)
        and {{ publishable('training_runs.is_synthetic') }}

),

ordered as (

    select
        *,
        row_number() over (
            partition by source, model, country, season, comparison_group
            order by finished_at desc nulls last, execution_key desc
        ) as recency_rank,
        min(case when epochs_run is null then 0 else 1 end) over (
            partition by source, model, country, season, comparison_group
        ) = 1 as has_all_epochs,
        count(*) over (partition by source, model, country, season, comparison_group) as n_executions

    from with_epochs

),

valued as (

    select
        *,
        case when has_all_epochs then 'per_epoch' else 'per_run' end as basis,
        case
            when has_all_epochs then emissions_kg / epochs_run
            else emissions_kg
        end as value_kg

    from ordered
    where n_executions > {{ var('regression_min_earlier') }}

),

baselines as (

    select
        source,
        model,
        country,
        season,
        comparison_group,
        count(*) as n_earlier,
        {{ percentile_cont('value_kg', 0.5) }} as baseline_kg

    from valued
    where recency_rank > 1
    group by source, model, country, season, comparison_group

),

deviations as (

    select
        valued.source,
        valued.model,
        valued.country,
        valued.season,
        valued.comparison_group,
        {{ percentile_cont('abs(valued.value_kg - baselines.baseline_kg)', 0.5) }} as mad_kg

    from valued
    inner join baselines
        on
            valued.source = baselines.source
            and valued.model = baselines.model
            and valued.country = baselines.country
            and valued.season = baselines.season
            and valued.comparison_group = baselines.comparison_group
    where valued.recency_rank > 1
    group by
        valued.source, valued.model, valued.country, valued.season, valued.comparison_group

),

thresholds as (

    select
        baselines.source,
        baselines.model,
        baselines.country,
        baselines.season,
        baselines.comparison_group,
        baselines.n_earlier,
        baselines.baseline_kg,
        deviations.mad_kg,
        baselines.baseline_kg + greatest(
            {{ var('regression_mad_k') }} * deviations.mad_kg,
            baselines.baseline_kg * {{ var('regression_tolerance_pct') }} / 100.0
        ) as threshold_kg

    from baselines
    inner join deviations
        on
            baselines.source = deviations.source
            and baselines.model = deviations.model
            and baselines.country = deviations.country
            and baselines.season = deviations.season
            and baselines.comparison_group = deviations.comparison_group

),

final as (

    select
        newest.source,
        newest.model,
        newest.country,
        newest.season,
        {{ slice_label('newest.country', 'newest.season') }} as slice,
        newest.comparison_group,
        newest.basis,
        newest.execution_id as newest_execution_id,
        newest.run as newest_run,
        newest.run_id as newest_run_id,
        newest.finished_at as newest_finished_at,
        newest.value_kg as newest_value_kg,
        thresholds.baseline_kg,
        thresholds.mad_kg,
        thresholds.threshold_kg,
        thresholds.n_earlier,
        {{ safe_divide('newest.value_kg - thresholds.baseline_kg', 'thresholds.baseline_kg') }}
        * 100 as change_pct,
        cast({{ var('regression_tolerance_pct') }} as double) as tolerance_pct,
        cast({{ var('regression_mad_k') }} as double) as mad_k,
        newest.value_kg > thresholds.threshold_kg as is_regression

    from valued as newest
    inner join thresholds
        on
            newest.source = thresholds.source
            and newest.model = thresholds.model
            and newest.country = thresholds.country
            and newest.season = thresholds.season
            and newest.comparison_group = thresholds.comparison_group
    where newest.recency_rank = 1

)

select * from final
