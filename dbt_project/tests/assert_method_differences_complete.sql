-- Every run cell whose seed emissions differ from its exact total appears in
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
        model,
        country,
        season,
        run
    from training_runs
    where
        (emissions_kg_seed is null) <> (total_emissions_kg is null)
        or abs(emissions_kg_seed - total_emissions_kg)
        > {{ var('method_difference_tolerance_kg') }}

),

missing as (

    select
        expected.*,
        'missing' as problem
    from expected
    left join differences
        on
            expected.model = differences.model
            and expected.country = differences.country
            and expected.season = differences.season
            and expected.run = differences.run
    where differences.model is null

),

extra as (

    select
        differences.model,
        differences.country,
        differences.season,
        differences.run,
        'unexpected' as problem
    from differences
    left join expected
        on
            differences.model = expected.model
            and differences.country = expected.country
            and differences.season = expected.season
            and differences.run = expected.run
    where expected.model is null

)

select * from missing
union all
select * from extra
