{%- set present = columns_present(source('raw', 'codecarbon_rows')) -%}

with

codecarbon_rows as (

    select * from {{ source('raw', 'codecarbon_rows') }}

),

-- Padding stripped, empty cells NULL, column variants of CodeCarbon versions merged.
trimmed as (

    select
        file_id,
        row_number,
        model,
        country,
        season,
        run,
        coalesce(_short_row, false) as is_short_row,
        coalesce(_has_nul, false) as has_nul,
        coalesce(_deleted, false) as is_deleted,
        {{ coalesce_text(present, ['task_name']) }} as task_name,
        {{ coalesce_text(present, ['timestamp']) }} as timestamp_text,
        {{ coalesce_text(present, ['project_name']) }} as project_name,
        {{ coalesce_text(present, ['run_id']) }} as run_id,
        {{ coalesce_text(present, ['experiment_id']) }} as experiment_id,
        {{ coalesce_text(present, ['duration', 'duration_sec']) }} as duration_text,
        {{ coalesce_text(present, ['emissions']) }} as emissions_text,
        {{ coalesce_text(present, ['emissions_rate']) }} as emissions_rate_text,
        {{ coalesce_text(present, ['cpu_power']) }} as cpu_power_text,
        {{ coalesce_text(present, ['gpu_power']) }} as gpu_power_text,
        {{ coalesce_text(present, ['ram_power']) }} as ram_power_text,
        {{ coalesce_text(present, ['cpu_energy']) }} as cpu_energy_text,
        {{ coalesce_text(present, ['gpu_energy']) }} as gpu_energy_text,
        {{ coalesce_text(present, ['ram_energy']) }} as ram_energy_text,
        {{ coalesce_text(present, ['energy_consumed', 'energy_kwh', 'energy_consumed_kwh']) }}
            as energy_text,
        {{ coalesce_text(present, ['water_consumed']) }} as water_text,
        {{ coalesce_text(present, ['country_name']) }} as compute_country_name,
        {{ coalesce_text(present, ['country_iso_code']) }} as compute_country_iso,
        {{ coalesce_text(present, ['region']) }} as compute_region,
        {{ coalesce_text(present, ['cloud_provider']) }} as cloud_provider,
        {{ coalesce_text(present, ['cloud_region']) }} as cloud_region,
        {{ coalesce_text(present, ['on_cloud']) }} as on_cloud_text,
        {{ coalesce_text(present, ['os']) }} as os,
        {{ coalesce_text(present, ['python_version']) }} as python_version,
        {{ coalesce_text(present, ['codecarbon_version']) }} as codecarbon_version,
        {{ coalesce_text(present, ['cpu_count']) }} as cpu_count_text,
        {{ coalesce_text(present, ['cpu_model']) }} as cpu_model,
        {{ coalesce_text(present, ['gpu_count']) }} as gpu_count_text,
        {{ coalesce_text(present, ['gpu_model']) }} as gpu_model,
        {{ coalesce_text(present, ['ram_total_size']) }} as ram_total_size_text,
        {{ coalesce_text(present, ['tracking_mode']) }} as tracking_mode,
        {{ coalesce_text(present, ['pue']) }} as pue_text

    from codecarbon_rows

),

typed as (

    select
        file_id,
        row_number,
        model,
        country,
        season,
        run,
        is_short_row,
        has_nul,
        is_deleted,
        task_name,
        {{ try_cast('timestamp_text', dbt.type_timestamp()) }} as recorded_at,
        project_name,
        run_id,
        experiment_id,
        {{ to_number('duration_text') }} as duration_s,
        {{ to_number('emissions_text') }} as emissions_kg,
        {{ to_number('emissions_rate_text') }} as emissions_rate_kg_per_s,
        {{ to_number('cpu_power_text') }} as cpu_power_w,
        {{ to_number('gpu_power_text') }} as gpu_power_w,
        {{ to_number('ram_power_text') }} as ram_power_w,
        {{ to_number('cpu_energy_text') }} as cpu_energy_kwh,
        {{ to_number('gpu_energy_text') }} as gpu_energy_kwh,
        {{ to_number('ram_energy_text') }} as ram_energy_kwh,
        {{ to_number('energy_text') }} as energy_kwh,
        {{ to_number('water_text') }} as water_consumed_l,
        compute_country_name,
        upper(compute_country_iso) as compute_country_iso,
        compute_region,
        cloud_provider,
        cloud_region,
        case
            when upper(on_cloud_text) in ('Y', 'YES', 'TRUE', '1') then true
            when upper(on_cloud_text) in ('N', 'NO', 'FALSE', '0') then false
        end as is_on_cloud,
        os,
        python_version,
        codecarbon_version,
        {{ to_number('cpu_count_text') }} as cpu_count,
        cpu_model,
        {{ to_number('gpu_count_text') }} as gpu_count,
        gpu_model,
        {{ to_number('ram_total_size_text') }} as ram_total_size_gb,
        tracking_mode,
        {{ to_number('pue_text') }} as pue

    from trimmed

)

select * from typed
