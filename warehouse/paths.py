"""Where things live: repository root, warehouse file, results root, dbt project.

The CLI runs from a checkout (editable install). One rule for every path setting
(`warehouse/settings.py`, docs/cli.md): a path given as an option or an environment
variable is relative to the current directory, a default is relative to the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

# The results and data roots follow the training runner's conventions; one definition.
from models_tf.naming import resolve_data_dir, resolve_results_dir
from warehouse.settings import REPO_ROOT, resolve_path

__all__ = ["resolve_data_dir", "resolve_db", "resolve_report_dir", "resolve_results_dir"]

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEFAULT_DB = REPO_ROOT / "warehouse" / "carbon.duckdb"


def resolve_db(db: str | os.PathLike | None = None) -> Path:
    """`--db`, else `CARBONWH_DB`, else `<checkout>/warehouse/carbon.duckdb`; absolute."""
    return resolve_path("db", db)


def resolve_report_dir(out: str | os.PathLike | None = None) -> Path:
    """`--out`, else `CARBONWH_REPORT_DIR`, else `<checkout>/reports/out`; absolute."""
    return resolve_path("report_dir", out)
