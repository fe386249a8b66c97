"""Stage: `dbt build` of the project into a warehouse file.

`python -m benchmarks.stage_dbt DB TARGET_DIR` runs `warehouse.dbt_runner.build` (strict
parse, seeds, models, tests) with its artifacts in TARGET_DIR and prints a result line.
"""

from __future__ import annotations

import sys
import time

from benchmarks.stage import emit


def main(argv: list[str] | None = None) -> None:
    from warehouse.dbt_runner import build

    db_path, target_dir = sys.argv[1:3] if argv is None else argv[:2]
    started = time.perf_counter()
    # The benchmark's runs are synthetic (benchmarks/synth_results.py): include them, so
    # the publication marts are built over all of them as before.
    vars = {"include_synthetic": True}
    result = build(db_path, quiet=True, target_path=target_dir, vars=vars)
    emit(
        {
            "seconds": time.perf_counter() - started,
            "success": result.success,
            "failures": result.failures[:20],
        }
    )


if __name__ == "__main__":
    main()
