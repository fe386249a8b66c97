"""What a path says: file kind by name/location and the (model, country, season, run) context.

Convention (relative to a results root, matched on the LAST five path segments so a root
above `Results/` works too):
    emissions/<Model>/<Country>/<season>/<run>_emissions.csv   (+ backups .csv.bak, .csv_N.bak)
    reports/<Model>/<Country>/<season>/<run>.json
    metrics/<Model>/<Country>/<season>/metrics.json
"""

from __future__ import annotations

import re
from typing import NamedTuple

CSV_NAME = re.compile(r"\.csv(?:\.bak|_\d+\.bak)?$", re.IGNORECASE)
EMISSIONS_NAME = re.compile(r"^(?P<run>.+)_emissions\.csv(?:\.bak|_\d+\.bak)?$")
KIND_DIRS = ("emissions", "reports", "metrics")

CONVENTION = {
    "emissions": "emissions/<Model>/<Country>/<season>/<run>_emissions.csv",
    "reports": "reports/<Model>/<Country>/<season>/<run>.json",
    "metrics": "metrics/<Model>/<Country>/<season>/metrics.json",
}


class Context(NamedTuple):  # a NamedTuple: one per file, cheaper to build than a dataclass
    model: str | None = None
    country: str | None = None
    season: str | None = None
    run: str | None = None
    warning: str | None = None  # set when the path is outside the convention


NO_CONTEXT = Context()


class PathInfo(NamedTuple):
    """All a path says, from one split (the loader asks once per file)."""

    kind: str  # csv | json | other (see name_kind)
    target: str | None  # JSON files: run_report | slice_metrics | ignored (see json_kind)
    reason: str | None  # why a JSON file is ignored
    expect_codecarbon: bool  # see in_emissions_convention
    context: Context  # path context (NO_CONTEXT for ignored and other files)


def classify(path: str) -> PathInfo:
    parts = path.split("/")
    name = parts[-1]
    if name[-4:].lower() == ".csv" or CSV_NAME.search(name):
        emissions = len(parts) >= 5 and parts[-5] == "emissions"
        return PathInfo("csv", None, None, emissions, _context(parts, "emissions"))
    if name[-5:].lower() == ".json":
        target, reason = _json_kind(parts)
        if target == "ignored":
            return PathInfo("json", target, reason, False, NO_CONTEXT)
        kind_dir = "reports" if target == "run_report" else "metrics"
        return PathInfo("json", target, None, False, _context(parts, kind_dir))
    return PathInfo("other", None, None, False, NO_CONTEXT)


def name_kind(path: str) -> str:
    """'csv', 'json' or 'other', from the file name alone."""
    name = path.rsplit("/", 1)[-1]
    if CSV_NAME.search(name):
        return "csv"
    if name.lower().endswith(".json"):
        return "json"
    return "other"


def json_kind(path: str) -> tuple[str, str | None]:
    """(kind, reason-if-ignored) of a JSON file from its location."""
    return _json_kind(path.split("/"))


def _json_kind(parts: list[str]) -> tuple[str, str | None]:
    dirs = parts[:-1]
    if parts[-1] == "metrics.json" and "metrics" in dirs:
        return "slice_metrics", None
    if "reports" in dirs:
        below = len(dirs) - 1 - max(i for i, d in enumerate(dirs) if d == "reports")
        if below >= 1:
            return "run_report", None
        return "ignored", "JSON at the top of reports/ (a summary file, not a run report)"
    return "ignored", "JSON outside reports/<Model>/.../ and metrics/**/metrics.json"


def path_context(path: str, kind_dir: str) -> Context:
    """Context of a file from its path; NULL context plus a warning outside the convention."""
    return _context(path.split("/"), kind_dir)


def _context(parts: list[str], kind_dir: str) -> Context:
    if len(parts) < 5 or parts[-5] != kind_dir:
        return Context(
            warning=f"outside the path convention {CONVENTION[kind_dir]}: model, country, "
            "season and run are NULL"
        )
    model, country, season, name = parts[-4:]
    if kind_dir == "metrics":
        return Context(model, country, season, None)
    if kind_dir == "reports":
        return Context(model, country, season, name[: -len(".json")])
    match = EMISSIONS_NAME.match(name)
    if match is None:
        return Context(
            model,
            country,
            season,
            None,
            warning="file name is not <run>_emissions.csv (or a backup of one): run is NULL",
        )
    return Context(model, country, season, match["run"])


def in_emissions_convention(path: str) -> bool:
    """True when the path is where our own tree keeps CodeCarbon output."""
    parts = path.split("/")
    return len(parts) >= 5 and parts[-5] == "emissions"
