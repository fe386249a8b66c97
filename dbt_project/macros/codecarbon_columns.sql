{#-
    The raw CodeCarbon table is wide: one text column per header name ever seen. A column
    exists only if some loaded file had it (`energy_kwh`, `duration_sec` appear in no real
    file), so the coalesce over variants is built from the columns present at run time.
-#}
{% macro columns_present(relation) -%}
    {%- set names = {} -%}
    {%- if execute and adapter is defined -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do names.update({column.name | lower: column.name}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if adapter is defined -%}
        {{ return(names) }}
    {%- endif -%}
{%- endmacro %}

{#- coalesce(trimmed, non-empty text of the first variant present), else a typed NULL. -#}
{% macro coalesce_text(present, variants) -%}
    {%- set found = [] -%}
    {%- for variant in variants -%}
        {%- if variant in present -%}
            {%- do found.append("nullif(trim(" ~ adapter.quote(present[variant]) ~ "), '')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if found | length == 0 -%}
        cast(null as {{ dbt.type_string() }})
    {%- elif found | length == 1 -%}
        {{ found[0] }}
    {%- else -%}
        coalesce({{ found | join(', ') }})
    {%- endif -%}
{%- endmacro %}
