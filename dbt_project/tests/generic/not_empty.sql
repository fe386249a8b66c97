{#- A model with no rows fails: invariants must not pass on empty marts. -#}
{% test not_empty(model) %}
    select 1 as no_rows
    from (select count(*) as n_rows from {{ model }}) as counted
    where n_rows = 0
{% endtest %}
