"""Tracking configuration and Results paths: env conventions, fallbacks, precedence."""

from __future__ import annotations

import pytest

from models_tf.naming import RunContext
from models_tf.tracking import TrackingConfigError, emissions_csv_path, tracker_settings

ENV_NAMES = ("ENTRY_MODEL_NAME", "RUN_MODEL_NAME", "COUNTRY_CODE", "BIONET_SEASON")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    for name in list(__import__("os").environ):
        if name.lower().startswith("codecarbon_"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("CARBONWH_RESULTS_DIR", raising=False)


def test_tracker_path_follows_env_conventions(monkeypatch, tmp_path):
    monkeypatch.setenv("ENTRY_MODEL_NAME", "DLinear_Model")
    monkeypatch.setenv("COUNTRY_CODE", "DK")
    monkeypatch.setenv("BIONET_SEASON", "Winter")
    monkeypatch.setenv("CARBONWH_RESULTS_DIR", str(tmp_path / "R"))
    path = emissions_csv_path("DLinear_Model_Denmark_winter_run1")
    assert path == (
        tmp_path
        / "R/emissions/DLinear_Model/Denmark/winter/DLinear_Model_Denmark_winter_run1_emissions.csv"
    )


def test_run_model_name_is_the_second_choice(monkeypatch):
    monkeypatch.setenv("RUN_MODEL_NAME", "Mamba_Model")
    assert RunContext.resolve().model == "Mamba_Model"
    monkeypatch.setenv("ENTRY_MODEL_NAME", "DLinear_Model")
    assert RunContext.resolve().model == "DLinear_Model"


def test_fallbacks_without_env(tmp_path):
    path = emissions_csv_path("x", results_dir=tmp_path)
    assert path == tmp_path / "emissions/model/All/unknown/x_emissions.csv"


def test_unknown_country_code_is_used_as_is(monkeypatch):
    monkeypatch.setenv("COUNTRY_CODE", "QQ")
    assert RunContext.resolve().country == "QQ"


def test_explicit_values_win_over_env(monkeypatch, tmp_path):
    monkeypatch.setenv("ENTRY_MODEL_NAME", "Env_Model")
    monkeypatch.setenv("COUNTRY_CODE", "DE")
    context = RunContext.resolve("DLinear_Model", "HU", "SUMMER")
    assert (context.model, context.country, context.season) == (
        "DLinear_Model",
        "Hungary",
        "summer",
    )
    assert context.run_name(3) == "DLinear_Model_Hungary_summer_run3"
    assert (
        context.report_json(tmp_path, "r")
        == tmp_path / "reports/DLinear_Model/Hungary/summer/r.json"
    )


def test_output_file_name_or_path(tmp_path):
    bare = emissions_csv_path("x", "custom.csv", results_dir=tmp_path)
    assert bare == tmp_path / "emissions/model/All/unknown/custom.csv"
    full = emissions_csv_path("x", tmp_path / "elsewhere/y.csv", results_dir=tmp_path)
    assert full == tmp_path / "elsewhere/y.csv"


def write_config(tmp_path, text):
    path = tmp_path / "codecarbon.config"
    path.write_text("[codecarbon]\n" + text)
    return path


def test_repo_config_provides_defaults():
    settings = tracker_settings(environ={})
    assert settings["country_iso_code"] == "DEU"
    assert settings["measure_power_secs"] == 15.0
    assert settings["on_csv_write"] == "append" and "csv" in settings["output_methods"]


def test_precedence_file_then_env_then_arguments(tmp_path):
    path = write_config(tmp_path, "country = FRA\nmeasure_power_secs = 5\npue = 1.2\n")
    from_file = tracker_settings(config_file=path, environ={})
    assert (from_file["country_iso_code"], from_file["measure_power_secs"], from_file["pue"]) == (
        "FRA",
        5.0,
        1.2,
    )
    env = {"CODECARBON_MEASURE_POWER_SECS": "7", "CODECARBON_COUNTRY_ISO_CODE": "ESP"}
    from_env = tracker_settings(config_file=path, environ=env)
    assert (from_env["country_iso_code"], from_env["measure_power_secs"]) == ("ESP", 7.0)
    assert from_env["pue"] == 1.2
    explicit = tracker_settings({"measure_power_secs": 1}, config_file=path, environ=env)
    assert explicit["measure_power_secs"] == 1


def test_env_file_via_carbonwh_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("CARBONWH_CODECARBON_CONFIG", str(write_config(tmp_path, "country = DK\n")))
    assert tracker_settings(environ={})["country_iso_code"] == "DNK"


def test_bad_config_value_names_the_source(tmp_path):
    path = write_config(tmp_path, "measure_power_secs = often\n")
    with pytest.raises(TrackingConfigError, match=r"codecarbon.config: measure_power_secs"):
        tracker_settings(config_file=path, environ={})


def test_unknown_config_key_warns(tmp_path):
    path = write_config(tmp_path, "measure_powr_secs = 3\n")
    with pytest.warns(UserWarning, match="measure_powr_secs"):
        settings = tracker_settings(config_file=path, environ={})
    assert "measure_powr_secs" not in settings
