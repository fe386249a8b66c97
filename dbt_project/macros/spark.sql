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

{#- dbt-spark's seed loader quotes text values without escaping them (`Cote d'Ivoire`
    breaks the insert): the same loader with `\` and `'` escaped for Spark literals. -#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set bindings = [] -%}
        {%- for row in chunk -%}
            {%- for value in row -%}
                {%- if value is string -%}
                    {%- do bindings.append(value.replace("\\", "\\\\").replace("'", "\\'")) -%}
                {%- else -%}
                    {%- do bindings.append(value) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = column_override.get(col_name, inferred_type) -%}
                    cast({{ get_binding_char() }} as {{ type }})
                    {%- if not loop.last %},{% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}
