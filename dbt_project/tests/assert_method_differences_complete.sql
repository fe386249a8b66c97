-- Every run cell whose published-method emissions differ from its exact total appears in
-- rpt_method_differences, and nothing else does.
with

training_runs as (

    select * from {{ ref('fct_training_runs') }}

),

differences as (

    select * from {{ ref('rpt_method_differences') }}

),

expected as (

    select
        run_cell_id,
        model,
        country,
        season,
        run
    from training_runs
    where
        (emissions_kg_published is null) <> (total_emissions_kg is null)
        or abs(emissions_kg_published - total_emissions_kg)
        > {{ var('method_difference_tolerance_kg') }}

),

missing as (

    select
        expected.*,
        'missing' as problem
    from expected
    left join differences
        on expected.run_cell_id = differences.run_cell_id
    where differences.run_cell_id is null

),

extra as (

    select
        differences.run_cell_id,
        differences.model,
        differences.country,
        differences.season,
        differences.run,
        'unexpected' as problem
    from differences
    left join expected
        on differences.run_cell_id = expected.run_cell_id
    where expected.run_cell_id is null

)

select * from missing
union all
select * from extra
