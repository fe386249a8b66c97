-- The manifest with the rules that concern files: the source (results root) each belongs
-- to, CodeCarbon's backups, and the files the published benchmark reads.
with

files as (

    select * from {{ ref('stg_raw__files') }}

),

sources as (

    select * from {{ ref('stg_raw__sources') }}

),

-- The latest label of a root wins (a root can be relabelled).
labels as (

    select
        root,
        label,
        row_number() over (partition by root order by labelled_at desc nulls last) as label_rank

    from sources

),

sourced as (

    select
        files.*,
        coalesce(labels.label, files.root) as source,
        -- CodeCarbon's own backups (`x.csv.bak`, `x.csv_0.bak`) of a header change.
        lower(files.path) like '%.bak' as is_backup,
        -- The files the published benchmark reads: `*_emissions.csv`, never a backup.
        files.path like '%!_emissions.csv' escape '!' as is_published_file,
        files.model is not null and files.run is not null as has_run_context

    from files
    left join labels
        on files.root = labels.root and labels.label_rank = 1

)

select * from sourced
