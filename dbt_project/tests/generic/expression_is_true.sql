{#- Rows where `expression` is false OR NULL fail (NULL must not pass silently). -#}
{% test expression_is_true(model, expression) %}
    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)
{% endtest %}
