"""`carbonwh zoo`: the listing in its table, JSON, CSV and Markdown forms."""

from __future__ import annotations

import csv
import io
import json

from zoo_reference import load_reference

REFERENCE = load_reference()


def test_json_lists_every_model_with_reference_counts(cli):
    result = cli(["zoo", "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["name"] for r in records] == sorted(REFERENCE)
    for record in records:
        expected = REFERENCE[record["name"]]
        assert record["params"] == expected["params"], record["name"]
        assert record["layer_params"] == expected["layer_params"], record["name"]
        assert record["input_shape"] == expected["input_shape"], record["name"]
        assert record["version"] in {"v1", "v2", "v3"}
        assert record["name"].startswith(record["family"] + "_Model")


def test_json_for_named_models(cli):
    result = cli(["zoo", "--json", "DLinear_Model_v3", "EnsembleCI_Model"])
    records = json.loads(result.stdout)
    assert [(r["name"], r["family"], r["version"]) for r in records] == [
        ("DLinear_Model_v3", "DLinear", "v3"),
        ("EnsembleCI_Model", "EnsembleCI", "v1"),
    ]
    assert set(records[0]) == {"name", "family", "version", "params", "layer_params", "input_shape"}


def test_csv(cli):
    result = cli(["zoo", "--csv", "DLinear_Model", "Cycle_LSTM_Model_v2"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["model", "family", "version", "params"],
        ["DLinear_Model", "DLinear", "v1", "10512"],
        ["Cycle_LSTM_Model_v2", "Cycle_LSTM", "v2", "152780"],
    ]


def test_table_and_markdown(cli):
    table = cli(["zoo", "CarbonCast_Model_v3"])
    assert table.exit_code == 0
    assert "CarbonCast_Model_v3" in table.stdout and "700,616" in table.stdout

    markdown = cli(["zoo", "--markdown", "DLinear_Model", "DLinear_Model_v3"])
    assert "| DLinear | v1, v3 | 10,512 / 148,624 | (batch, 72) |" in markdown.stdout


def test_unknown_model_is_a_clear_error(cli):
    result = cli(["zoo", "DLinear_Model", "No_Such_Model"])
    assert result.exit_code == 2
    assert "No_Such_Model" in result.stderr
    assert "Traceback" not in result.output


def test_output_formats_are_exclusive(cli):
    result = cli(["zoo", "--json", "--csv"])
    assert result.exit_code == 2
    assert "choose one" in result.stderr


def test_docs_zoo_table_is_the_registry_table(cli):
    from conftest import REPO_ROOT

    table = cli(["zoo", "--markdown"]).stdout.strip()
    doc = (REPO_ROOT / "docs" / "zoo.md").read_text(encoding="utf-8")
    assert table in doc, "docs/zoo.md's zoo table is stale: paste `carbonwh zoo --markdown`"


def test_narrow_terminals_get_a_list_and_names_are_never_cut(cli):
    wide = cli(["zoo", "Autoformer_Model_v2", "Autoformer_Model_v3"], env={"COLUMNS": "100"})
    assert wide.exit_code == 0
    assert "│ Autoformer_Model_v2 │" in wide.stdout and "│ Autoformer_Model_v3 │" in wide.stdout
    narrow = cli(["zoo", "Autoformer_Model_v2", "Autoformer_Model_v3"], env={"COLUMNS": "40"})
    assert narrow.stdout.splitlines()[1:3] == [
        "Autoformer_Model_v2",
        f"  Autoformer v2, {REFERENCE['Autoformer_Model_v2']['params']:,} params, input "
        f"{REFERENCE['Autoformer_Model_v2']['input_shape']}",
    ]
    assert "building 2 models to count their parameters ..." in narrow.stderr
