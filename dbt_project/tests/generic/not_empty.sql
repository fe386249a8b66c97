{#- A model with no rows fails: invariants must not pass on empty marts.
    `unless_only_synthetic`: a publication mart leaves synthetic runs out (macros/synthetic.sql),
    so it may be empty when every run is synthetic (a demo warehouse). -#}
{% test not_empty(model, unless_only_synthetic=false) %}
    select 1 as no_rows
    from (select count(*) as n_rows from {{ model }}) as counted
    where
        n_rows = 0
{%- if unless_only_synthetic and not include_synthetic() %}
        and exists (select 1 from {{ ref('fct_training_runs') }} where not is_synthetic)
{%- endif %}
{% endtest %}
