{#- Values outside [min_value, max_value] fail; NULLs are left to not_null. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} < {{ min_value if min_value is not none else 'null' }}
        or {{ column_name }} > {{ max_value if max_value is not none else 'null' }}
{% endtest %}
