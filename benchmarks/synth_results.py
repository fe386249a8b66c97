"""A deterministic synthetic Results tree at any scale, for the benchmarks.

The tree follows the Results layout of docs/training.md and the shapes seen in real CodeCarbon output:

- `emissions/<Model>/<Country>/<season>/<run>_emissions.csv`, mostly CodeCarbon 3.x headers
  (3.2.1+ official, the append-path reordering, 3.0.8-3.1.x) with some 2.7-3.0.7 files;
  1-5 cumulative snapshot rows per execution (one per epoch flush), some re-executions
  (a new run_id appended to the same file) and some `.bak` backups holding an older header;
- a few legacy runs named without the country segment, with the published benchmark's
  report layout (Windows paths, no r2);
- `reports/<Model>/<Country>/<season>/<run>.json` for every emissions CSV (our runner's
  fields: metrics, codecarbon_run_id of the last execution, per-epoch history, ...);
- `metrics/<Model>/<Country>/<season>/metrics.json` per slice (the older, slice-level layout).

Files are written as bytes straight from Python strings (no pandas per file) so 100,000
emissions files take well under a minute. The content depends only on the seed and N.
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from models_tf.naming import RunContext

MODELS = tuple(
    f"{family}{suffix}"
    for family in (
        "Autoformer_Model",
        "CNN_LSTM_Model",
        "CarbonCast_Model",
        "Cycle_LSTM_Model",
        "DLinear_Model",
        "EnsembleCI_Model",
        "Hybrid_CNN_CycleLSTM_Attention_Model",
        "Informer_Model",
        "Mamba_Model",
        "N_Beats_Model",
        "PatchTST_Model",
        "Temporal_Fusion_Transformer_Model",
        "Transformer_Model",
    )
    for suffix in ("", "_v2", "_v3")
) + ("Robust_Improved_Hybrid_Model", "Robust_Improved_Hybrid_Model_v2")

COUNTRY_CODES = ("DE", "DK", "ES", "HU", "FR", "NL", "PL", "IT", "SE", "AT")
SEASONS = ("summer", "winter")
EXPERIMENT_ID = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"  # CodeCarbon's default constant

_V2_7 = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
    "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
    "country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
    "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"
    "ram_total_size,tracking_mode,on_cloud,pue"
)
_V3_0_8 = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
    "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
    "water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,"
    "python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,"
    "latitude,ram_total_size,tracking_mode,on_cloud,pue,wue"
)
_V3_2 = (
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
    "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
    "water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,"
    "python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,"
    "latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,"
    "ram_utilization_percent,ram_used_gb,on_cloud,pue,wue"
)
# CodeCarbon's pandas append path drops the all-empty cloud columns and re-adds them at the end.
_V3_2_APPEND = _V3_2.replace("cloud_provider,cloud_region,", "", 1) + ",cloud_provider,cloud_region"


@dataclass(frozen=True)
class HeaderVersion:
    header: str
    versions: tuple[str, ...]
    weight: int


# The mix of main-file headers: mostly 3.x, some older ones.
HEADERS = (
    HeaderVersion(_V3_2, ("3.2.1", "3.2.6", "3.2.8", "3.3.1", "3.3.2"), 70),
    HeaderVersion(_V3_2_APPEND, ("3.2.2", "3.2.3"), 10),
    HeaderVersion(_V3_0_8, ("3.0.8", "3.1.0", "3.1.1"), 10),
    HeaderVersion(_V2_7, ("2.8.3", "3.0.4", "3.0.7"), 10),
)
# Backups: the file was started by an older version, then a newer one changed the header.
BACKUP_HEADERS = (
    HeaderVersion(_V2_7, ("3.0.4", "3.0.7"), 1),
    HeaderVersion(_V3_0_8, ("3.1.1",), 1),
)

# Where the computers ran (CodeCarbon's own location columns) and what they were.
MACHINES = (
    dict(
        country_name="Germany", country_iso_code="DEU", region="bavaria", intensity=0.38,
        os="Linux-6.8.0-51-generic-x86_64-with-glibc2.39", python_version="3.11.11",
        cpu_count="16", cpu_model="AMD EPYC 7B13", gpu_count="", gpu_model="",
        longitude="11.0092", latitude="49.585", ram_total_size="62.79", cpu_w=42.5, gpu_w=0.0,
    ),
    dict(
        country_name="Denmark", country_iso_code="DNK", region="capital region", intensity=0.14,
        os="Windows-10-10.0.26100-SP0", python_version="3.11.11", cpu_count="12",
        cpu_model="AMD Ryzen 5 5600X 6-Core Processor", gpu_count="1",
        gpu_model="1 x NVIDIA GeForce RTX 4070 SUPER", longitude="12.5683",
        latitude="55.6761", ram_total_size="15.912620544433594", cpu_w=65.0, gpu_w=140.0,
    ),
    dict(
        country_name="Spain", country_iso_code="ESP", region="madrid", intensity=0.17,
        os="Linux-5.15.0-122-generic-x86_64-with-glibc2.35", python_version="3.10.12",
        cpu_count="8", cpu_model="Intel(R) Xeon(R) CPU @ 2.20GHz", gpu_count="1",
        gpu_model="1 x Tesla T4", longitude="-3.7038", latitude="40.4168",
        ram_total_size="51.0", cpu_w=42.5, gpu_w=70.0,
    ),
)  # fmt: skip


@dataclass
class SynthSummary:
    root: Path
    files: int = 0  # main emissions CSVs (the N of the benchmark)
    backups: int = 0
    reports: int = 0
    slice_metrics: int = 0
    rows: int = 0
    executions: int = 0
    bytes: int = 0
    paths: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        return {
            "root": str(self.root),
            "files": self.files,
            "backups": self.backups,
            "reports": self.reports,
            "slice_metrics": self.slice_metrics,
            "rows": self.rows,
            "executions": self.executions,
            "bytes": self.bytes,
        }


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _pick_header(rng: random.Random, choices=HEADERS) -> tuple[str, str]:
    version = rng.choices(choices, weights=[h.weight for h in choices])[0]
    return version.header, rng.choice(version.versions)


def _execution_rows(rng, run_name, machine, version, start: datetime, n_snapshots: int):
    """The cumulative snapshot rows of one tracker (one run_id), as name -> text dicts."""
    run_id = _uuid(rng)
    epoch_s = rng.uniform(3.0, 60.0)
    cpu_w, gpu_w, ram_w = machine["cpu_w"], machine["gpu_w"] * rng.uniform(0.05, 0.9), 10.0
    rows = []
    duration = 0.0
    for _ in range(n_snapshots):
        duration += epoch_s * rng.uniform(0.9, 1.1)
        hours = duration / 3600.0
        cpu_e, gpu_e, ram_e = cpu_w * hours / 1000, gpu_w * hours / 1000, ram_w * hours / 1000
        energy = cpu_e + gpu_e + ram_e
        emissions = energy * machine["intensity"]
        when = start + timedelta(seconds=duration)
        rows.append(
            {
                "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S"),
                "project_name": run_name,
                "run_id": run_id,
                "experiment_id": EXPERIMENT_ID,
                "duration": repr(duration),
                "emissions": repr(emissions),
                "emissions_rate": repr(emissions / duration),
                "cpu_power": repr(cpu_w),
                "gpu_power": repr(gpu_w),
                "ram_power": repr(ram_w),
                "cpu_energy": repr(cpu_e),
                "gpu_energy": repr(gpu_e),
                "ram_energy": repr(ram_e),
                "energy_consumed": repr(energy),
                "water_consumed": "0.0",
                "cloud_provider": "",
                "cloud_region": "",
                "codecarbon_version": version,
                "tracking_mode": "machine",
                "cpu_utilization_percent": repr(round(rng.uniform(20, 100), 1)),
                "gpu_utilization_percent": repr(round(rng.uniform(0, 95), 1)),
                "ram_utilization_percent": repr(round(rng.uniform(10, 60), 1)),
                "ram_used_gb": repr(round(rng.uniform(2, 12), 3)),
                "on_cloud": "N",
                "pue": "1.0",
                "wue": "0.0",
                **{k: v for k, v in machine.items() if isinstance(v, str)},
            }
        )
    return run_id, rows


def _csv_text(header: str, rows: list[dict]) -> str:
    names = header.split(",")
    lines = [header]
    lines.extend(",".join(row[name] for name in names) for row in rows)
    return "\n".join(lines) + "\n"


def _report(rng, *, model, code, country, season, run, rel_csv, run_id, rows, legacy):
    mae = rng.uniform(4.0, 18.0)
    rmse = mae * rng.uniform(1.15, 1.45)
    metrics = {"mae": mae, "mse": rmse * rmse, "rmse": rmse, "mape": rng.uniform(0.08, 0.45)}
    if legacy:  # the published benchmark's run report, written on Windows
        cwd = "C:\\Users\\bench\\BioNet\\to py"
        return {
            "entry": f"Models\\{model}.py",
            "images": [f"{cwd}\\Results\\images\\{model}\\{season}\\training_loss_plot.png"],
            "season": season,
            "cwd": cwd,
            "metrics": metrics,
            "emissions_csv": cwd + "\\Results\\" + rel_csv.replace("/", "\\"),
        }
    metrics["r2"] = rng.uniform(-0.2, 0.9)
    loss = rng.uniform(0.02, 0.08)
    history = []
    for epoch, row in enumerate(rows, start=1):
        loss *= rng.uniform(0.7, 0.98)
        history.append(
            {
                "epoch": epoch,
                "loss": loss,
                "val_loss": loss * rng.uniform(1.0, 1.3),
                "emissions_kg": float(row["emissions"]),
                "energy_kwh": float(row["energy_consumed"]),
            }
        )
    return {
        "model": model,
        "country": country,
        "country_code": code,
        "season": season,
        "run": run,
        "metrics": metrics,
        "emissions_csv": rel_csv,
        "codecarbon_run_id": run_id,
        "params": rng.choice((8428, 10512, 12972, 150664)),
        "epochs_run": len(rows),
        "emissions_status": "measured",
        "history": history,
        "started_at": rows[0]["timestamp"],
        "finished_at": rows[-1]["timestamp"],
        "seed": rng.randrange(1000),
        "synthetic": True,
    }


def generate(out: str | Path, files: int, seed: int = 0) -> SynthSummary:
    """Write a Results tree with `files` emissions CSVs under `out` (created if absent)."""
    rng = random.Random(seed)
    root = Path(out)
    summary = SynthSummary(root=root)
    cells = [(m, c, s) for m in MODELS for c in COUNTRY_CODES for s in SEASONS]
    epoch0 = datetime(2025, 4, 1)
    made_dirs: set[tuple] = set()
    for index in range(files):
        model, code, season = cells[index % len(cells)]
        run_number = index // len(cells) + 1
        context = RunContext.resolve(model, code, season)  # the runner's own convention
        country = context.country
        legacy = rng.random() < 0.03  # published-benchmark names: no country segment
        run = f"{model}_{season}_run{run_number}" if legacy else context.run_name(run_number)
        cell_dir = (model, country, season)
        if cell_dir not in made_dirs:
            for kind in ("emissions", "reports"):
                context.cell_dir(root, kind).mkdir(parents=True, exist_ok=True)
            made_dirs.add(cell_dir)
        csv_path = context.emissions_csv(root, run)
        rel_csv = csv_path.relative_to(root).as_posix()
        machine = MACHINES[0] if legacy else rng.choice(MACHINES)
        n_exec = rng.choices((1, 2, 3), weights=(85, 12, 3))[0]
        start = epoch0 + timedelta(minutes=index * 7 + rng.randrange(5))
        if legacy:
            header, version = _V2_7, "3.0.4"
        else:
            header, version = _pick_header(rng)
        with_backup = not legacy and rng.random() < 0.05
        if with_backup:  # an older tracker wrote first; a newer one renamed its file to .bak
            n_backups = 2 if rng.random() < 0.1 else 1
            header, version = _V3_2, "3.3.2"
            for b in range(n_backups):
                old_header, old_version = _pick_header(rng, BACKUP_HEADERS)
                _, rows = _execution_rows(rng, run, machine, old_version, start, rng.randint(1, 5))
                start += timedelta(days=1)
                name = f"{csv_path.name}.bak" if b == 0 else f"{csv_path.name}_{b - 1}.bak"
                data = _csv_text(old_header, rows).encode()
                csv_path.with_name(name).write_bytes(data)
                summary.backups += 1
                summary.rows += len(rows)
                summary.executions += 1
                summary.bytes += len(data)
        all_rows: list[dict] = []
        for _ in range(n_exec):
            run_id, rows = _execution_rows(rng, run, machine, version, start, rng.randint(1, 5))
            all_rows.extend(rows)
            start += timedelta(days=rng.randint(1, 20))
        data = _csv_text(header, all_rows).encode()
        csv_path.write_bytes(data)
        summary.files += 1
        summary.rows += len(all_rows)
        summary.executions += n_exec
        summary.bytes += len(data)
        summary.paths.append(rel_csv)

        last_rows = [r for r in all_rows if r["run_id"] == run_id]
        report = _report(
            rng, model=model, code=code, country=country, season=season, run=run,
            rel_csv=rel_csv, run_id=run_id, rows=last_rows, legacy=legacy,
        )  # fmt: skip
        data = json.dumps(report).encode()  # the C encoder: indent would use the slow one
        context.report_json(root, run).write_bytes(data)
        summary.reports += 1
        summary.bytes += len(data)

    for model, country, season in sorted(made_dirs):
        metrics_dir = root.joinpath("metrics", model, country, season)
        metrics_dir.mkdir(parents=True, exist_ok=True)
        mae = rng.uniform(4.0, 18.0)
        slice_metrics = {"mae": mae, "mse": (mae * 1.3) ** 2, "rmse": mae * 1.3, "mape": 0.2}
        data = json.dumps(slice_metrics, indent=2).encode()
        (metrics_dir / "metrics.json").write_bytes(data)
        summary.slice_metrics += 1
        summary.bytes += len(data)
    return summary


def changed_sample(root: str | Path, fraction: float) -> list[Path]:
    """Every k-th main emissions CSV (sorted), so that `fraction` of them are picked."""
    paths = sorted(Path(root).glob("emissions/*/*/*/*_emissions.csv"))
    if not paths or fraction <= 0:
        return []
    step = max(1, round(1 / fraction))
    return paths[::step]


def append_snapshot(path: str | Path) -> None:
    """Append one more cumulative snapshot to a file's last execution (a later epoch flush)."""
    path = Path(path)
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    header, last = rows[0], dict(zip(rows[0], rows[-1], strict=True))
    grow = 1.1
    for name in ("duration", "emissions", "cpu_energy", "gpu_energy", "ram_energy"):
        last[name] = repr(float(last[name]) * grow)
    last["energy_consumed"] = repr(float(last["energy_consumed"]) * grow)
    stamp = datetime.fromisoformat(last["timestamp"]) + timedelta(minutes=1)
    last["timestamp"] = stamp.strftime("%Y-%m-%dT%H:%M:%S")
    with path.open("a", newline="") as handle:
        handle.write(",".join(last[name] for name in header) + "\n")


def change_fraction(root: str | Path, fraction: float = 0.01) -> int:
    """Append a snapshot to `fraction` of the emissions CSVs; returns how many changed."""
    picked = changed_sample(root, fraction)
    for path in picked:
        append_snapshot(path)
    return len(picked)
