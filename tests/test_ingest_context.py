"""Path context: (model, country, season, run) from the Results convention."""

from __future__ import annotations

import pytest

from ingest.context import json_kind, name_kind, path_context

E = "emissions"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "emissions/DLinear_Model/Denmark/winter/DLinear_Model_Denmark_winter_run1_emissions.csv",
            ("DLinear_Model", "Denmark", "winter", "DLinear_Model_Denmark_winter_run1"),
        ),
        (
            "emissions/DLinear_Model/Germany/summer/DLinear_Model_summer_run1_emissions.csv.bak",
            ("DLinear_Model", "Germany", "summer", "DLinear_Model_summer_run1"),
        ),
        (
            "emissions/model/All/unknown/model_run2_emissions.csv_0.bak",
            ("model", "All", "unknown", "model_run2"),
        ),
        (  # a root above Results/ still finds the convention in the last five segments
            "Results/emissions/M/Spain/summer/r_emissions.csv",
            ("M", "Spain", "summer", "r"),
        ),
    ],
)
def test_emissions_context(path, expected):
    ctx = path_context(path, E)
    assert (ctx.model, ctx.country, ctx.season, ctx.run) == expected
    assert ctx.warning is None


def test_outside_the_convention_is_null_with_a_warning():
    ctx = path_context("emissions.csv", E)
    assert (ctx.model, ctx.run) == (None, None)
    assert "outside the path convention" in ctx.warning
    odd = path_context("emissions/M/C/s/data.csv", E)
    assert (odd.model, odd.run) == ("M", None)
    assert "run is NULL" in odd.warning


def test_reports_and_metrics_context():
    ctx = path_context("reports/M/Denmark/winter/M_Denmark_winter_run1.json", "reports")
    assert (ctx.model, ctx.country, ctx.season, ctx.run) == (
        "M",
        "Denmark",
        "winter",
        "M_Denmark_winter_run1",
    )
    ctx = path_context("metrics/M/Denmark/winter/metrics.json", "metrics")
    assert (ctx.model, ctx.season, ctx.run) == ("M", "winter", None)


def test_kinds_by_name_and_location():
    assert [name_kind(p) for p in ("a.csv", "a.CSV", "a.csv.bak", "a.csv_3.bak", "a.bak")] == [
        "csv",
        "csv",
        "csv",
        "csv",
        "other",
    ]
    assert json_kind("reports/M/C/s/r.json") == ("run_report", None)
    assert json_kind("metrics/M/C/s/metrics.json") == ("slice_metrics", None)
    assert json_kind("reports/summary.json")[0] == "ignored"
    assert json_kind("other/x.json")[0] == "ignored"
