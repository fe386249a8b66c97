{#-
    Synthetic runs (trained on generated data, e.g. `make demo`) stay out of the
    publication marts and the regressions unless the var `include_synthetic` is true:
    `dbt build --vars '{include_synthetic: true}'`, or CARBONWH_INCLUDE_SYNTHETIC=true in the
    environment of `carbonwh build` / `carbonwh refresh` (the var wins).
-#}
{% macro include_synthetic() -%}
    {#- sqlfluff renders without dbt's env_var: lint the default. -#}
    {%- set from_env = env_var('CARBONWH_INCLUDE_SYNTHETIC', 'false') if env_var is defined
        else 'false' -%}
    {%- set value = var('include_synthetic', from_env) -%}
    {{ return((value | string | lower) in ('true', '1', 'yes')) }}
{%- endmacro %}

{#- A predicate keeping the rows the publication marts may use. -#}
{% macro publishable(is_synthetic) -%}
    {%- if include_synthetic() -%}
        true
    {%- else -%}
        not coalesce({{ is_synthetic }}, false)
    {%- endif -%}
{%- endmacro %}
