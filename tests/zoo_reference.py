"""Parse the reference Keras 2 `model.summary()` files into `tests/data/zoo_reference.json`.

For every variant: total parameter count, the sorted parameter counts of the layers that
have parameters (nested models are one row, as in `model.layers`), and the input shape.

    python tests/zoo_reference.py            # compare the JSON with ../shared (exit 1 if stale)
    python tests/zoo_reference.py --write    # regenerate the JSON
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REFERENCE_JSON = TESTS_DIR / "data" / "zoo_reference.json"
SUMMARIES_DIR = TESTS_DIR.parent.parent / "shared" / "reference" / "architectures"

_RULE = re.compile(r"^[=_]{20,}\s*$")
_TOTAL = re.compile(r"^Total params: ([\d,]+)")
_NAME_TYPE = re.compile(r"^(?P<name>\S+) \((?P<type>\w+)\)$")


def _column_starts(header: str) -> tuple[int, int, int]:
    """Offsets of the Output Shape, Param # and (optional) Connected to columns."""
    shape = header.index("Output Shape")
    params = header.index("Param #")
    connected = header.find("Connected to")
    return shape, params, connected if connected >= 0 else len(header) + 1000


def parse_summary(text: str) -> dict:
    """One summary -> {"params", "layer_params", "input_shape"}."""
    lines = text.splitlines()
    header_at = next(i for i, line in enumerate(lines) if "Layer (type)" in line)
    shape_col, params_col, connected_col = _column_starts(lines[header_at])
    body_end = next(i for i in range(header_at + 2, len(lines)) if lines[i].startswith("="))
    blocks, current = [], []
    for line in lines[header_at + 2 : body_end]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)

    rows = []
    for block in blocks:
        # The first column wraps at a fixed width (2 spaces before the next column), so its
        # chunks are joined unstripped; the other columns are read from the first line.
        label = "".join(line[1 : shape_col - 2] for line in block).strip()
        match = _NAME_TYPE.match(label)
        if not match:
            raise ValueError(f"cannot read layer label {label!r}")
        shape = "".join(line[shape_col:params_col].strip() for line in block)
        n_params = int(block[0][params_col:connected_col].strip())
        rows.append((match["name"], match["type"], n_params, shape))

    total = next(int(m[1].replace(",", "")) for line in lines if (m := _TOTAL.match(line)))
    if total != sum(n for _, _, n, _ in rows):
        raise ValueError(f"layer rows sum to {sum(n for _, _, n, _ in rows)}, total says {total}")
    input_shapes = [shape for _, kind, _, shape in rows if kind == "InputLayer"]
    if not input_shapes:
        raise ValueError("no InputLayer")
    # "[(None, 72, 1)]" -> [None, 72, 1]; a multi-input model gets a list of shapes, as
    # `model.input_shape` does.
    shapes = [list(ast.literal_eval(shape.strip("[]"))) for shape in input_shapes]
    input_shape = shapes[0] if len(shapes) == 1 else shapes
    return {
        "params": total,
        "layer_params": sorted(n for _, _, n, _ in rows if n > 0),
        "input_shape": input_shape,
    }


def parse_directory(directory: Path = SUMMARIES_DIR) -> dict[str, dict]:
    """All `<Name>__<builder>.txt` summaries in `directory`, keyed by model name."""
    parsed = {}
    for path in sorted(directory.glob("*__*.txt")):
        name = path.name.split("__", 1)[0]
        try:
            parsed[name] = parse_summary(path.read_text())
        except (ValueError, StopIteration) as err:
            raise ValueError(f"{path}: {err}") from err
    return dict(sorted(parsed.items()))


def load_reference(path: Path = REFERENCE_JSON) -> dict[str, dict]:
    return json.loads(path.read_text())


def render(reference: dict[str, dict]) -> str:
    return json.dumps(reference, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="regenerate the JSON")
    parser.add_argument("--summaries", type=Path, default=SUMMARIES_DIR)
    args = parser.parse_args(argv)
    summaries = parse_directory(args.summaries) if args.summaries.is_dir() else {}
    if not summaries:
        # Never compare with (or write) an empty reference: the committed JSON stays.
        print(
            f"no architecture summaries in {args.summaries} (../shared is not part of a fresh "
            f"clone): nothing to compare; {REFERENCE_JSON} is left as it is"
        )
        return 2
    text = render(summaries)
    if args.write:
        REFERENCE_JSON.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE_JSON.write_text(text)
        print(f"wrote {REFERENCE_JSON}")
        return 0
    if REFERENCE_JSON.read_text() != text:
        print(f"{REFERENCE_JSON} differs from {args.summaries}; rerun with --write")
        return 1
    print(f"{REFERENCE_JSON} matches {args.summaries}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
