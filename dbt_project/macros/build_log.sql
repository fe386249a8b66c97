{#-
    on-run-end hook: one row per dbt invocation in `<target schema>.dbt_build_log`, so the
    report's "last build" is right however the project was built (`carbonwh build`,
    `carbonwh refresh`, plain `dbt build`). Times are dbt's own, in UTC.
-#}
{% macro record_build(results) -%}
    {%- if execute and flags.WHICH in ('build', 'run', 'seed', 'test') -%}
        {%- set n_failed = results | selectattr('status', 'in', ['error', 'fail', 'runtime error']) | list | length -%}
        {%- set relation = target.schema ~ '.dbt_build_log' -%}
        create table if not exists {{ relation }} (
            invocation_id varchar,
            command varchar,
            started_at timestamp,
            finished_at timestamp,
            n_nodes integer,
            n_failed integer,
            status varchar
        );
        insert into {{ relation }} values (
            '{{ invocation_id }}',
            '{{ flags.WHICH }}',
            cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp),
            cast('{{ modules.datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp),
            {{ results | length }},
            {{ n_failed }},
            '{{ "ok" if n_failed == 0 else "failed" }}'
        );
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
