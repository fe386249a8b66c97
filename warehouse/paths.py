"""Where things live: repository root, warehouse file, results root, dbt project.

The CLI runs from a checkout (editable install), so paths are anchored on the repository.
Relative paths given by a user are resolved against the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

# The results and data roots follow the training runner's conventions; one definition.
from models_tf.naming import resolve_data_dir, resolve_results_dir

__all__ = ["resolve_data_dir", "resolve_db", "resolve_results_dir"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_DB = REPO_ROOT / "warehouse" / "carbon.duckdb"


def resolve_db(db: str | os.PathLike | None = None) -> Path:
    """`--db`, else `CARBONWH_DB`, else `warehouse/carbon.duckdb`; always absolute."""
    value = db or os.environ.get("CARBONWH_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB
