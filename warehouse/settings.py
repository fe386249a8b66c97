"""The CLI's settings, resolved once per command: option > environment > default.

One rule for paths (docs/cli.md): a path given as an option or in an environment variable
is relative to the current directory; a default is relative to the project root (the
checkout), so `carbonwh` run from any folder reads and writes the same warehouse, results,
data and report folders.

    settings = resolve(db=db, results_dirs=results_dir)
    settings.db                     # absolute Path of the warehouse file
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from models_tf.naming import PROJECT_ROOT

REPO_ROOT = PROJECT_ROOT
DEFAULTS = {
    "db": ("CARBONWH_DB", "warehouse/carbon.duckdb"),
    "results_dir": ("CARBONWH_RESULTS_DIR", "Results"),
    "data_dir": ("CARBONWH_DATA_DIR", "data"),
    "report_dir": ("CARBONWH_REPORT_DIR", "reports/out"),
}


def resolve_path(
    name: str, given: str | os.PathLike | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The absolute path of setting `name` ("db", "results_dir", "data_dir", "report_dir")."""
    variable, default = DEFAULTS[name]
    environ = os.environ if environ is None else environ
    value = given or (environ.get(variable) or "").strip()
    if value:
        return Path(value).expanduser().resolve()  # relative to the current directory
    return REPO_ROOT / default


@dataclass(frozen=True)
class Settings:
    db: Path
    results_dirs: tuple[Path, ...]
    data_dir: Path
    report_dir: Path

    def announce(self, say: Callable[[str], None], *, results: bool = True) -> None:
        """Tell where a writing command reads and writes, before it starts."""
        say(f"warehouse: {self.db}")
        if results:
            say(f"results: {', '.join(str(r) for r in self.results_dirs)}")


def resolve(
    *,
    db: str | os.PathLike | None = None,
    results_dirs: Iterable[str | os.PathLike] | str | os.PathLike | None = None,
    data_dir: str | os.PathLike | None = None,
    report_dir: str | os.PathLike | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting once; commands pass the result down."""
    if isinstance(results_dirs, (str, os.PathLike)):
        results_dirs = [results_dirs]
    roots = [resolve_path("results_dir", r, environ) for r in results_dirs or []]
    return Settings(
        db=resolve_path("db", db, environ),
        results_dirs=tuple(roots) or (resolve_path("results_dir", None, environ),),
        data_dir=resolve_path("data_dir", data_dir, environ),
        report_dir=resolve_path("report_dir", report_dir, environ),
    )
