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
