"""Scheduling backtest on the real ENTSO-E slices: `carbonwh schedule-backtest` per slice.

    python -m benchmarks.schedule_backtest DATA_DIR RESULTS_DIR [--policies ...] [--out F.json]

Runs the command for DE, DK, ES, HU x summer, winter (each in its own process, timed),
then prints a Markdown table of the 4 h / 24 h and 8 h / 48 h rows and the seconds per slice.
The models must have been trained into RESULTS_DIR (`carbonwh train-matrix`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

SLICES = [(c, s) for c in ("DE", "DK", "ES", "HU") for s in ("summer", "winter")]
POLICIES = "now,random,persistence,oracle,DLinear_Model,N_Beats_Model"
JOBS = ((4, 24), (8, 48))
SHOWN = ("persistence", "DLinear_Model", "N_Beats_Model", "oracle")


def run(data_dir: str, results_dir: str, policies: str) -> tuple[list[dict], dict]:
    rows, seconds = [], {}
    for country, season in SLICES:
        command = [
            sys.executable, "-m", "warehouse", "schedule-backtest",
            "--country", country, "--season", season, "--policies", policies,
            "--durations", "1,4,8", "--deadlines", "24,48,72",
            "--data-dir", data_dir, "--results-dir", results_dir, "--json",
        ]  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds[f"{country} {season}"] = round(time.perf_counter() - started, 1)
        if done.returncode != 0:
            raise SystemExit(f"{country} {season}: {done.stderr.strip()}")
        rows += json.loads(done.stdout)
    return rows, seconds


def markdown(rows: list[dict]) -> str:
    lines = [
        "| slice | job | now % | random % | "
        + " | ".join(f"{p} % (CO₂ vs now / vs random)" for p in SHOWN)
        + " |",
        "|---|---|--:|--:|" + "--:|" * len(SHOWN),
    ]
    for country, season in SLICES:
        for duration, deadline in JOBS:
            cell = {
                r["policy"]: r
                for r in rows
                if (r["country"], r["season"], r["duration_h"], r["deadline_h"])
                == (country, season, duration, deadline)
            }
            if not cell:
                continue
            any_row = next(iter(cell.values()))
            shown = []
            for policy in SHOWN:
                r = cell.get(policy)
                shown.append(
                    "–"
                    if r is None
                    else f"{r['mean_share_pct']:.1f} ({-r['co2_reduction_pct']:+.1f} / "
                    f"{-r['co2_reduction_vs_random_pct']:+.1f} %)"
                )
            lines.append(
                f"| {country} {season} | {duration} h / {deadline} h | "
                f"{any_row['now_share_pct']:.1f} | {any_row['random_share_pct']:.1f} | "
                + " | ".join(shown)
                + " |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.schedule_backtest")
    parser.add_argument("data_dir")
    parser.add_argument("results_dir")
    parser.add_argument("--policies", default=POLICIES)
    parser.add_argument("--out", help="Also write all rows as JSON here.")
    args = parser.parse_args(argv)
    rows, seconds = run(args.data_dir, args.results_dir, args.policies)
    if args.out:
        Path(args.out).write_text(json.dumps({"rows": rows, "seconds": seconds}, indent=1))
    print(markdown(rows))
    print()
    print("seconds per slice (process start, TensorFlow import, model loads, backtest, files):")
    print(", ".join(f"{k} {v}" for k, v in seconds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
