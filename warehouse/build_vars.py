"""dbt vars given to `carbonwh build` / `refresh --vars`, and the ones the last build used.

`--vars` takes JSON or YAML, as `dbt build --vars` does. A refresh records the vars of each
build it runs in `warehouse.build_vars`; a later refresh without `--vars` builds with the
same ones, so the marts and the report keep agreeing on thresholds such as `top_n`.
"""

from __future__ import annotations

import json

BUILD_VARS_DDL = """
create schema if not exists warehouse;
create table if not exists warehouse.build_vars (
    build_number integer,
    recorded_at timestamp,
    vars_json varchar
);
"""


class BuildVarsError(ValueError):
    """`--vars` is not a JSON/YAML mapping."""


def parse_vars(text: str | None) -> dict | None:
    """The mapping of a `--vars` value; None when not given; BuildVarsError when malformed."""
    if text is None or not text.strip():
        return None
    import yaml

    try:
        value = yaml.safe_load(text)  # YAML is a superset of JSON
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BuildVarsError(f"--vars {text!r} is not JSON or YAML: {problem}") from None
    if not isinstance(value, dict):
        raise BuildVarsError(
            f"--vars {text!r} must be a mapping such as '{{top_n: 5}}', not {type(value).__name__}"
        )
    return value


def remember(con, variables: dict | None) -> None:
    """Record the vars a build ran with (an empty mapping when none)."""
    con.execute(BUILD_VARS_DDL)
    con.execute(
        "insert into warehouse.build_vars "
        "select coalesce(max(build_number), 0) + 1, current_timestamp, ? "
        "from warehouse.build_vars",
        [json.dumps(variables or {}, sort_keys=True)],
    )


def last(con) -> dict | None:
    """The vars of the last recorded build, or None when no build was recorded."""
    exists = con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'warehouse' and table_name = 'build_vars'"
    ).fetchone()[0]
    if not exists:
        return None
    row = con.execute(
        "select vars_json from warehouse.build_vars order by build_number desc limit 1"
    ).fetchone()
    return json.loads(row[0]) if row else None
