-- One row: what the report covers (runs, models, slices, executions, files) and what it
-- leaves out of the publication tables (fallback-context cells, quarantined files).
with

training_runs as (

    select * from {{ ref('fct_training_runs') }}

),

executions as (

    select * from {{ ref('fct_executions') }}

),

files as (

    select * from {{ ref('stg_raw__files') }}

),

batches as (

    select * from {{ source('raw', 'ingest_batches') }}

),

run_counts as (

    select
        count(case when not is_fallback_context then 1 end) as n_runs,
        count(distinct case when not is_fallback_context then model end) as n_models,
        count(distinct case when not is_fallback_context then slice end) as n_slices,
        count(case when is_fallback_context then 1 end) as n_fallback_runs,
        count(case when not is_fallback_context and is_synthetic then 1 end)
            as n_synthetic_runs,
        count(case when not is_fallback_context and has_mixed_data then 1 end)
            as n_runs_with_mixed_data

    from training_runs

),

execution_counts as (

    select count(*) as n_executions
    from executions

),

file_counts as (

    select
        count(case when status not in ('deleted', 'ignored') then 1 end) as n_files,
        count(case when status = 'quarantined' then 1 end) as n_quarantined_files

    from files

),

ingest as (

    select max(finished_at) as last_ingest_at
    from batches

),

final as (

    select
        run_counts.n_runs,
        run_counts.n_models,
        run_counts.n_slices,
        run_counts.n_fallback_runs,
        run_counts.n_synthetic_runs,
        run_counts.n_runs_with_mixed_data,
        execution_counts.n_executions,
        file_counts.n_files,
        file_counts.n_quarantined_files,
        ingest.last_ingest_at,
        {{ var('include_fallback_context') }} as includes_fallback_context,
        {{ include_synthetic() }} as includes_synthetic,
        cast({{ var('low_carbon_threshold_kg') }} as double) as low_carbon_threshold_kg,
        {{ var('top_n') }} as top_n,
        {{ var('pareto_leaders_n') }} as pareto_leaders_n,
        {{ var('regression_min_earlier') }} as regression_min_earlier

    from run_counts
    cross join execution_counts
    cross join file_counts
    cross join ingest

)

select * from final
