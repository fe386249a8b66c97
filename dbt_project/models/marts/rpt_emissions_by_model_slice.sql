-- Per method, model and slice: the distribution of run emissions (box plot: min, quartiles,
-- max) and their mean (heatmap), over the runs that have emissions. Fallback-context cells
-- follow var include_fallback_context like the publication tables.
with

run_results as (

    select * from {{ ref('int_run_results_by_method') }}
    where emissions_kg is not null

),

aggregated as (

    select
        method,
        model,
        country,
        season,
        slice,
        count(*) as n_runs,
        min(emissions_kg) as min_emissions_kg,
        {{ percentile_cont('emissions_kg', 0.25) }} as q1_emissions_kg,
        {{ percentile_cont('emissions_kg', 0.5) }} as median_emissions_kg,
        {{ percentile_cont('emissions_kg', 0.75) }} as q3_emissions_kg,
        max(emissions_kg) as max_emissions_kg,
        avg(emissions_kg) as mean_emissions_kg

    from run_results
    group by method, model, country, season, slice

)

select * from aggregated
