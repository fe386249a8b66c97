"""Run the dbt project in `dbt_project/` through dbt's Python API (`dbtRunner`).

    from warehouse.dbt_runner import build
    result = build("warehouse/carbon.duckdb")          # BuildResult(success, failures, seconds)

The DuckDB file reaches dbt through a private copy of `profiles.yml` naming its absolute
path (the process environment is never changed). Every build
parses the project strictly first, because dbt 1.11 on DuckDB accepts a misspelt config
key (`materialzied`) without a word: unknown config keys, `dbt_project.yml` paths that
match nothing and deprecated syntax fail the build. The parsed manifest is then handed to
the build, so the project is parsed once.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.paths import DBT_PROJECT_DIR

# Warnings that mean the project is not what its author wrote: promoted to errors at parse.
# Deprecations (e.g. test args outside `arguments:`), plus a dbt_project.yml path that
# applies to nothing and a source table that matches nothing.
STRICT_EXTRA_WARNINGS = ("UnusedResourceConfigPath", "UnusedTables")


def strict_warnings() -> list[str]:
    from dbt.events import types

    deprecations = [name for name in dir(types) if name.endswith("Deprecation")]
    return sorted(deprecations) + list(STRICT_EXTRA_WARNINGS)


# Config keys dbt-duckdb understands that dbt-core files under "extra".
ADAPTER_CONFIG_KEYS: frozenset[str] = frozenset()

ProgressCallback = Callable[[str, str, float | None], None]


@dataclass
class BuildResult:
    """The outcome of a dbt invocation: `failures` holds one readable line per problem."""

    success: bool
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


class DbtProjectError(RuntimeError):
    """The project does not parse strictly (typo in a config key, unused config path ...)."""


@contextlib.contextmanager
def _profiles_dir(db_path: str | os.PathLike, project_dir=DBT_PROJECT_DIR) -> Iterator[Path]:
    """A private profiles dir whose profile names the DuckDB file `db_path` literally.

    The checkout's `profiles.yml` (which plain `dbt` uses, reading `CARBONWH_DB`) is copied
    with its path replaced, so an invocation never changes this process's environment.
    """
    import tempfile

    import yaml

    path = Path(db_path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    profiles = yaml.safe_load((Path(project_dir) / "profiles.yml").read_text(encoding="utf-8"))
    for profile in profiles.values():
        for output in profile.get("outputs", {}).values():
            output["path"] = str(path)
    with tempfile.TemporaryDirectory(prefix="carbonwh-dbt-profile-") as directory:
        (Path(directory) / "profiles.yml").write_text(yaml.safe_dump(profiles), encoding="utf-8")
        yield Path(directory)


def _common_args(target_path: str | os.PathLike | None, project_dir=DBT_PROJECT_DIR) -> list[str]:
    args = ["--project-dir", str(project_dir)]
    if target_path is not None:
        args += ["--target-path", str(Path(target_path).resolve())]
    return args


def _global_args(target_path, quiet: bool) -> list[str]:
    args = ["--no-use-colors", "--no-send-anonymous-usage-stats"]
    if quiet:  # failures are reported through BuildResult.failures
        args += ["--log-level", "none"]
    if target_path is not None:
        args += ["--log-path", str(Path(target_path).resolve() / "logs")]
    return args


def run_dbt(
    args: Sequence[str],
    db_path: str | os.PathLike,
    *,
    callbacks: Sequence[Callable] = (),
    manifest=None,
):
    """Invoke dbt with `args` (e.g. ["docs", "generate"]) against the warehouse `db_path`.

    Adds --project-dir when absent, and a --profiles-dir whose profile points at `db_path`.
    Returns dbt's `dbtRunnerResult`.
    """
    from dbt.cli.main import dbtRunner

    args = list(args)
    if "--project-dir" not in args:
        args += ["--project-dir", str(DBT_PROJECT_DIR)]
    with _profiles_dir(db_path) as profiles_dir:
        if "--profiles-dir" not in args:
            args += ["--profiles-dir", str(profiles_dir)]
        try:
            return dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(args)
        finally:
            _release_duckdb()


def _release_duckdb() -> None:
    """Close the DuckDB file dbt-duckdb keeps open in this process after an invocation.

    Otherwise the warehouse stays locked read-write until the process exits, and a
    read-only connection of the same process (a report after a build) is refused.
    """
    import gc

    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    try:
        environment = DuckDBConnectionManager.env()  # raises when dbt opened nothing
    except Exception:
        environment = None
    if environment is not None:
        with contextlib.suppress(Exception):
            environment.close()
    DuckDBConnectionManager.close_all_connections()
    gc.collect()


def unknown_config_keys(manifest) -> list[str]:
    """`<node>: unknown config key(s) ...` for every node whose config holds unknown keys."""
    problems = []
    nodes = list(manifest.nodes.values()) + list(manifest.sources.values())
    for node in nodes:
        extra = set(getattr(node.config, "_extra", {}) or {}) - ADAPTER_CONFIG_KEYS
        if extra:
            where = getattr(node, "original_file_path", "") or node.unique_id
            problems.append(
                f"{node.unique_id} ({where}): unknown config key(s) {', '.join(sorted(extra))}"
            )
    return sorted(problems)


def parse_strict(
    db_path: str | os.PathLike,
    *,
    target_path=None,
    vars: dict | None = None,
    project_dir: str | os.PathLike = DBT_PROJECT_DIR,
    target: str | None = None,
) -> tuple[object, list[str]]:
    """Parse the project with the warnings that matter as errors; (manifest, problems)."""
    weo = json.dumps({"error": strict_warnings()})
    args = _global_args(target_path, True) + ["--warn-error-options", weo, "parse"]
    args += _common_args(target_path, project_dir)
    if target:
        args += ["--target", target]
    if vars:
        args += ["--vars", json.dumps(vars)]
    result = run_dbt(args, db_path)
    if not result.success or result.result is None:
        message = str(result.exception) if result.exception else "dbt parse failed"
        return None, [f"dbt parse: {message}"]
    problems = unknown_config_keys(result.result)
    return result.result, problems


def _progress_callback(on_progress: ProgressCallback | None) -> list[Callable]:
    if on_progress is None:
        return []

    def callback(event) -> None:
        if event.info.name != "NodeFinished":
            return
        info = event.data.node_info
        run = event.data.run_result
        name = f"{info.resource_type} {info.node_name}"
        on_progress(name, run.status or info.node_status, run.execution_time or None)

    return [callback]


STAGES = (
    ("seed ", "seeds"),
    ("model stg_", "staging models"),
    ("model int_", "intermediate models"),
    ("model ", "marts"),
)


def stage_progress(say: Callable[[str], None] | None) -> ProgressCallback | None:
    """An `on_progress` that says one line as dbt reaches each stage (seeds, staging,
    intermediate, marts, tests), for long builds run without per-node output."""
    if say is None:
        return None
    seen: set[str] = set()

    def progress(node: str, status: str, seconds: float | None) -> None:
        stage = next((label for prefix, label in STAGES if node.startswith(prefix)), "tests")
        if stage not in seen:
            seen.add(stage)
            say(f"dbt build: {stage} ...")

    return progress


def _failures(result) -> list[str]:
    failures = []
    run_results = getattr(result.result, "results", None) or []
    for item in run_results:
        status = str(getattr(item.status, "value", item.status))
        if status in {"error", "fail", "runtime error"}:
            node = item.node
            where = getattr(node, "original_file_path", "")
            message = (item.message or status).strip()
            failures.append(f"{node.resource_type} {node.name} ({where}): {message}")
    if result.exception is not None:
        failures.append(f"dbt: {result.exception}")
    if not result.success and not failures:
        failures.append("dbt build failed (see dbt_project/logs/dbt.log)")
    return failures


def is_lock_failure(result: BuildResult) -> bool:
    """The build failed because another process held the DuckDB file."""
    text = " ".join(result.failures).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _counts(result) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in getattr(result.result, "results", None) or []:
        status = str(getattr(item.status, "value", item.status))
        counts[status] = counts.get(status, 0) + 1
    return counts


def build(
    db_path: str | os.PathLike,
    *,
    select: str | Sequence[str] | None = None,
    full_refresh: bool = False,
    quiet: bool = False,
    vars: dict | None = None,
    target_path: str | os.PathLike | None = None,
    on_progress: ProgressCallback | None = None,
    target: str | None = None,
    exclude: Sequence[str] = (),
) -> BuildResult:
    """`dbt build` of the project into the DuckDB file `db_path` (seeds, models, tests).

    `select`: dbt selection (a string or a list). `target_path`: where dbt writes its
    artifacts (default `dbt_project/target`; give a private directory when several builds
    may run at once). `on_progress(node, status, seconds)` is called as each node finishes.
    `target`: a profiles.yml output other than the default `duckdb` (`spark`: see
    warehouse/spark_target.py). `exclude`: dbt selectors to leave out.
    """
    started = time.perf_counter()
    manifest, problems = parse_strict(db_path, target_path=target_path, vars=vars, target=target)
    if problems:
        return BuildResult(False, problems, time.perf_counter() - started)
    args = _global_args(target_path, quiet) + ["build"] + _common_args(target_path)
    if select:
        args += ["--select", *([select] if isinstance(select, str) else list(select))]
    if exclude:
        args += ["--exclude", *exclude]
    if target:
        args += ["--target", target]
    if full_refresh:
        args.append("--full-refresh")
    if vars:
        args += ["--vars", json.dumps(vars)]
    result = run_dbt(args, db_path, callbacks=_progress_callback(on_progress), manifest=manifest)
    return BuildResult(
        success=bool(result.success),
        failures=[] if result.success else _failures(result),
        seconds=time.perf_counter() - started,
        counts=_counts(result),
    )
