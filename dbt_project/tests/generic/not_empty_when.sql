{#- The model may be empty only when `upstream` (rows matching `upstream_where`) is empty too: a
    warehouse without run cells builds green, a broken join over existing runs does not. -#}
{% test not_empty_when(model, upstream, upstream_where='1 = 1') %}
    select 1 as no_rows
    from (select count(*) as n_rows from {{ model }}) as counted
    where
        n_rows = 0
        and exists (select 1 from {{ upstream }} where {{ upstream_where }})
{% endtest %}
