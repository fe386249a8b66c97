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
