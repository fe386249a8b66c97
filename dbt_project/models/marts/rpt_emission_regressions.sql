-- Per (source, model, country, season): the newest execution's emissions per epoch (per run when
-- epochs are unknown for any execution of the group) against the median of the earlier
-- executions (at least two), a regression above baseline x (1 + tolerance %).
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}
    where model is not null and run is not null and emissions_kg is not null

),

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

-- A cell's epoch count comes from its run report and applies to all its executions.
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
        case when training_runs.epochs_run > 0 then training_runs.epochs_run end as epochs_run

    from executions
    left join training_runs
        on executions.run_cell_id = training_runs.run_cell_id

),

ordered as (

    select
        *,
        row_number() over (
            partition by source, model, country, season
            order by finished_at desc nulls last, execution_key desc
        ) as recency_rank,
        min(case when epochs_run is null then 0 else 1 end) over (
            partition by source, model, country, season
        ) = 1 as has_all_epochs,
        count(*) over (partition by source, model, country, season) as n_executions

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
    where n_executions >= 3

),

baselines as (

    select
        source,
        model,
        country,
        season,
        count(*) as n_earlier,
        {{ percentile_cont('value_kg', 0.5) }} as baseline_kg

    from valued
    where recency_rank > 1
    group by source, model, country, season

),

final as (

    select
        newest.source,
        newest.model,
        newest.country,
        newest.season,
        {{ slice_label('newest.country', 'newest.season') }} as slice,
        newest.basis,
        newest.execution_id as newest_execution_id,
        newest.run as newest_run,
        newest.run_id as newest_run_id,
        newest.finished_at as newest_finished_at,
        newest.value_kg as newest_value_kg,
        baselines.baseline_kg,
        baselines.n_earlier,
        {{ safe_divide('newest.value_kg - baselines.baseline_kg', 'baselines.baseline_kg') }} * 100
            as change_pct,
        cast({{ var('regression_tolerance_pct') }} as double) as tolerance_pct,
        newest.value_kg
        > baselines.baseline_kg * (1 + {{ var('regression_tolerance_pct') }} / 100.0)
            as is_regression

    from valued as newest
    inner join baselines
        on
            newest.source = baselines.source
            and newest.model = baselines.model
            and newest.country = baselines.country
            and newest.season = baselines.season
    where newest.recency_rank = 1

)

select * from final
