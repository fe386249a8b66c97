"""Charts readable at 41 models x 4 slices: bounded pixel sizes, no two labels alike.

On a warehouse dbt built from a small Results tree, and on the real published DE/DK tree
(41 models, 2 countries, 2 seasons) when ../shared is present.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ElementTree

import duckdb
import pytest

from reports.charts import build_charts
from reports.data import read_report_data

MAX_PX = 3000  # either side of a PNG at scale 2 (the box plot was 1776 x 8358 before)
SVG = "{http://www.w3.org/2000/svg}"


def _charts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return build_charts(read_report_data(con))
    finally:
        con.close()


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def _label_groups(svg: str) -> list[tuple[str, list[str]]]:
    """(role, texts) per axis, and one group of all legend labels."""
    root = ElementTree.fromstring(svg)
    groups, legend = [], []
    for element in root.iter(f"{SVG}g"):
        role = element.get("class", "")
        # Log axes leave minor ticks unlabelled (empty texts): not labels.
        texts = ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]
        texts = [t for t in texts if t.strip()]
        if "role-axis-label" in role:
            groups.append(("axis", texts))
        elif "role-legend-label" in role:
            legend += texts
    return groups + [("legend", legend)]


def _check(charts):
    import vl_convert

    assert charts
    for chart in charts:
        width, height = _png_size(vl_convert.vegalite_to_png(chart.spec, scale=2))
        assert width <= MAX_PX and height <= MAX_PX, (chart.name, width, height)
        for role, texts in _label_groups(vl_convert.vegalite_to_svg(chart.spec)):
            assert not any(t.endswith("…") for t in texts), (chart.name, role, texts)
            duplicates = sorted({t for t in texts if texts.count(t) > 1})
            assert not duplicates, (chart.name, role, duplicates)


def test_charts_of_a_dbt_built_warehouse(report_warehouse):
    charts = _charts(report_warehouse)
    assert len(charts) == 8
    _check(charts)


@pytest.mark.slow
def test_charts_of_the_published_tree(shared_warehouse):
    charts = _charts(shared_warehouse)
    names = {c.name for c in charts}
    assert {"emissions_by_model_box", "pareto_front_by_slice", "efficient_frontier"} <= names
    _check(charts)
    box = next(c for c in charts if c.name == "emissions_by_model_box")
    # 1 mg .. 1.1 kg spread over more than 10x: a log axis, in grams.
    assert "log scale" in box.title
    spec = str(box.spec)
    assert "'type': 'log'" in spec and "g CO2e per run" in spec
