"""The reference parser and the committed `tests/data/zoo_reference.json`."""

from __future__ import annotations

import pytest
from conftest import shared_path
from zoo_reference import load_reference, parse_directory, parse_summary

# A functional summary with a wrapped layer name and a wrapped "Connected to" cell.
FUNCTIONAL = """\
Model: "model_1"
__________________________________________________________________________________________________
 Layer (type)                Output Shape                 Param #   Connected to
==================================================================================================
 input_2 (InputLayer)        [(None, 72, 1)]              0         []

 token_and_position_embeddi  (None, 72, 64)               4736      ['input_2[0][0]']
 ng_1 (TokenAndPositionEmbe
 dding)

 global_average_pooling1d_1  (None, 64)                   0         ['token_and_position_embedding
  (GlobalAveragePooling1D)                                          _1[0][0]']

 dense_5 (Dense)             (None, 72)                   4680      ['global_average_pooling1d_1[0
                                                                    ][0]']

==================================================================================================
Total params: 9416 (36.78 KB)
Trainable params: 9416 (36.78 KB)
Non-trainable params: 0 (0.00 Byte)
__________________________________________________________________________________________________
"""

SEQUENTIAL_TWO_INPUTS = """\
Model: "model_2"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 input_a (InputLayer)        [(None, 72, 1)]           0

 input_b (InputLayer)        [(None, 1)]               0

 batch_normalization (Batch  (None, 72, 8)             32
 Normalization)

 dense (Dense)               (None, 72)                32

=================================================================
Total params: 64 (256.00 Byte)
Trainable params: 48 (192.00 Byte)
Non-trainable params: 16 (64.00 Byte)
_________________________________________________________________
"""


def test_parse_functional_summary_with_wrapped_cells():
    assert parse_summary(FUNCTIONAL) == {
        "params": 9416,
        "layer_params": [4680, 4736],
        "input_shape": [None, 72, 1],
    }


def test_parse_summary_without_connections_and_two_inputs():
    parsed = parse_summary(SEQUENTIAL_TWO_INPUTS)
    assert parsed["layer_params"] == [32, 32]
    assert parsed["input_shape"] == [[None, 72, 1], [None, 1]]


def test_parse_rejects_rows_that_do_not_sum_to_the_total():
    with pytest.raises(ValueError, match="sum to"):
        parse_summary(FUNCTIONAL.replace("Total params: 9416", "Total params: 9417"))


@pytest.mark.shared
def test_reference_json_equals_the_parsed_summaries():
    summaries = shared_path("reference", "architectures")
    parsed = parse_directory(summaries)
    assert len(parsed) == 41
    assert parsed == load_reference()


def test_a_missing_summaries_folder_never_offers_or_writes_an_empty_reference(tmp_path, capsys):
    from zoo_reference import REFERENCE_JSON, main

    before = REFERENCE_JSON.read_bytes()
    for argv in ([], ["--write"]):
        assert main([*argv, "--summaries", str(tmp_path / "absent")]) == 2
        printed = capsys.readouterr().out
        assert "nothing to compare" in printed and "--write" not in printed
    assert REFERENCE_JSON.read_bytes() == before
