"""What a path says: file kind by name/location and the (model, country, season, run) context.

Convention (relative to a results root, matched on the LAST five path segments so a root
above `Results/` works too):
    emissions/<Model>/<Country>/<season>/<run>_emissions.csv   (+ backups .csv.bak, .csv_N.bak)
    reports/<Model>/<Country>/<season>/<run>.json
    metrics/<Model>/<Country>/<season>/metrics.json
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CSV_NAME = re.compile(r"\.csv(?:\.bak|_\d+\.bak)?$", re.IGNORECASE)
EMISSIONS_NAME = re.compile(r"^(?P<run>.+)_emissions\.csv(?:\.bak|_\d+\.bak)?$")
KIND_DIRS = ("emissions", "reports", "metrics")

CONVENTION = {
    "emissions": "emissions/<Model>/<Country>/<season>/<run>_emissions.csv",
    "reports": "reports/<Model>/<Country>/<season>/<run>.json",
    "metrics": "metrics/<Model>/<Country>/<season>/metrics.json",
}


@dataclass(frozen=True, slots=True)
class Context:
    model: str | None = None
    country: str | None = None
    season: str | None = None
    run: str | None = None
    warning: str | None = None  # set when the path is outside the convention


NO_CONTEXT = Context()


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
    parts = path.split("/")
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
    parts = path.split("/")
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
