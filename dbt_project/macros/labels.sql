{#- Slice label of the publication tables: "<Country> <Season>", season capitalised. -#}
{% macro slice_label(country, season) -%}
    {{ country }} || ' ' || upper(substr({{ season }}, 1, 1)) || lower(substr({{ season }}, 2))
{%- endmacro %}

{#- Fallback context written when an env variable was missing (docs/training.md). -#}
{% macro is_fallback_context(model, country, season) -%}
    ({{ model }} = 'model' or {{ country }} = 'All' or {{ season }} = 'unknown')
{%- endmacro %}

{#- `DLinear_Model_v2` -> `DLinear`; names outside <Family>_Model[_vN] are kept whole. -#}
{% macro model_family(model) -%}
    regexp_replace({{ model }}, '_Model(_v[0-9]+)?$', '')
{%- endmacro %}

{#- `DLinear_Model_v2` -> `v2`; no suffix means `v1`. -#}
{% macro model_version(model) -%}
    coalesce(nullif(regexp_extract({{ model }}, '_Model_(v[0-9]+)$', 1), ''), 'v1')
{%- endmacro %}

{#- `DLinear_Model_Denmark_winter_run12` -> 12: the integer after the last `run`. -#}
{% macro run_number(run) -%}
    {{ try_cast("nullif(regexp_extract(" ~ run ~ ", 'run([0-9]+)$', 1), '')", 'integer') }}
{%- endmacro %}

{#- x / y, NULL when y is 0 or NULL. -#}
{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullif({{ denominator }}, 0)
{%- endmacro %}

{#- CodeCarbon's project_name as a grouping key; files without one get a visible label. -#}
{% macro project_label(project_name) -%}
    coalesce({{ project_name }}, '(no project_name)')
{%- endmacro %}

{#- A run cell: (source, model, country, season, run); NULL outside the path convention. -#}
{% macro run_cell_key(source, model, country, season, run) -%}
    {{ source }} || '|' || {{ model }} || '/' || {{ country }} || '/' || {{ season }} || '/' || {{ run }}
{%- endmacro %}
