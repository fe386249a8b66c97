-- One row per run cell (source, model, country, season, run) seen in emissions or run
-- reports, with both aggregation methods side by side and the run report's metrics.
with

executions as (

    select * from {{ ref('int_executions_collapsed') }}
    where model is not null and run is not null

),

selected_cells as (

    select * from {{ ref('int_run_cells_selected') }}

),

published_files as (

    select * from {{ ref('int_emission_files_published') }}

),

run_reports as (

    select * from {{ ref('int_run_reports_deduplicated') }}

),

zoo_models as (

    select * from {{ ref('zoo_models') }}

),

countries as (

    select * from {{ ref('entsoe_countries') }}

),

run_cells as (

    select
        run_cell_key,
        source,
        model,
        country,
        season,
        run
    from executions
    union
    select
        run_cell_key,
        source,
        model,
        country,
        season,
        run
    from run_reports

),

cell_totals as (

    select
        run_cell_key,
        sum(emissions_kg) as total_emissions_kg,
        sum(energy_kwh) as total_energy_kwh

    from executions
    group by run_cell_key

),

-- A cell with its file and a backup of an older name: the file modified last wins.
published_cells as (

    select
        *,
        row_number() over (
            partition by run_cell_key
            order by file_modified_at desc nulls last, file_id desc
        ) as rank_in_cell

    from published_files

),

joined as (

    select
        {{ dbt.hash('run_cells.run_cell_key') }} as run_cell_id,
        run_cells.run_cell_key,
        run_cells.source,
        run_cells.model,
        coalesce(zoo_models.family, {{ model_family('run_cells.model') }}) as family,
        coalesce(zoo_models.version, {{ model_version('run_cells.model') }}) as version,
        run_cells.country,
        countries.country_code,
        run_cells.season,
        run_cells.run,
        {{ run_number('run_cells.run') }} as run_number,
        {{ slice_label('run_cells.country', 'run_cells.season') }} as slice,
        {{ is_fallback_context('run_cells.model', 'run_cells.country', 'run_cells.season') }}
            as is_fallback_context,
        coalesce(selected_cells.n_executions, 0) as n_executions,
        selected_cells.selection_basis,
        selected_executions.execution_id as selected_execution_id,
        coalesce(selected_executions.run_id, run_reports.codecarbon_run_id) as codecarbon_run_id,
        selected_executions.emissions_kg,
        selected_executions.energy_kwh,
        selected_executions.duration_s,
        selected_executions.cpu_energy_kwh,
        selected_executions.gpu_energy_kwh,
        selected_executions.ram_energy_kwh,
        cell_totals.total_emissions_kg,
        cell_totals.total_energy_kwh,
        published_cells.emissions_kg_published,
        published_cells.energy_kwh_published,
        published_cells.duration_s_published,
        published_cells.emissions_rule as published_emissions_rule,
        published_cells.n_executions as published_file_n_executions,
        published_cells.max_snapshots_per_execution as published_file_max_snapshots,
        run_reports.mae,
        run_reports.rmse,
        run_reports.mse,
        run_reports.mape,
        run_reports.r2,
        coalesce(run_reports.params, zoo_models.params) as params,
        run_reports.epochs_run,
        selected_executions.compute_country_iso,
        selected_executions.codecarbon_version,
        selected_executions.started_at,
        selected_executions.finished_at,
        coalesce(run_reports.is_synthetic_run or run_reports.has_synthetic_history, false)
            as is_synthetic,
        coalesce(run_reports.n_data_versions > 1, false) as has_mixed_data,
        run_reports.file_id is not null as has_run_report,
        selected_executions.execution_id is not null as has_emissions

    from run_cells
    left join selected_cells
        on run_cells.run_cell_key = selected_cells.run_cell_key
    left join executions as selected_executions
        on selected_cells.selected_execution_id = selected_executions.execution_id
    left join cell_totals
        on run_cells.run_cell_key = cell_totals.run_cell_key
    left join published_cells
        on
            run_cells.run_cell_key = published_cells.run_cell_key
            and published_cells.rank_in_cell = 1
    left join run_reports
        on run_cells.run_cell_key = run_reports.run_cell_key
    left join zoo_models
        on run_cells.model = zoo_models.model
    left join countries
        on run_cells.country = countries.country_name

),

normalised as (

    select
        *,
        {{ safe_divide('emissions_kg', 'epochs_run') }} as emissions_per_epoch_kg,
        {{ safe_divide('mae', 'emissions_kg') }} as mae_per_kg_co2e,
        {{ safe_divide('r2', 'energy_kwh') }} as r2_per_kwh

    from joined

)

select * from normalised
