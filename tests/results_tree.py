"""A tiny Results tree as our runner writes it (per-epoch CodeCarbon rows + run reports).

Used by refresh and deploy tests: enough for ingest and a real dbt build.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

HEADER = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
    "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
    "country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
    "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"
    "ram_total_size,tracking_mode,on_cloud,pue"
)


def write_run(
    root: Path,
    model: str,
    country: str,
    season: str,
    run_number: int,
    kg_per_epoch: float = 0.001,
    epochs: int = 3,
    mae: float = 5.0,
    **report_fields,
) -> str:
    """Write one run cell (emissions CSV + run report); returns the run name.

    `report_fields` are added to the run report (e.g. synthetic=True, data_history=[...]).
    """
    run = f"{model}_{country}_{season}_run{run_number}"
    run_id = str(uuid.uuid5(uuid.NAMESPACE_URL, run))
    rows = []
    for epoch in range(1, epochs + 1):
        kg, kwh, seconds = kg_per_epoch * epoch, kg_per_epoch * epoch * 4, 10.0 * epoch
        rows.append(
            f"2025-08-{run_number:02d}T01:00:{epoch:02d},{run},{run_id},exp,{seconds},{kg},"
            f"{kg / seconds},20.0,0.0,5.0,{kwh * 0.8},0.0,{kwh * 0.2},{kwh},Denmark,DNK,,,,"
            "Linux,3.11.9,3.3.2,2,cpu,0,,,,8.0,machine,N,1.0"
        )
    emissions = root / "emissions" / model / country / season / f"{run}_emissions.csv"
    emissions.parent.mkdir(parents=True, exist_ok=True)
    emissions.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    report = {
        "model": model,
        "country": country,
        "season": season,
        "run": run,
        "run_number": run_number,
        "metrics": {"mae": mae, "rmse": mae * 1.3, "mse": (mae * 1.3) ** 2, "mape": 0.1, "r2": 0.5},
        "codecarbon_run_id": run_id,
        "epochs_run": epochs,
        "params": 1000,
        "history": [
            {"epoch": e, "loss": 1.0 / e, "val_loss": 1.2 / e, "emissions_kg": kg_per_epoch * e}
            for e in range(1, epochs + 1)
        ],
        "started_at": f"2025-08-{run_number:02d}T01:00:00",
        "finished_at": f"2025-08-{run_number:02d}T01:00:30",
        **report_fields,
    }
    path = root / "reports" / model / country / season / f"{run}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report), encoding="utf-8")
    return run


def write_tree(root: Path) -> Path:
    """2 models x 2 slices x 2 runs."""
    for m, model in enumerate(("DLinear_Model", "Transformer_Model")):
        for country in ("Denmark", "Germany"):
            for run_number in (1, 2):
                write_run(
                    root,
                    model,
                    country,
                    "summer",
                    run_number,
                    kg_per_epoch=0.001 * (m + 1) * run_number,
                    mae=5.0 + m - 0.1 * run_number,
                )
    return root


# A model name made of every LaTeX and Markdown special character (a directory name too).
SPECIAL_MODEL = r"Odd\_%&#{}$^~ Model"
REPORT_MODELS = ("DLinear_Model", "LSTM_Model_v2", "Transformer_Model", SPECIAL_MODEL)
REPORT_SLICES = (("Denmark", "summer"), ("Denmark", "winter"), ("Germany", "summer"))
REPORT_SLICES += (("Germany", "winter"),)


def append_execution(root: Path, run: str, cell: tuple, total_kg: float, day: int) -> None:
    """Append one re-execution (a new CodeCarbon run_id, one final row) to a run's CSV."""
    model, country, season = cell
    path = root / "emissions" / model / country / season / f"{run}_emissions.csv"
    run_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{run}-{day}"))
    kwh = total_kg * 4
    row = (
        f"2025-08-{day:02d}T01:00:30,{run},{run_id},exp,30.0,{total_kg},{total_kg / 30},"
        f"20.0,0.0,5.0,{kwh * 0.8},0.0,{kwh * 0.2},{kwh},Denmark,DNK,,,,"
        "Linux,3.11.9,3.3.2,2,cpu,0,,,,8.0,machine,N,1.0"
    )
    with path.open("a", encoding="utf-8") as f:
        f.write(row + "\n")


def write_report_tree(
    root: Path, runs_per_cell: int = 2, models=REPORT_MODELS, regression: bool = True
) -> Path:
    """models x 2 countries x 2 seasons x `runs_per_cell` runs, emissions spread over more
    than 10x (mg to g); with `regression`, DLinear_Model/Denmark/summer gets three more
    executions, the newest far above the others (a regression on any sane rule). A file
    that is not CodeCarbon's is quarantined by the ingest."""
    for m, model in enumerate(models):
        for s, (country, season) in enumerate(REPORT_SLICES):
            for run_number in range(1, runs_per_cell + 1):
                write_run(
                    root,
                    model,
                    country,
                    season,
                    run_number,
                    kg_per_epoch=0.0005 * (4**m) * (1 + 0.1 * run_number),
                    mae=5.0 + 0.5 * m + s - 0.1 * run_number,
                )
    if regression:
        cell = ("DLinear_Model", "Denmark", "summer")
        run = f"{'_'.join(cell)}_run1"
        for day, kg in ((10, 0.0017), (11, 0.00168), (12, 0.006)):
            append_execution(root, run, cell, kg, day)
    notes = root / "emissions" / "DLinear_Model" / "Denmark" / "summer" / "notes_emissions.csv"
    notes.write_text("a,b\n1,2\n", encoding="utf-8")
    return root
