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

{#- Two measured values are the same when both are NULL or they differ by at most 1e-9
    relative (floats re-printed with fewer digits by a copy). Never NULL. -#}
{% macro nearly_equal(a, b) -%}
    coalesce(
        ({{ a }} is null and {{ b }} is null)
        or abs({{ a }} - {{ b }}) <= 1e-9 * greatest(abs({{ a }}), abs({{ b }})),
        false
    )
{%- endmacro %}
