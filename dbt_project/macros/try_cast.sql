{#-
    A cast that yields NULL instead of failing. `dbt.safe_cast` is a plain cast on DuckDB
    (it raises), so this is dispatched per adapter.
-#}
{% macro try_cast(expression, data_type) -%}
    {#- sqlfluff renders without an adapter: lint the default implementation. -#}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('try_cast', 'carbonwh')(expression, data_type)) }}
    {%- else -%}
        {{ default__try_cast(expression, data_type) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    {#- Postgres has no try_cast: accept plain numbers only. -#}
    case
        when {{ expression }} ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$'
            then cast({{ expression }} as {{ data_type }})
    end
{%- endmacro %}
