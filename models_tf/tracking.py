"""CodeCarbon tracking for one training run.

`emissions_tracker(run_name)` is a context manager that yields `(tracker, csv_path)`: an
offline CodeCarbon tracker (no network) writing cumulative rows to
`<results>/emissions/<Model>/<Country>/<season>/<run_name>_emissions.csv`, stopped (so its
final row is written) however the body ends, Ctrl-C included.

Configuration, lowest to highest precedence:
1. `codecarbon.config` of this repository (or the file named by `CARBONWH_CODECARBON_CONFIG`);
2. `CODECARBON_*` environment variables (prefix stripped, lower-cased);
3. explicit arguments.
`country` is accepted as a synonym of `country_iso_code`, and an ENTSO-E/ISO alpha-2 code
(`DE`) is turned into alpha-3 (`DEU`). CodeCarbon's own `.codecarbon.config` files only
matter for keys none of these set.

CodeCarbon swallows its own exceptions (its `start`/`flush`/`stop` are wrapped in
`suppress`), so failures are detected by what it did: a tracker that could not be created or
started, or no row with its run_id in the CSV. Training then continues, a warning says why,
and `tracker.status` is `missing: <reason>` instead of `measured`.
"""

from __future__ import annotations

import configparser
import contextlib
import csv
import inspect
import logging
import os
import time
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from models_tf import codecarbon_adapter
from models_tf.countries import COUNTRIES
from models_tf.naming import RunContext, resolve_results_dir

REPO_CONFIG = Path(__file__).resolve().parent.parent / "codecarbon.config"
CONFIG_ENV = "CARBONWH_CODECARBON_CONFIG"
SECTION = "codecarbon"
SYNONYMS = {"country": "country_iso_code"}

# Lowest layer: keep CodeCarbon quiet unless asked otherwise.
DEFAULTS = {"log_level": "error"}
# What the Results tree and the per-epoch overlay rely on; not configurable.
FORCED = {"on_csv_write": "append", "allow_multiple_runs": True}
# CodeCarbon >= 3.3 replaces the save_to_* flags by `output_methods`.
_SAVE_FLAGS = {
    "save_to_api": "api",
    "save_to_logger": "logger",
    "save_to_prometheus": "prometheus",
    "save_to_logfire": "logfire",
}

_FLOAT_KEYS = {
    "measure_power_secs",
    "pue",
    "wue",
    "force_cpu_power",
    "force_ram_power",
    "force_carbon_intensity_g_co2e_kwh",
}
_INT_KEYS = {"api_call_interval"}
_BOOL_KEYS = {
    "save_to_file",
    "save_to_api",
    "save_to_logger",
    "save_to_prometheus",
    "save_to_logfire",
    "allow_multiple_runs",
    "rapl_include_dram",
    "rapl_prefer_psys",
    "force_mode_cpu_load",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class TrackingConfigError(ValueError):
    """A CodeCarbon setting that cannot be used (names the source and the key)."""


class EmissionsMissingWarning(UserWarning):
    """CodeCarbon could not measure this run; training went on without emissions."""


def config_path() -> Path:
    """The carbonwh CodeCarbon config: `CARBONWH_CODECARBON_CONFIG`, else the repo's file."""
    value = os.environ.get(CONFIG_ENV, "").strip()
    return Path(value).expanduser() if value else REPO_CONFIG


def read_config_file(path: Path) -> dict[str, str]:
    """The `[codecarbon]` section of an INI file; {} when the file does not exist."""
    if not path.is_file():
        return {}
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        raise TrackingConfigError(f"{path}: not a valid INI file ({exc})") from None
    if not parser.has_section(SECTION):
        return {}
    return {key.lower(): value.strip() for key, value in parser.items(SECTION)}


def env_config(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """`CODECARBON_*` variables, prefix stripped and lower-cased, like CodeCarbon does."""
    environ = os.environ if environ is None else environ
    prefix = "codecarbon_"
    return {
        key[len(prefix) :].lower(): value
        for key, value in environ.items()
        if key.lower().startswith(prefix) and len(key) > len(prefix)
    }


def _tracker_parameters() -> set[str]:
    from codecarbon.emissions_tracker import BaseEmissionsTracker, OfflineEmissionsTracker

    names = set(inspect.signature(BaseEmissionsTracker.__init__).parameters)
    names |= set(inspect.signature(OfflineEmissionsTracker.__init__).parameters)
    return names - {"self", "args", "kwargs"}


def _typed(key: str, value: Any, source: str) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    try:
        if key in _FLOAT_KEYS:
            return float(text)
        if key in _INT_KEYS:
            return int(text)
    except ValueError:
        raise TrackingConfigError(f"{source}: {key} = {value!r} is not a number") from None
    if key in _BOOL_KEYS:
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise TrackingConfigError(f"{source}: {key} = {value!r} is not true/false")
    if key == "country_iso_code" and len(text) == 2 and text.upper() in COUNTRIES:
        return COUNTRIES[text.upper()][1]
    return text


def tracker_settings(
    explicit: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Merged, typed CodeCarbon arguments: defaults < config file < env < explicit.

    Raises `TrackingConfigError` for a value of the wrong type. Keys CodeCarbon's tracker
    does not accept are dropped with a warning (config file, explicit) or ignored (env).
    """
    path = config_file if config_file is not None else config_path()
    layers: list[tuple[str, Mapping[str, Any]]] = [
        ("defaults", DEFAULTS),
        (str(path), read_config_file(path)),
        ("environment CODECARBON_*", env_config(environ)),
        ("arguments", {k: v for k, v in (explicit or {}).items() if v is not None}),
    ]
    known = _tracker_parameters()
    merged: dict[str, Any] = {}
    for source, layer in layers:
        for raw_key, value in layer.items():
            key = SYNONYMS.get(raw_key.lower(), raw_key.lower())
            if key not in known:
                if not source.startswith("environment"):
                    warnings.warn(
                        f"{source}: CodeCarbon has no setting {raw_key!r}; ignored", stacklevel=2
                    )
                continue
            merged[key] = _typed(key, value, source)
    merged.update(FORCED)
    _force_csv_output(merged, known)
    return merged


def _force_csv_output(settings: dict[str, Any], known: set[str]) -> None:
    """Always write the CSV; keep any other outputs asked for."""
    if "output_methods" not in known:
        settings["save_to_file"] = True
        return
    methods = settings.pop("output_methods", None) or []
    if isinstance(methods, str):
        methods = methods.split(",")
    methods = [str(getattr(m, "value", m)).strip().lower() for m in methods]
    methods += [name for flag, name in _SAVE_FLAGS.items() if settings.pop(flag, False)]
    settings.pop("save_to_file", None)
    settings["output_methods"] = ",".join(dict.fromkeys(["csv", *filter(None, methods)]))


class _CodeCarbonLog(logging.Filter):
    """Collects the exceptions CodeCarbon logs (and swallows); hides its chatter."""

    def __init__(self, show_level: int):
        super().__init__()
        self.show_level = show_level
        self.errors: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            self.errors.append(_describe(exc))
        return record.levelno >= self.show_level


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else repr(exc)


def _level_number(level: Any) -> int:
    if isinstance(level, int):
        return level
    number = logging.getLevelName(str(level).upper())
    return number if isinstance(number, int) else logging.ERROR


class SafeTracker:
    """A CodeCarbon `OfflineEmissionsTracker` that never breaks the training it measures.

    Attribute access falls through to the CodeCarbon tracker (`tracker.run_id`, ...).
    `flush()` returns the cumulative snapshot written (`emissions_kg`, `energy_kwh`,
    `duration_s`) or None; `status` is `measured` or `missing: <reason>` once stopped.
    """

    def __init__(self, settings: Mapping[str, Any], csv_path: Path):
        self.settings = dict(settings)
        self.csv_path = Path(csv_path)
        self.problems: list[str] = []
        self._inner = None
        self._stopped = False
        self._status: str | None = None
        self._log = _CodeCarbonLog(_level_number(self.settings.get("log_level", "error")))

    # -- CodeCarbon calls, each guarded -------------------------------------------------
    @contextlib.contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        before = len(self._log.errors)
        try:
            yield
        except Exception as exc:  # CodeCarbon must never break training
            self._log.errors.append(_describe(exc))
        finally:
            # CodeCarbon's logger level is reset by each tracker it creates.
            logging.getLogger("codecarbon").setLevel(min(logging.WARNING, self._log.show_level))
            for error in self._log.errors[before:]:
                self.problems.append(f"CodeCarbon {action} failed ({error})")

    def _listen(self, on: bool) -> None:
        """Filter CodeCarbon's log from start to stop (its sampling thread logs too)."""
        logger = logging.getLogger("codecarbon")
        if on:
            logger.addFilter(self._log)
            logger.setLevel(min(logging.WARNING, self._log.show_level))
        else:
            logger.removeFilter(self._log)

    def start(self) -> SafeTracker:
        self._listen(True)
        with self._guard("setup"):
            from codecarbon import OfflineEmissionsTracker

            self.csv_path.parent.mkdir(parents=True, exist_ok=True)
            self._inner = OfflineEmissionsTracker(
                **self.settings,
                output_dir=str(self.csv_path.parent),
                output_file=self.csv_path.name,
            )
        if self.problems:  # a half-built tracker would only fail again
            self._inner = None
        if self._inner is None:
            return self
        with self._guard("start"):
            self._inner.start()
        if codecarbon_adapter.started(self._inner) is False and not self.problems:
            self.problems.append("CodeCarbon start failed (tracker did not start)")
        return self

    @property
    def running(self) -> bool:
        return (
            self._inner is not None
            and not self._stopped
            and codecarbon_adapter.start_time(self._inner) is not None
        )

    def flush(self) -> dict[str, float] | None:
        """Write a cumulative row now; return what it holds (None when nothing was written)."""
        if not self.running:
            return None
        emissions = None
        with self._guard("flush"):
            emissions = self._inner.flush()
        if emissions is None:
            return None
        return self._snapshot(emissions)

    def _snapshot(self, emissions: float) -> dict[str, float]:
        energy = codecarbon_adapter.energy_kwh(self._inner)
        started = codecarbon_adapter.start_time(self._inner)
        return {
            "emissions_kg": float(emissions),
            "energy_kwh": energy,
            "duration_s": time.perf_counter() - started if started is not None else None,
        }

    def stop(self) -> None:
        if self._stopped:
            return
        try:
            if self._inner is not None:
                with self._guard("stop"):
                    self._inner.stop()
        finally:
            self._stopped = True
            self._listen(False)

    # -- results -----------------------------------------------------------------------
    @property
    def run_id(self) -> str | None:
        value = getattr(self._inner, "run_id", None) if self._inner is not None else None
        return str(value) if value else None

    def rows(self) -> list[dict[str, str]]:
        """This execution's rows in the CSV (those with its run_id)."""
        run_id = self.run_id
        if run_id is None or not self.csv_path.is_file():
            return []
        with self.csv_path.open(newline="", encoding="utf-8", errors="replace") as handle:
            return [row for row in csv.DictReader(handle) if row.get("run_id") == run_id]

    @property
    def status(self) -> str:
        """`measured` when the CSV holds a row of this run_id, else `missing: <reason>`."""
        if self._status is None:
            if self.rows():
                self._status = "measured"
            elif self.problems:
                self._status = f"missing: {self.problems[0]}"
            else:
                self._status = f"missing: CodeCarbon wrote no row to {self.csv_path.name}"
        return self._status

    def __getattr__(self, name: str) -> Any:
        inner = self.__dict__.get("_inner")
        if inner is None:
            raise AttributeError(name)
        return getattr(inner, name)


def emissions_csv_path(
    run_name: str,
    output_file: str | os.PathLike | None = None,
    *,
    results_dir: str | os.PathLike | None = None,
    context: RunContext | None = None,
) -> Path:
    """Where the tracker writes: the Results convention, or `output_file`.

    A bare `output_file` name goes into the conventional directory; a path with a
    directory part is used as given.
    """
    context = context or RunContext.resolve()
    default = context.emissions_csv(resolve_results_dir(results_dir), run_name)
    if output_file is None:
        return default
    output = Path(output_file).expanduser()
    if output.parent == Path("."):
        return default.parent / output.name
    return output.resolve()


@contextlib.contextmanager
def emissions_tracker(
    run_name: str,
    output_file: str | os.PathLike | None = None,
    measure_power_secs: float | None = None,
    *,
    results_dir: str | os.PathLike | None = None,
    context: RunContext | None = None,
    **codecarbon_args: Any,
) -> Iterator[tuple[SafeTracker, Path]]:
    """Track the body with CodeCarbon; yields `(tracker, csv_path)`.

    `run_name` (e.g. `DLinear_Model_Denmark_winter_run1`) becomes CodeCarbon's `project_name`
    (not CodeCarbon's `task_name`, which names a task of its tasks API). The tracker is stopped,
    writing its final cumulative row, whether the body returns, raises or is interrupted.
    When CodeCarbon cannot measure, the body still runs and an `EmissionsMissingWarning`
    says why once the tracker stops.
    """
    csv_path = emissions_csv_path(run_name, output_file, results_dir=results_dir, context=context)
    explicit = {"measure_power_secs": measure_power_secs, **codecarbon_args}
    settings = tracker_settings(explicit)
    settings["project_name"] = run_name
    tracker = SafeTracker(settings, csv_path).start()
    try:
        yield tracker, csv_path
    finally:
        tracker.stop()
        if tracker.status != "measured":
            warnings.warn(
                f"emissions of {run_name} are missing: {tracker.status.removeprefix('missing: ')}",
                EmissionsMissingWarning,
                stacklevel=3,
            )
