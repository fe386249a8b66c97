"""LaTeX publication tables: the formats of docs/reports.md, full escaping, compiled by pdflatex."""

from __future__ import annotations

import re
import subprocess

import duckdb
import pytest
from conftest import require_tool
from results_tree import SPECIAL_MODEL

from reports.data import read_report_data
from reports.escape import latex_escape
from reports.latex import publication_tables, render_table, write_tables

DOCUMENT = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{booktabs}
\usepackage{longtable}
\tracinglostchars=3
\begin{document}
%s
\end{document}
"""


@pytest.fixture(scope="module")
def tables(report_warehouse):
    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        return publication_tables(read_report_data(con))
    finally:
        con.close()


def test_every_special_character_is_escaped():
    assert latex_escape(SPECIAL_MODEL) == (
        r"Odd\textbackslash{}\_\%\&\#\{\}\$\textasciicircum{}\textasciitilde{} Model"
    )
    assert latex_escape("DLinear_Model") == r"DLinear\_Model"


def test_tables_follow_the_published_formats(tables):
    rendered = {t.name: render_table(t, "exact") for t in tables}
    assert set(rendered) == {
        "mae_summary",
        "low_carbon_leaders",
        "top10_mae_by_slice",
        "top10_mae_by_slice_tabular",
        "pareto_leaders",
        "low_carbon_leaders_si",
        "pareto_leaders_si",
    }
    headers = {
        "mae_summary": r"Slice & Best (model) & Best MAE & Worst (model) & Worst MAE & N \\",
        "low_carbon_leaders": r"Slice & Model & MAE & Emissions (kg) \\",
        "pareto_leaders": r"Slice & Model & MAE & Emissions (kg) \\",
        "top10_mae_by_slice": r"Slice & Rank & Model & MAE \\",
        "top10_mae_by_slice_tabular": r"Slice & Rank & Model & MAE \\",
    }
    for name in ("low_carbon_leaders_si", "pareto_leaders_si"):
        # The SI variant says so, and picks one unit for its emissions column.
        text = rendered[name]
        assert f"SI-scaled variant of {name[:-3]}.tex" in text
        unit = re.search(r"Slice & Model & MAE \(pp\) & Emissions \((k?|m?)g CO2e\) \\\\", text)
        assert unit, text
        headers[name] = unit.group(0)
    assert "3 decimals: the published format" in rendered["low_carbon_leaders"]
    for name, text in rendered.items():
        lines = text.splitlines()
        assert headers[name] in lines
        for word in (r"\toprule", r"\midrule", r"\bottomrule"):
            assert word in lines, (name, word)
        body = lines[lines.index(r"\midrule", lines.index(headers[name])) + 1 :]
        rows = [line for line in body if "&" in line]
        assert rows and all(line.endswith(r" \\") for line in rows), name
        assert SPECIAL_MODEL not in text  # only its escaped form
    longtable = rendered["top10_mae_by_slice"]
    assert r"\begin{longtable}" in longtable
    assert r"\caption{Top-10 MAE models per slice (averaged over runs).}" in longtable
    assert r"\begin{tabular}{lrlr}" in rendered["top10_mae_by_slice_tabular"]
    summary_row = next(r for r in rendered["mae_summary"].splitlines() if "Denmark Summer &" in r)
    assert [cell.strip() for cell in summary_row.removesuffix(r"\\").split(" & ")][2].count(
        "."
    ) == 1
    assert all(len(c.split(".")[1]) == 3 for c in summary_row.split(" & ")[2:5:2])


def test_tables_compile_with_pdflatex(tables, tmp_path):
    pdflatex = require_tool("pdflatex", "compiles the LaTeX tables")
    paths = write_tables(tables, tmp_path / "tables", "exact")
    assert any(latex_escape(SPECIAL_MODEL) in p.read_text() for p in paths)
    body = "\n\n".join(rf"\input{{tables/{p.name}}}" for p in paths)
    (tmp_path / "doc.tex").write_text(DOCUMENT % body, encoding="utf-8")
    done = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 1000
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert "Undefined control sequence" not in log
    assert "Missing character" not in log


def test_top_n_names_the_files_and_the_caption(report_warehouse, tmp_path):
    con = duckdb.connect(str(report_warehouse), read_only=True)
    try:
        data = read_report_data(con)
    finally:
        con.close()
    data.overview["top_n"] = 5  # as rpt_report_overview reports it after --vars '{"top_n": 5}'
    paths = write_tables(publication_tables(data), tmp_path, "exact")
    names = {p.name for p in paths}
    assert {"top5_mae_by_slice.tex", "top5_mae_by_slice_tabular.tex"} <= names
    assert not any(n.startswith("top10") for n in names)
    assert (
        r"\caption{Top-5 MAE models per slice (averaged over runs).}"
        in (tmp_path / "top5_mae_by_slice.tex").read_text()
    )


def test_fallback_cells_stay_out_of_the_paper_tables(built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        data = read_report_data(con)
    finally:
        con.close()
    assert data.warning_counts["fallback_runs"] >= 1  # the fixture tree has a `model/` cell
    rendered = "\n".join(render_table(t, "exact") for t in publication_tables(data))
    assert "Unknown &" not in rendered and " & model &" not in rendered
