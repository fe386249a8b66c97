-- Each pair of files that share measurements (copies, concatenations, one tree under two
-- roots): how many, and which file's copy is counted.
with

identified_rows as (

    select * from {{ ref('int_emission_rows_identified') }}

),

counted as (

    select * from identified_rows
    where is_counted

),

copies as (

    select * from identified_rows
    where not is_counted

),

pairs as (

    select
        counted.file_id as counted_file_id,
        counted.source as counted_source,
        counted.file_path as counted_file_path,
        copies.file_id as copy_file_id,
        copies.source as copy_source,
        copies.file_path as copy_file_path,
        count(*) as n_shared_measurements,
        cast(sum(case when counted.is_task_row then 1 else 0 end) as {{ dbt.type_bigint() }})
            as n_shared_task_rows

    from copies
    inner join counted
        on copies.measurement_key = counted.measurement_key
    group by
        counted.file_id,
        counted.source,
        counted.file_path,
        copies.file_id,
        copies.source,
        copies.file_path

)

select * from pairs
