{#- True when point `other` dominates point `point` on (mean_mae, mean_emissions_kg):
    no worse on both and strictly better on one. Lower is better for both. -#}
{% macro dominates(other, point) -%}
    {{ other }}.mean_mae <= {{ point }}.mean_mae
    and {{ other }}.mean_emissions_kg <= {{ point }}.mean_emissions_kg
    and (
        {{ other }}.mean_mae < {{ point }}.mean_mae
        or {{ other }}.mean_emissions_kg < {{ point }}.mean_emissions_kg
    )
{%- endmacro %}
