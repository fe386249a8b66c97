"""Where things live: repository root, warehouse file, results root, dbt project.

The CLI runs from a checkout (editable install), so paths are anchored on the repository.
Relative paths given by a user are resolved against the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_DB = REPO_ROOT / "warehouse" / "carbon.duckdb"
CODECARBON_CONFIG = REPO_ROOT / "codecarbon.config"


def resolve_db(db: str | os.PathLike | None = None) -> Path:
    """`--db`, else `CARBONWH_DB`, else `warehouse/carbon.duckdb`; always absolute."""
    value = db or os.environ.get("CARBONWH_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


def resolve_results_dir(results_dir: str | os.PathLike | None = None) -> Path:
    """`--results-dir`, else `CARBONWH_RESULTS_DIR`, else `./Results`; always absolute."""
    value = results_dir or os.environ.get("CARBONWH_RESULTS_DIR") or "Results"
    return Path(value).expanduser().resolve()


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """`--data-dir`, else `CARBONWH_DATA_DIR`, else `./data`; always absolute."""
    value = data_dir or os.environ.get("CARBONWH_DATA_DIR") or "data"
    return Path(value).expanduser().resolve()
