"""What the zoo holds: one record per registered model, and the Markdown table of it in docs/zoo.md.

python -m models_tf.zoo._describe     # print the Markdown table for docs/zoo.md
"""

from __future__ import annotations

import copy
import functools

from models_tf import zoo


def layer_params(model) -> list[int]:
    """Sorted parameter counts of `model.layers` that have parameters (a nested model is one
    layer), as in a Keras `model.summary()`."""
    return sorted(n for layer in model.layers if (n := layer.count_params()) > 0)


def input_shape(model) -> list:
    """`model.input_shape` as JSON-ready lists (a list of shapes for multi-input models)."""
    shape = model.input_shape
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


def describe(name: str) -> dict:
    """Build `name` and summarise it: name, family, version, params, layer_params, input_shape."""
    return copy.deepcopy(_describe(name))


@functools.cache
def _describe(name: str) -> dict:
    # Building is deterministic and costs up to seconds per model: once per process.
    spec = zoo.spec(name)
    model = spec.build()
    return {
        "name": spec.name,
        "family": spec.family,
        "version": spec.version,
        "params": int(model.count_params()),
        "layer_params": layer_params(model),
        "input_shape": input_shape(model),
    }


def describe_all(names: list[str] | None = None) -> list[dict]:
    return [describe(name) for name in (names or zoo.names())]


def markdown_table(records: list[dict]) -> str:
    """One row per family: its versions and their parameter counts."""
    families: dict[str, list[dict]] = {}
    for record in records:
        families.setdefault(record["family"], []).append(record)
    lines = [
        "| family | versions | params (per version) | input shape |",
        "|---|---|---|---|",
    ]
    for family, members in sorted(families.items()):
        members.sort(key=lambda r: r["version"])
        versions = ", ".join(r["version"] for r in members)
        params = " / ".join(f"{r['params']:,}" for r in members)
        shapes = [_shape_text(r["input_shape"]) for r in members]
        # One shape when the versions agree, else one per version like the params.
        shape = shapes[0] if len(set(shapes)) == 1 else " / ".join(shapes)
        lines.append(f"| {family} | {versions} | {params} | {shape} |")
    return "\n".join(lines) + "\n"


def _shape_text(shape: list) -> str:
    if shape and isinstance(shape[0], list):
        return " + ".join(_shape_text(s) for s in shape)
    return "(" + ", ".join("batch" if d is None else str(d) for d in shape) + ")"


if __name__ == "__main__":
    print(markdown_table(describe_all()), end="")
