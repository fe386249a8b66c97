-- One row per measurement: the counted copy of each (see int_emission_rows_identified),
-- with how many other rows repeat it.
with

identified_rows as (

    select * from {{ ref('int_emission_rows_identified') }}
    where is_counted

),

emission_rows as (

    select * from {{ ref('int_emission_rows_joined') }}

),

deduplicated as (

    select
        identified_rows.measurement_id,
        identified_rows.measurement_key,
        identified_rows.execution_key,
        identified_rows.is_task_row,
        emission_rows.source,
        emission_rows.file_id,
        emission_rows.file_path,
        emission_rows.row_number,
        emission_rows.is_backup,
        emission_rows.is_published_file,
        emission_rows.file_modified_at,
        emission_rows.run_cell_key,
        emission_rows.model,
        emission_rows.country,
        emission_rows.season,
        emission_rows.run,
        emission_rows.task_name,
        emission_rows.recorded_at,
        emission_rows.project_name,
        emission_rows.run_id,
        emission_rows.experiment_id,
        emission_rows.duration_s,
        emission_rows.emissions_kg,
        emission_rows.emissions_rate_kg_per_s,
        emission_rows.cpu_power_w,
        emission_rows.gpu_power_w,
        emission_rows.ram_power_w,
        emission_rows.cpu_energy_kwh,
        emission_rows.gpu_energy_kwh,
        emission_rows.ram_energy_kwh,
        emission_rows.energy_kwh,
        emission_rows.water_consumed_l,
        emission_rows.compute_country_name,
        emission_rows.compute_country_iso,
        emission_rows.compute_region,
        emission_rows.cloud_provider,
        emission_rows.cloud_region,
        emission_rows.is_on_cloud,
        emission_rows.os,
        emission_rows.python_version,
        emission_rows.codecarbon_version,
        emission_rows.cpu_count,
        emission_rows.cpu_model,
        emission_rows.gpu_count,
        emission_rows.gpu_model,
        emission_rows.ram_total_size_gb,
        emission_rows.tracking_mode,
        emission_rows.pue,
        identified_rows.n_rows_of_measurement - 1 as n_copies

    from identified_rows
    inner join emission_rows
        on
            identified_rows.file_id = emission_rows.file_id
            and identified_rows.row_number = emission_rows.row_number

)

select * from deduplicated
