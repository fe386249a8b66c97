"""The run report: strict JSON, and where a run happened (hardware, software, code).

JSON is written strictly: NaN and infinities become null (never `NaN`/`Infinity`), numpy
scalars become Python numbers, and the file is replaced atomically so a reader never
sees half a report.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent


def strict(value: Any) -> Any:
    """A JSON-safe copy: non-finite floats -> None, numpy/paths -> plain values."""
    if isinstance(value, dict):
        return {str(k): strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return strict(value.item())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return str(value)


def write_json(path: str | Path, data: Any) -> Path:
    """Write `data` as strict, indented JSON, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(strict(data), indent=2, allow_nan=False, ensure_ascii=False) + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def hardware() -> dict:
    """CPU model, cores, RAM and GPUs (as TensorFlow sees them, when it is loaded)."""
    try:
        import psutil

        ram_gb = round(psutil.virtual_memory().total / 2**30, 2)
    except Exception:  # psutil missing or unsupported platform
        ram_gb = None
    gpus: list[str] = []
    if "tensorflow" in sys.modules:
        try:
            gpus = [d.name for d in sys.modules["tensorflow"].config.list_physical_devices("GPU")]
        except Exception:  # reporting must not fail a run
            gpus = []
    return {
        "cpu_model": _cpu_model(),
        "cpu_cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "gpu": gpus or None,
        "machine": platform.machine(),
        "os": platform.platform(),
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def software() -> dict:
    return {
        "python": platform.python_version(),
        "tensorflow": _version("tensorflow-cpu") or _version("tensorflow"),
        "keras": _version("keras"),
        "codecarbon": _version("codecarbon"),
        "numpy": _version("numpy"),
        "pandas": _version("pandas"),
    }


def git_commit(repo: Path = REPO_ROOT) -> str | None:
    """The checkout's HEAD commit, with `-dirty` when tracked files changed; None outside git."""
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}-dirty" if dirty else head or None


def dependency_hash() -> str:
    """sha256 over the sorted `name==version` lines of every installed distribution."""
    lines = sorted(
        {
            f"{(dist.metadata['Name'] or '').lower()}=={dist.version}"
            for dist in metadata.distributions()
        }
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
