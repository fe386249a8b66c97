{#-
    Text -> double, NULL for anything that is not a finite number ('N/A', '', 'nan', 'inf').
    DuckDB casts 'nan'/'inf' to IEEE values, which would then win every max().
-#}
{% macro to_number(text) -%}
    case
        when lower({{ text }}) not in ('nan', '+nan', '-nan', 'inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity')
            then {{ try_cast(text, 'double') }}
    end
{%- endmacro %}
