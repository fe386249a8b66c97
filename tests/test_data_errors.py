"""Bad data files give clear errors that name the file and the line."""

from __future__ import annotations

import pytest

from models_tf.data import DataError, data_file, load_dataset

GOOD = "2021-04-01 00:00:00+00:00,30.0\n2021-04-01 01:00:00+00:00,31.0\n"


def write(tmp_path, text, name="energy_data_DE_5years_summer.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_missing_file(tmp_path):
    path = data_file(tmp_path, "de", "Summer")
    assert path.name == "energy_data_DE_5years_summer.csv"
    with pytest.raises(DataError, match=r"energy_data_DE_5years_summer.csv: data file not found"):
        load_dataset(path, "summer")


def test_wrong_header(tmp_path):
    path = write(tmp_path, "time,share\n" + GOOD)
    with pytest.raises(DataError, match=r"summer.csv, line 1: header is 'time,share'"):
        load_dataset(path, "summer")


def test_empty_file(tmp_path):
    with pytest.raises(DataError, match="empty file"):
        load_dataset(write(tmp_path, ""), "summer")


@pytest.mark.parametrize("bad", ["abc", "", "nan", "inf", "12,5"])
def test_non_numeric_value_names_file_and_line(tmp_path, bad):
    text = "startTime,renewable_percentage\n" + GOOD + f"2021-04-01 02:00:00+00:00,{bad}\n"
    path = write(tmp_path, text)
    with pytest.raises(DataError, match=r"energy_data_DE_5years_summer.csv, line 4") as info:
        load_dataset(path, "summer")
    assert str(path) in str(info.value)


def test_bad_timestamp_names_the_line(tmp_path):
    text = "startTime,renewable_percentage\n" + GOOD + "yesterday,20.0\n"
    with pytest.raises(DataError, match=r"line 4: startTime 'yesterday' is not a timestamp"):
        load_dataset(write(tmp_path, text), "summer")


def test_off_the_hour_timestamp(tmp_path):
    text = "startTime,renewable_percentage\n" + GOOD + "2021-04-01 02:30:00+00:00,20.0\n"
    with pytest.raises(DataError, match=r"line 4: .* is not on the hour"):
        load_dataset(write(tmp_path, text), "summer")


def test_header_only(tmp_path):
    with pytest.raises(DataError, match="no data rows"):
        load_dataset(write(tmp_path, "startTime,renewable_percentage\n"), "summer")


def test_cli_reports_data_errors_without_traceback(cli, tmp_path):
    write(tmp_path, "time,share\n" + GOOD)
    result = cli(
        ["train", "--model", "DLinear_Model", "--country", "DE", "--season", "summer"]
        + ["--data-dir", tmp_path, "--results-dir", tmp_path / "R", "--quick"]
    )
    assert result.exit_code == 2
    assert "header is 'time,share'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "R").exists()  # nothing tracked for a run that cannot start
