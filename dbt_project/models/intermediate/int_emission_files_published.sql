-- The published benchmark's method, per `*_emissions.csv` file (backups are not read):
-- for emissions and energy, the max when the column never decreases down the file (every
-- step >= -1e-9), else the sum; duration: the max. Non-numeric values count as 0.
with

emission_rows as (

    select * from {{ ref('int_emission_rows_joined') }}
    where is_published_file and model is not null and run is not null

),

zeroed as (

    select
        file_id,
        row_number,
        file_execution_key,
        source,
        run_cell_key,
        model,
        country,
        season,
        run,
        file_path,
        file_modified_at,
        coalesce(emissions_kg, 0) as emissions_kg,
        coalesce(energy_kwh, 0) as energy_kwh,
        coalesce(duration_s, 0) as duration_s

    from emission_rows

),

stepped as (

    select
        *,
        emissions_kg - lag(emissions_kg) over (
            partition by file_id order by row_number
        ) as emissions_step,
        energy_kwh - lag(energy_kwh) over (
            partition by file_id order by row_number
        ) as energy_step

    from zeroed

),

snapshots_per_execution as (

    select
        file_id,
        file_execution_key,
        count(*) as n_snapshots

    from zeroed
    group by file_id, file_execution_key

),

execution_shape as (

    select
        file_id,
        count(*) as n_executions,
        max(n_snapshots) as max_snapshots_per_execution

    from snapshots_per_execution
    group by file_id

),

per_file as (

    select
        file_id,
        source,
        run_cell_key,
        model,
        country,
        season,
        run,
        file_path,
        file_modified_at,
        count(*) as n_rows,
        coalesce(min(emissions_step), 0) >= -1e-9 as is_emissions_monotonic,
        coalesce(min(energy_step), 0) >= -1e-9 as is_energy_monotonic,
        max(emissions_kg) as emissions_max_kg,
        sum(emissions_kg) as emissions_sum_kg,
        max(energy_kwh) as energy_max_kwh,
        sum(energy_kwh) as energy_sum_kwh,
        max(duration_s) as duration_s_published

    from stepped
    group by file_id, source, run_cell_key, model, country, season, run, file_path, file_modified_at

),

published as (

    select
        per_file.file_id,
        per_file.source,
        per_file.run_cell_key,
        per_file.model,
        per_file.country,
        per_file.season,
        per_file.run,
        per_file.file_path,
        per_file.file_modified_at,
        per_file.n_rows,
        execution_shape.n_executions,
        execution_shape.max_snapshots_per_execution,
        case when per_file.is_emissions_monotonic then 'max' else 'sum' end as emissions_rule,
        case when per_file.is_energy_monotonic then 'max' else 'sum' end as energy_rule,
        case
            when per_file.is_emissions_monotonic then per_file.emissions_max_kg
            else per_file.emissions_sum_kg
        end as emissions_kg_published,
        case
            when per_file.is_energy_monotonic then per_file.energy_max_kwh
            else per_file.energy_sum_kwh
        end as energy_kwh_published,
        per_file.duration_s_published

    from per_file
    inner join execution_shape
        on per_file.file_id = execution_shape.file_id

)

select * from published
