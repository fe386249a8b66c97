"""Lint-time stand-ins for dbt's cross-database macros (sqlfluff renders without dbt).

sqlfluff's jinja templater exposes this module as `dbt`; each function returns the SQL the
DuckDB implementation produces, so the linted SQL matches what dbt runs.
"""


def type_string():
    return "varchar"


def type_bigint():
    return "bigint"


def type_timestamp():
    return "timestamp"


def type_float():
    return "double"


def hash(field):  # noqa: A001 - the dbt macro's name
    return f"md5(cast({field} as varchar))"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"({from_date_or_timestamp} + (interval 1 {datepart}) * ({interval}))"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    order = f" within group ({order_by_clause})" if order_by_clause else ""
    return f"listagg({measure}, {delimiter_text}){order}"
