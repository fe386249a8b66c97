"""The CodeCarbon internals carbonwh reads, in one place, for the versions it supports.

CodeCarbon has no public accessor for "is the tracker running" or "energy so far": its
`flush()` returns kg CO2e only. These helpers read the private attributes that hold them
(`_start_time`, `_total_energy`); `tests/test_tracking_codecarbon.py` checks them against
the installed version on a real tracker, and `pyproject.toml` pins the range below.
"""

from __future__ import annotations

SUPPORTED = ">=3.3.2,<4"  # keep in step with pyproject.toml


def started(tracker) -> bool | None:
    """True when CodeCarbon's tracker is running, False when start failed, None if unknown."""
    if not hasattr(tracker, "_start_time"):
        return None
    return tracker._start_time is not None


def start_time(tracker) -> float | None:
    """The `time.perf_counter()` value at which the tracker started (None when unknown)."""
    return getattr(tracker, "_start_time", None)


def energy_kwh(tracker) -> float | None:
    """Energy measured so far (kWh), or None when the tracker does not expose it."""
    energy = getattr(getattr(tracker, "_total_energy", None), "kWh", None)
    return float(energy) if energy is not None else None


def version_supported(version: str) -> bool:
    """Whether CodeCarbon `version` lies in SUPPORTED."""
    from packaging.specifiers import SpecifierSet

    return version in SpecifierSet(SUPPORTED)
