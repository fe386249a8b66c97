{#- Continuous percentile as an aggregate (median = 0.5), dispatched per adapter. -#}
{% macro percentile_cont(expression, fraction) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('percentile_cont', 'carbonwh')(expression, fraction)) }}
    {%- else -%}
        {{ default__percentile_cont(expression, fraction) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{% macro trino__percentile_cont(expression, fraction) -%}
    approx_percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
