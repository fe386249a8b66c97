"""Stage: the same dbt build on Apache Spark (`carbonwh build --target spark`).

`python -m benchmarks.stage_spark DB TARGET_DIR` exports the raw tables as Parquet,
registers them and runs `dbt build --target spark` on the loopback cluster of `make
spark-up`, with the Spark warehouse under TARGET_DIR/spark. Prints a result line with the
total seconds and the export's share.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from benchmarks.stage import emit


def main(argv: list[str] | None = None) -> None:
    db_path, target_dir = sys.argv[1:3] if argv is None else argv[:2]
    os.environ["CARBONWH_SPARK_DIR"] = str(Path(target_dir).resolve() / "spark")
    from warehouse.spark_target import build_on_spark

    steps: dict[str, float] = {}
    started = time.perf_counter()

    def on_step(message: str) -> None:
        steps[message.split()[0]] = time.perf_counter() - started

    result = build_on_spark(db_path, target_path=target_dir, on_step=on_step)
    emit(
        {
            "seconds": time.perf_counter() - started,
            "export_s": steps.get("exported"),
            "register_s": steps.get("registered"),
            "success": result.success,
            "failures": result.failures[:20],
        }
    )


if __name__ == "__main__":
    main()
