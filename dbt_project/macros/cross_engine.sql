{#-
    The few constructs DuckDB and Spark spell differently, one macro each, dispatched per
    adapter (`default__` is DuckDB's spelling, `spark__` Spark's). Models use only these.
    sqlfluff renders without an adapter: it lints the default implementation.
-#}

{#- True when `text` parses as JSON (a guard: DuckDB's JSON functions raise on bad JSON). -#}
{% macro json_valid(text) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('json_valid', 'carbonwh')(text)) }}
    {%- else -%}
        {{ default__json_valid(text) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__json_valid(text) -%}
    json_valid({{ text }})
{%- endmacro %}

{% macro spark__json_valid(text) -%}
    try_parse_json({{ text }}) is not null
{%- endmacro %}

{#- The value at JSONPath `path` as text (strings unquoted); NULL when absent. -#}
{% macro json_text(json, path) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('json_text', 'carbonwh')(json, path)) }}
    {%- else -%}
        {{ default__json_text(json, path) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__json_text(json, path) -%}
    json_extract_string({{ json }}, {{ path }})
{%- endmacro %}

{% macro spark__json_text(json, path) -%}
    get_json_object({{ json }}, {{ path }})
{%- endmacro %}

{#- The JSON value at `path`, kept as JSON (an object or array stays whole). -#}
{% macro json_value(json, path) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('json_value', 'carbonwh')(json, path)) }}
    {%- else -%}
        {{ default__json_value(json, path) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__json_value(json, path) -%}
    json_extract({{ json }}, {{ path }})
{%- endmacro %}

{% macro spark__json_value(json, path) -%}
    get_json_object({{ json }}, {{ path }})
{%- endmacro %}

{#- The kind of the JSON value at `path` ('$' = the whole document): 'number', 'array',
    'object', 'string', 'boolean' or 'null'; NULL when the path is absent. -#}
{% macro json_kind(json, path="'$'") -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('json_kind', 'carbonwh')(json, path)) }}
    {%- else -%}
        {{ default__json_kind(json, path) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__json_kind(json, path) -%}
    case json_type({{ json }}, {{ path }})
        when 'BIGINT' then 'number'
        when 'UBIGINT' then 'number'
        when 'DOUBLE' then 'number'
        when 'ARRAY' then 'array'
        when 'OBJECT' then 'object'
        when 'VARCHAR' then 'string'
        when 'BOOLEAN' then 'boolean'
        when 'NULL' then 'null'
    end
{%- endmacro %}

{% macro spark__json_kind(json, path) -%}
    case
        when schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) in ('BIGINT', 'DOUBLE')
            or schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) like 'DECIMAL%'
            then 'number'
        when schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) like 'ARRAY%'
            then 'array'
        when schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) like 'OBJECT%'
            then 'object'
        when schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) = 'STRING'
            then 'string'
        when schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) = 'BOOLEAN'
            then 'boolean'
        when schema_of_variant(variant_get(try_parse_json({{ json }}), {{ path }})) = 'VOID'
            then 'null'
    end
{%- endmacro %}

{#- Length of the JSON array at `path`; NULL when the path is absent. -#}
{% macro json_array_length(json, path="'$'") -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('json_array_length', 'carbonwh')(json, path)) }}
    {%- else -%}
        {{ default__json_array_length(json, path) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__json_array_length(json, path) -%}
    json_array_length({{ json }}, {{ path }})
{%- endmacro %}

{% macro spark__json_array_length(json, path) -%}
    json_array_length(get_json_object({{ json }}, {{ path }}))
{%- endmacro %}

{#- One row per integer 0 .. count - 1 of each input row, as `alias.column`: a join
    clause placed after the FROM item (rows with count <= 0 must be filtered out). -#}
{% macro join_integer_range(count, alias, column) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('join_integer_range', 'carbonwh')(count, alias, column)) }}
    {%- else -%}
        {{ default__join_integer_range(count, alias, column) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__join_integer_range(count, alias, column) -%}
    cross join lateral (  -- noqa: ST05
        select unnest(range(cast({{ count }} as bigint))) as {{ column }}
    ) as {{ alias }}
{%- endmacro %}

{% macro spark__join_integer_range(count, alias, column) -%}
    lateral view explode(sequence(0, cast({{ count }} as int) - 1)) {{ alias }} as {{ column }}
{%- endmacro %}

{#- timestamp + seconds (a double; fractions kept). -#}
{% macro add_seconds(timestamp, seconds) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('add_seconds', 'carbonwh')(timestamp, seconds)) }}
    {%- else -%}
        {{ default__add_seconds(timestamp, seconds) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__add_seconds(timestamp, seconds) -%}
    {{ dbt.dateadd('second', seconds, timestamp) }}
{%- endmacro %}

{#- dbt-spark's dateadd asserts a non-NULL timestamp and drops sub-second parts. -#}
{% macro spark__add_seconds(timestamp, seconds) -%}
    timestampadd(second, {{ seconds }}, {{ timestamp }})
{%- endmacro %}

{#- True when `text` contains a match of the regex `pattern` (a SQL string literal). -#}
{% macro regex_matches(text, pattern) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('regex_matches', 'carbonwh')(text, pattern)) }}
    {%- else -%}
        {{ default__regex_matches(text, pattern) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__regex_matches(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(text, pattern) -%}
    {{ text }} rlike {{ pattern }}
{%- endmacro %}

{#- The text of `field` in each element of the JSON array at `array_path`, as a list. -#}
{% macro json_field_texts(json, array_path, field) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('json_field_texts', 'carbonwh')(json, array_path, field)) }}
    {%- else -%}
        {{ default__json_field_texts(json, array_path, field) }}
    {%- endif -%}
{%- endmacro %}

{#- DuckDB returns a list only for a constant wildcard path: build that literal here
    from `array_path` (a quoted SQL literal such as '$.data_history'). -#}
{% macro default__json_field_texts(json, array_path, field) -%}
    {%- set wildcard_path = "'" ~ (array_path | trim)[1:-1] ~ "[*]." ~ field ~ "'" -%}
    json_extract_string({{ json }}, {{ wildcard_path }})
{%- endmacro %}

{% macro spark__json_field_texts(json, array_path, field) -%}
    transform(
        from_json(get_json_object({{ json }}, {{ array_path }}), 'array<string>'),
        element -> get_json_object(element, '$.{{ field }}')
    )
{%- endmacro %}

{#- True when the list holds `value`; NULL when the list is NULL. -#}
{% macro list_has(list, value) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('list_has', 'carbonwh')(list, value)) }}
    {%- else -%}
        {{ default__list_has(list, value) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__list_has(list, value) -%}
    list_contains({{ list }}, {{ value }})
{%- endmacro %}

{% macro spark__list_has(list, value) -%}
    array_contains({{ list }}, {{ value }})
{%- endmacro %}

{#- Distinct non-NULL values of the list (NULL = empty) plus `value`. -#}
{% macro count_distinct_in_list(list, value) -%}
    {%- if adapter is defined -%}
        {{ return(adapter.dispatch('count_distinct_in_list', 'carbonwh')(list, value)) }}
    {%- else -%}
        {{ default__count_distinct_in_list(list, value) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__count_distinct_in_list(list, value) -%}
    len(list_distinct(list_concat({{ list }}, list_value({{ value }}))))
{%- endmacro %}

{% macro spark__count_distinct_in_list(list, value) -%}
    size(array_distinct(filter(
        concat(coalesce({{ list }}, cast(array() as array<string>)), array({{ value }})),
        item -> item is not null
    )))
{%- endmacro %}
