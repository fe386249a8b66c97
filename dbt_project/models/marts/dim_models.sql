-- The model zoo (a seed exported by `carbonwh zoo --csv`), plus any model seen in the data
-- that the zoo does not register (e.g. the fallback `model`), parsed from its name.
with

zoo_models as (

    select * from {{ ref('zoo_models') }}

),

training_runs as (

    select * from {{ ref('int_training_runs_joined') }}

),

registered as (

    select
        model,
        family,
        version,
        cast(params as {{ dbt.type_bigint() }}) as params,
        true as is_in_zoo

    from zoo_models

),

unregistered as (

    select distinct
        training_runs.model,
        {{ model_family('training_runs.model') }} as family,
        {{ model_version('training_runs.model') }} as version,
        cast(null as {{ dbt.type_bigint() }}) as params,
        false as is_in_zoo

    from training_runs
    left join zoo_models
        on training_runs.model = zoo_models.model
    where zoo_models.model is null

),

unioned as (

    select * from registered
    union all
    select * from unregistered

)

select * from unioned
