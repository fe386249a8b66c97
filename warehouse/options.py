"""Options shared by several commands, defined once (name, type, help, default style).

def report(db: DbOption = None, wait: WaitOption = 30.0): ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

DbOption = Annotated[
    Optional[Path],  # noqa: UP045 (typer reads the annotation at runtime)
    typer.Option(
        "--db",
        metavar="FILE",
        help="Warehouse file. [default: $CARBONWH_DB, else warehouse/carbon.duckdb]",
        show_default=False,
    ),
]
ResultsDirOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(
        "--results-dir",
        "-r",
        metavar="[LABEL=]DIR",
        help="Results root to read (repeatable); LABEL=DIR names it as a source (default label: "
        "its path). [default: $CARBONWH_RESULTS_DIR, else Results]",
        show_default=False,
    ),
]
ReportDirOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--out",
        metavar="DIR",
        help="Report folder. [default: $CARBONWH_REPORT_DIR, else reports/out]",
        show_default=False,
    ),
]
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        metavar="SECONDS",
        help="How long to wait while another process holds the warehouse, then exit 3.",
    ),
]
VarsOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--vars",
        metavar="YAML",
        help="dbt vars as JSON or YAML, as `dbt build --vars`, e.g. '{top_n: 5}'.",
        show_default=False,
    ),
]
