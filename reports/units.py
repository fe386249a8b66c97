"""One rule for showing emissions and energy: SI-scaled so a figure is never `0.000`.

kg CO2e: kg at 1 kg and above, else g, mg or µg; kWh: kWh at 1 kWh and above, else Wh or
mWh or µWh. Three significant digits below 100, whole numbers above.
"""

from __future__ import annotations

import math


def _scaled(value: float, units: tuple[tuple[float, str], ...]) -> str:
    for factor, unit in units:
        if abs(value) * factor >= 1 or factor == units[-1][0]:
            scaled = value * factor
            text = f"{scaled:,.0f}" if abs(scaled) >= 100 else f"{scaled:.3g}"
            return f"{text} {unit}"
    raise AssertionError("unreachable")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_kg(value_kg) -> str:
    """`12.3 kg`, `153 mg`, `1.07 µg`; `0 kg` for zero, `n/a` when unknown."""
    if _missing(value_kg):
        return "n/a"
    if value_kg == 0:
        return "0 kg"
    return _scaled(float(value_kg), ((1.0, "kg"), (1e3, "g"), (1e6, "mg"), (1e9, "µg")))


def format_kwh(value_kwh) -> str:
    """`2.5 kWh`, `462 Wh`, `3.23 mWh`; `0 kWh` for zero, `n/a` when unknown."""
    if _missing(value_kwh):
        return "n/a"
    if value_kwh == 0:
        return "0 kWh"
    return _scaled(float(value_kwh), ((1.0, "kWh"), (1e3, "Wh"), (1e6, "mWh"), (1e9, "µWh")))
