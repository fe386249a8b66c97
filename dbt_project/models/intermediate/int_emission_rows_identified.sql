-- Every CodeCarbon row that holds a measurement, with the identity of that measurement and
-- whether this row is the copy that counts. One measurement = (run_id, task_name or none,
-- timestamp, duration and emissions equal to 1e-9 relative): the same measurement found in
-- several files (a copy, a pandas concatenation re-printing floats with fewer digits, the
-- same tree under two results roots) counts once. The counted copy is the one in the most
-- specific file (fewest run_ids), then the fullest (most rows), then the first seen.
with

emission_rows as (

    select * from {{ ref('int_emission_rows_joined') }}
    -- a line broken by an editor can leave a row with neither number: not a measurement
    where duration_s is not null or emissions_kg is not null

),

-- CodeCarbon 1.x wrote no run_id: a file is one execution, recognised in any copy (any
-- path, any root) by its first row's timestamp and project_name.
file_identities as (

    select
        file_id,
        count(distinct coalesce(run_id, '')) as n_identities,
        min(
            coalesce(cast(recorded_at as {{ dbt.type_string() }}), '')
            || '|' || coalesce(project_name, '')
        ) as first_row_identity

    from emission_rows
    group by file_id

),

keyed as (

    select
        emission_rows.*,
        coalesce(
            emission_rows.run_id,
            'no-run-id:' || file_identities.first_row_identity
        ) as execution_key,
        emission_rows.task_name is not null as is_task_row,
        file_identities.n_identities as file_n_identities

    from emission_rows
    inner join file_identities
        on emission_rows.file_id = file_identities.file_id

),

-- Candidates for one measurement share run_id, task and timestamp; sorted by duration and
-- emissions, a row starts a new measurement unless both numbers match the previous row's.
ordered as (

    select
        *,
        lag(duration_s) over (
            partition by execution_key, task_name, recorded_at
            order by duration_s, emissions_kg, file_id, row_number
        ) as previous_duration_s,
        lag(emissions_kg) over (
            partition by execution_key, task_name, recorded_at
            order by duration_s, emissions_kg, file_id, row_number
        ) as previous_emissions_kg,
        row_number() over (
            partition by execution_key, task_name, recorded_at
            order by duration_s, emissions_kg, file_id, row_number
        ) as position_in_candidates

    from keyed

),

flagged as (

    select
        *,
        case
            when position_in_candidates = 1 then 1
            when not {{ nearly_equal('duration_s', 'previous_duration_s') }} then 1
            when not {{ nearly_equal('emissions_kg', 'previous_emissions_kg') }} then 1
            else 0
        end as starts_measurement

    from ordered

),

numbered as (

    select
        *,
        sum(starts_measurement) over (
            partition by execution_key, task_name, recorded_at
            order by duration_s, emissions_kg, file_id, row_number
            rows between unbounded preceding and current row
        ) as measurement_seq

    from flagged

),

identified as (

    select
        *,
        execution_key
        || '|' || coalesce(task_name, '')
        || '|' || coalesce(cast(recorded_at as {{ dbt.type_string() }}), '')
        || '|' || cast(measurement_seq as {{ dbt.type_string() }}) as measurement_key

    from numbered

),

ranked as (

    select
        *,
        row_number() over (
            partition by measurement_key
            order by
                file_n_identities asc,
                file_n_rows desc,
                file_first_seen_at asc,
                source asc,
                file_path asc,
                file_id asc,
                row_number asc
        ) as copy_rank,
        count(*) over (partition by measurement_key) as n_rows_of_measurement

    from identified

),

final as (

    select
        file_id,
        row_number,
        source,
        file_path,
        execution_key,
        is_task_row,
        task_name,
        recorded_at,
        duration_s,
        emissions_kg,
        measurement_key,
        {{ dbt.hash('measurement_key') }} as measurement_id,
        copy_rank,
        copy_rank = 1 as is_counted,
        n_rows_of_measurement

    from ranked

)

select * from final
