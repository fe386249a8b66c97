{#-
    main.build_log: one row per `dbt build` / `dbt run` invocation, whoever started it
    (`carbonwh build`, `carbonwh refresh`, plain `dbt build`). Written by the project's
    on-run-start / on-run-end hooks, so every build route records itself.

    raw_batch_id is the raw layer's change stamp when the build started (the newest
    raw.files.batch_id: ingest stamps a manifest row only when a file is new, changed or
    deleted). `carbonwh refresh` rebuilds when raw has changed since the last successful
    full build (warehouse/build_state.py), whoever ingested the change.
-#}

{% macro build_log_relation() -%}
    {{ target.schema }}.build_log
{%- endmacro %}

{#- DuckDB only: the log is the DuckDB warehouse's state (refresh reads it there), and
    Spark's Parquet tables have no `update`. -#}
{% macro build_log_is_logged() -%}
    {{ return(execute and flags.WHICH in ('build', 'run') and target.type == 'duckdb') }}
{%- endmacro %}

{% macro build_log_create() -%}
    {%- if build_log_is_logged() -%}
        create table if not exists {{ build_log_relation() }} (
            invocation_id varchar,
            command varchar,
            selection varchar,
            vars varchar,
            started_at timestamp,
            finished_at timestamp,
            raw_batch_id bigint,
            status varchar,
            n_nodes integer,
            n_failed integer
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Selection flags of the invocation ('' for a full build): a selective build does not
    make every mart current. -#}
{% macro build_log_selection() -%}
    {%- set args = invocation_args_dict -%}
    {%- set parts = [] -%}
    {%- for key in ('select', 'exclude', 'selector') -%}
        {%- set value = args.get(key) -%}
        {%- if value -%}
            {%- do parts.append(key ~ '=' ~ (value | join(' ') if value is not string else value)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parts | join('; ')) }}
{%- endmacro %}

{% macro build_log_literal(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro build_log_start() -%}
    {%- if build_log_is_logged() -%}
        insert into {{ build_log_relation() }} (
            invocation_id, command, selection, vars, started_at, raw_batch_id, status
        )
        select
            {{ build_log_literal(invocation_id) }},
            {{ build_log_literal(flags.WHICH) }},
            {{ build_log_literal(build_log_selection()) }},
            {{ build_log_literal(tojson(invocation_args_dict.get('vars') or {})) }},
            cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp),
            -- raw.files exists wherever there is anything to build (ingest creates it); no
            -- relation lookup here: it would open a transaction that dbt rolls back.
            (select max(batch_id) from raw.files),
            'running'
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro build_log_finish(results) -%}
    {%- if build_log_is_logged() -%}
        {%- set failed = results
            | selectattr('status', 'in', ['error', 'fail', 'runtime error'])
            | list -%}
        update {{ build_log_relation() }}
        set
            finished_at = cast(
                '{{ modules.datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f") }}'
                as timestamp
            ),
            status = '{{ "failed" if failed else "ok" }}',
            n_nodes = {{ results | length }},
            n_failed = {{ failed | length }}
        where invocation_id = {{ build_log_literal(invocation_id) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
