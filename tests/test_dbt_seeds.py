"""The dbt seeds stay equal to their Python sources of truth."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"


def read_seed(name: str) -> list[dict[str, str]]:
    with open(SEEDS / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_country_seed_equals_models_tf_countries():
    from models_tf.countries import COUNTRIES

    seed = {
        row["country_code"]: (row["country_name"], row["iso3"])
        for row in read_seed("entsoe_countries.csv")
    }
    assert seed == COUNTRIES


def test_zoo_seed_lists_every_registered_model_with_family_and_version():
    from models_tf import zoo

    seed = [(r["model"], r["family"], r["version"]) for r in read_seed("zoo_models.csv")]
    registry = [(n, zoo.spec(n).family, zoo.spec(n).version) for n in zoo.names()]
    assert seed == registry


def test_zoo_seed_rows_equal_carbonwh_zoo_csv(cli):
    # Building every model to count parameters takes ~30 s; the DLinear family (cheap)
    # checks that the seed's rows are the command's rows, parameter counts included.
    names = ["DLinear_Model", "DLinear_Model_v2", "DLinear_Model_v3"]
    result = cli(["zoo", "--csv", *names])
    assert result.exit_code == 0, result.output
    produced = list(csv.DictReader(io.StringIO(result.stdout)))
    seed = [row for row in read_seed("zoo_models.csv") if row["model"] in names]
    assert produced == seed
    assert all(int(row["params"]) > 0 for row in read_seed("zoo_models.csv"))
