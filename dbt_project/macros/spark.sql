{#-
    Spark-only plumbing of `carbonwh build --target spark` (warehouse/spark_target.py).
-#}

{#- The raw Parquet export (`carbonwh export-raw`) as external tables raw.<table>. -#}
{% macro register_raw_tables(location, tables) -%}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error("register_raw_tables is for the spark target only") }}
    {%- endif -%}
    {%- do run_query("create schema if not exists raw") -%}
    {%- for table in tables -%}
        {%- do run_query("drop table if exists raw." ~ table) -%}
        {%- do run_query(
            "create table raw." ~ table ~ " using parquet location '"
            ~ location ~ "/" ~ table ~ "'"
        ) -%}
    {%- endfor -%}
    {{ log("registered " ~ (tables | length) ~ " raw tables from " ~ location, info=true) }}
{%- endmacro %}

{#- Spark has no bare `varchar` (it wants a length): contract checks and seeds cast to
    the project's `varchar` columns, so read it as Spark's `string`. -#}
{% macro spark__cast(field, type) -%}
    {%- set spark_type = 'string' if type | trim | lower == 'varchar' else type -%}
    cast({{ field }} as {{ spark_type }})
{%- endmacro %}

{#- dbt-spark's listagg drops `order by` (a warning, then any order): sort the collected
    values instead, so the list reads the same on Spark as on DuckDB. Only ordering by the
    measure itself, ascending, is needed here. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if order_by_clause and order_by_clause | trim | lower not in [
        'order by ' ~ measure | trim | lower, 'order by ' ~ measure | trim | lower ~ ' asc'
    ] -%}
        {{ exceptions.raise_compiler_error(
            "listagg on Spark orders by the measure only, not: " ~ order_by_clause
        ) }}
    {%- endif -%}
    {%- set collected = 'array_sort(collect_list(' ~ measure ~ '))' if order_by_clause
        else 'collect_list(' ~ measure ~ ')' -%}
    {%- if limit_num -%}
        {%- set collected = 'slice(' ~ collected ~ ', 1, ' ~ limit_num ~ ')' -%}
    {%- endif -%}
    array_join({{ collected }}, {{ delimiter_text }})
{%- endmacro %}
