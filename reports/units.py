"""One rule for quantities: pick a unit per column (or chart axis), format with it.

A column shares one unit, chosen from its typical (median) magnitude so that value reads
>= 1 in that unit: kg / g / mg for emissions, kWh / Wh / mWh for energy, s / min / h for
durations; MAE is in percentage points (pp) as the metrics are computed in original units.
Decimals follow from the column's smallest non-zero value so nothing non-zero prints as 0.

`format_kg` and `format_kwh` scale one value on its own (other modules import them).
The paper's LaTeX tables keep the published 3-decimal kg format; see `reports.latex`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

SIGNIFICANT = 3  # digits of the smallest non-zero value of a column
MAX_DECIMALS = 6


@dataclass(frozen=True)
class Unit:
    symbol: str  # e.g. "g"
    factor: float  # display value = base value x factor
    label: str  # e.g. "g CO2e" (the subscript glyph is missing from the chart font)

    def scale(self, value):
        return None if _missing(value) else float(value) * self.factor


# Base units first: kg, kWh, s, pp. Ordered from the largest unit to the smallest.
QUANTITIES: dict[str, tuple[Unit, ...]] = {
    "mass": (
        Unit("kg", 1.0, "kg CO2e"),
        Unit("g", 1e3, "g CO2e"),
        Unit("mg", 1e6, "mg CO2e"),
    ),
    "energy": (Unit("kWh", 1.0, "kWh"), Unit("Wh", 1e3, "Wh"), Unit("mWh", 1e6, "mWh")),
    "duration": (Unit("h", 1 / 3600, "h"), Unit("min", 1 / 60, "min"), Unit("s", 1.0, "s")),
    "mae": (Unit("pp", 1.0, "pp"),),
}


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def _finite_nonzero(values: Iterable) -> list[float]:
    out = []
    for v in values:
        if _missing(v):
            continue
        v = abs(float(v))
        if v > 0 and math.isfinite(v):
            out.append(v)
    return out


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def choose_unit(values: Iterable, quantity: str) -> Unit:
    """The largest unit in which the column's median non-zero value is at least 1."""
    units = QUANTITIES[quantity]
    present = _finite_nonzero(values)
    if not present:
        return units[0]
    typical = _median(present)
    for unit in units:
        if typical * unit.factor >= 1:
            return unit
    return units[-1]


def decimals_for(values: Iterable, unit: Unit, significant: int = SIGNIFICANT) -> int:
    """Decimals that give the smallest non-zero value `significant` digits (bounded)."""
    present = _finite_nonzero(values)
    if not present:
        return 0
    smallest = min(present) * unit.factor
    digits = significant - 1 - math.floor(math.log10(smallest))
    return max(0, min(MAX_DECIMALS, digits))


def format_value(value, unit: Unit, decimals: int) -> str:
    """One cell: the value in `unit` (no symbol); `--` when missing; `<0.0001` style
    rather than zeros when the value is too small for the column's decimals."""
    if _missing(value):
        return "--"
    scaled = float(value) * unit.factor
    if scaled == 0:
        return "0"
    text = f"{scaled:.{decimals}f}"
    if float(text) == 0:
        return f"<{10**-decimals:.{decimals}f}" if scaled > 0 else f">-{10**-decimals:.{decimals}f}"
    return text


@dataclass(frozen=True)
class Column:
    """A formatted column: its unit (for the header) and its cells."""

    unit: Unit
    cells: list[str]

    def header(self, name: str) -> str:
        return f"{name} ({self.unit.label})"


def format_column(values: Iterable, quantity: str) -> Column:
    values = list(values)
    unit = choose_unit(values, quantity)
    decimals = decimals_for(values, unit)
    return Column(unit, [format_value(v, unit, decimals) for v in values])


def format_quantity(value, quantity: str) -> str:
    """One value scaled on its own, with its unit symbol ("4.61 mg", "1.21 kg")."""
    if _missing(value):
        return "--"
    if float(value) == 0:
        return f"0 {QUANTITIES[quantity][0].symbol}"
    unit = choose_unit([value], quantity)
    return f"{format_value(value, unit, decimals_for([value], unit))} {unit.symbol}"


def format_kg(value_kg) -> str:
    """Emissions in kg CO2e, auto-scaled: 0.0000046 -> "4.60 mg", never "0.000"."""
    return format_quantity(value_kg, "mass")


def format_kwh(value_kwh) -> str:
    """Energy in kWh, auto-scaled: 0.0123 -> "12.3 Wh"."""
    return format_quantity(value_kwh, "energy")


def format_duration(value_s) -> str:
    return format_quantity(value_s, "duration")


# Column names of SQL results that carry a quantity in the base unit (for `carbonwh sql`).
SUFFIX_QUANTITY = (("_kg", "mass"), ("_kwh", "energy"), ("_s", "duration"))


def quantity_of_column(name: str) -> str | None:
    """The quantity a column name announces by its suffix (`emissions_kg` -> mass)."""
    lowered = name.lower()
    if lowered.endswith("_kg_per_s"):
        return None
    for suffix, quantity in SUFFIX_QUANTITY:
        if lowered.endswith(suffix) or lowered == suffix[1:]:
            return quantity
    return None


def humanize_columns(columns: list[str], rows: list[tuple]) -> tuple[list[str], list[list]]:
    """For tables people read (`carbonwh sql`'s default format): columns whose name ends in
    `_kg`, `_kwh` or `_s` get one unit each, named in the header (`emissions_kg [g]`);
    other cells are left as they are."""
    headers, out_rows = list(columns), [list(row) for row in rows]
    for index, name in enumerate(columns):
        quantity = quantity_of_column(name)
        values = [row[index] for row in rows]
        numeric = all(v is None or isinstance(v, (int, float)) for v in values)
        if quantity is None or not numeric or isinstance(values and values[0], bool):
            continue
        column = format_column(values, quantity)
        headers[index] = f"{name} [{column.unit.symbol}]"
        for row, cell in zip(out_rows, column.cells, strict=True):
            row[index] = None if cell == "--" else cell
    return headers, out_rows
