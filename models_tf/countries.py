"""ENTSO-E country codes of the bidding-zone countries -> (human name, ISO 3166 alpha-3).

The human name is the `<Country>` path segment of the Results tree (the country whose data
a model was trained on). ENTSO-E uses `GB` for the United Kingdom and `GR` for Greece (ISO
alpha-2 `GR`; ENTSO-E's EIC area is Greece too).
"""

from __future__ import annotations

COUNTRIES: dict[str, tuple[str, str]] = {
    "AL": ("Albania", "ALB"),
    "AT": ("Austria", "AUT"),
    "BA": ("Bosnia and Herzegovina", "BIH"),
    "BE": ("Belgium", "BEL"),
    "BG": ("Bulgaria", "BGR"),
    "CH": ("Switzerland", "CHE"),
    "CY": ("Cyprus", "CYP"),
    "CZ": ("Czechia", "CZE"),
    "DE": ("Germany", "DEU"),
    "DK": ("Denmark", "DNK"),
    "EE": ("Estonia", "EST"),
    "ES": ("Spain", "ESP"),
    "FI": ("Finland", "FIN"),
    "FR": ("France", "FRA"),
    "GB": ("United Kingdom", "GBR"),
    "GE": ("Georgia", "GEO"),
    "GR": ("Greece", "GRC"),
    "HR": ("Croatia", "HRV"),
    "HU": ("Hungary", "HUN"),
    "IE": ("Ireland", "IRL"),
    "IT": ("Italy", "ITA"),
    "LT": ("Lithuania", "LTU"),
    "LU": ("Luxembourg", "LUX"),
    "LV": ("Latvia", "LVA"),
    "MD": ("Moldova", "MDA"),
    "ME": ("Montenegro", "MNE"),
    "MK": ("North Macedonia", "MKD"),
    "MT": ("Malta", "MLT"),
    "NL": ("Netherlands", "NLD"),
    "NO": ("Norway", "NOR"),
    "PL": ("Poland", "POL"),
    "PT": ("Portugal", "PRT"),
    "RO": ("Romania", "ROU"),
    "RS": ("Serbia", "SRB"),
    "SE": ("Sweden", "SWE"),
    "SI": ("Slovenia", "SVN"),
    "SK": ("Slovakia", "SVK"),
    "TR": ("Turkey", "TUR"),
    "UA": ("Ukraine", "UKR"),
    "XK": ("Kosovo", "XKX"),
}


def country_name(code: str | None) -> str:
    """`DE` -> `Germany`; an unknown code is returned as-is; no code -> `All`."""
    if code is None or not code.strip():
        return "All"
    code = code.strip()
    entry = COUNTRIES.get(code.upper())
    return entry[0] if entry else code


def country_iso3(code: str | None) -> str | None:
    """`DE` -> `DEU`; None for an unknown or missing code."""
    if not code:
        return None
    entry = COUNTRIES.get(code.strip().upper())
    return entry[1] if entry else None
