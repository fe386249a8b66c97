"""One rule for quantities: a unit per column, never a non-zero value printed as zero."""

from __future__ import annotations

import re

import duckdb
import pytest

from reports.units import (
    choose_unit,
    format_column,
    format_duration,
    format_kg,
    format_kwh,
    quantity_of_column,
)


@pytest.mark.parametrize(
    ("kg", "text"),
    [
        (4.6051e-06, "4.61 mg"),
        (0.0012, "1.20 g"),
        (0.1, "100 g"),
        (1.1234, "1.12 kg"),
        (0.0, "0 kg"),
        (None, "--"),
        (float("nan"), "--"),
    ],
)
def test_format_kg_scales_one_value(kg, text):
    assert format_kg(kg) == text


def test_format_kwh_and_durations():
    assert format_kwh(0.0123) == "12.3 Wh"
    assert format_kwh(2.5) == "2.50 kWh"
    assert format_kwh(4e-6) == "4.00 mWh"
    assert format_duration(5400) == "1.50 h"
    assert format_duration(90) == "1.50 min"


def test_a_column_shares_one_unit_and_keeps_small_values_readable():
    column = format_column([0.0012, 0.0300, 0.000005, None], "mass")
    assert column.unit.symbol == "g"
    assert column.header("Emissions") == "Emissions (g CO2e)"
    # Decimals follow the smallest non-zero value: nothing non-zero reads 0.
    assert column.cells == ["1.20000", "30.00000", "0.00500", "--"]
    tiny = format_column([1e-13, 2e-13], "mass")
    assert tiny.unit.symbol == "mg" and all(c.startswith("<") for c in tiny.cells)


def test_units_follow_the_typical_value():
    assert choose_unit([0.2, 0.5, 1.1], "mass").symbol == "g"
    assert choose_unit([1.5, 2.0], "mass").symbol == "kg"
    assert choose_unit([], "energy").symbol == "kWh"
    assert choose_unit([0.0, 0.0], "mass").symbol == "kg"


def test_column_names_announce_their_quantity():
    assert quantity_of_column("emissions_kg") == "mass"
    assert quantity_of_column("mean_energy_kwh") == "energy"
    assert quantity_of_column("duration_s") == "duration"
    assert quantity_of_column("emissions_rate_kg_per_s") is None
    assert quantity_of_column("n_runs") is None


def test_summary_shows_units_and_no_zero_emissions(report_warehouse, tmp_path):
    from reports import write_report

    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        result = write_report(con, tmp_path / "out", images=False)
    finally:
        con.close()
    summary = result.summary_md.read_text(encoding="utf-8")
    assert "0.000 " not in summary and "| 0.000 |" not in summary
    assert "MAE of the run (pp)" in summary and "Mean MAE over runs (pp)" in summary
    assert "emitting at most 100 g" in summary  # the low-carbon threshold, with its unit
    assert re.search(r"Emissions of the run \((m?g|kg) CO2e\)", summary)
    assert "1 of 1 group(s) checked flagged" in summary
    html = result.index_html.read_text(encoding="utf-8")
    assert "e-0" not in re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert ">True<" not in html and "newest_value_kg" not in html


def test_sql_tables_scale_quantity_columns(cli, report_warehouse):
    query = (
        "select model, emissions_kg, energy_kwh, n_executions from marts.fct_training_runs "
        "order by model, run limit 3"
    )
    table = cli(["sql", query, "--db", report_warehouse]).stdout
    assert "emissions_kg [g]" in table and "energy_kwh [g]" not in table
    assert "e-0" not in table
    raw = cli(["sql", query, "--db", report_warehouse, "--format", "csv"]).stdout
    assert (
        raw.splitlines()[0] == "model,emissions_kg,energy_kwh,n_executions"
    )  # machine formats verbatim
