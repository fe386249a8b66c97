{#-
    A cast that yields NULL instead of failing, the same on every engine. `dbt.safe_cast`
    is a plain cast on DuckDB (it raises), so this is dispatched per adapter. Text cast to
    a number must look like a plain decimal number first (an integer: digits only): DuckDB
    alone would read '0x10', '1_000' and '1e3' as integers and round '1.5' to 2, Spark
    alone '1.5d' as a double and truncate '1.5' to 1; Spark's try_cast refuses '7.0'.
-#}
{% macro try_cast(expression, data_type) -%}
    {#- sqlfluff renders without an adapter: lint the default implementation. -#}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('try_cast', 'carbonwh')(expression, data_type)) }}
    {%- else -%}
        {{ default__try_cast(expression, data_type) }}
    {%- endif -%}
{%- endmacro %}

{#- The text a cast to `data_type` accepts, as a regex; none = no guard. -#}
{% macro number_pattern(data_type) -%}
    {%- set kind = data_type | trim | lower -%}
    {%- if kind in ('integer', 'int', 'bigint', 'smallint') -%}
        {{ return("^ *[-+]?[0-9]+ *$") }}
    {%- elif kind in ('double', 'float', 'real') or kind.startswith('decimal') -%}
        {{ return("^ *[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)? *$") }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    {%- set pattern = number_pattern(data_type) -%}
    {%- if pattern -%}
        case
            when {{ regex_matches(expression, "'" ~ pattern ~ "'") }}
                then try_cast({{ expression }} as {{ data_type }})
        end
    {%- else -%}
        try_cast({{ expression }} as {{ data_type }})
    {%- endif -%}
{%- endmacro %}

{% macro postgres__try_cast(expression, data_type) -%}
    {#- Postgres has no try_cast: accept plain numbers only. -#}
    case
        when {{ expression }} ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$'
            then cast({{ expression }} as {{ data_type }})
    end
{%- endmacro %}
