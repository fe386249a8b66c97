"""The benchmark's figures as a rich table, with the ratios and the targets of issue 7."""

from __future__ import annotations

from rich.table import Table

from benchmarks.run import StageResult, figures

LARGE_N = 100_000  # the dbt/report/RSS targets are stated at this many runs


def _ratio(a, b):
    return a / b if a is not None and b else None


def _verdict(value, ok: bool | None) -> str:
    if value is None or ok is None:
        return ""
    return "[green]met[/green]" if ok else "[red]missed[/red]"


def render(report: dict) -> Table:
    fig = figures(report)
    stages: dict[str, StageResult] = report["stages"]
    n = fig["files"]
    at_scale = n >= LARGE_N
    ingest = fig["ingest_s"]
    baseline_ratio = _ratio(fig["baseline_pandas_s"], ingest)
    floor_ratio = _ratio(ingest, fig["floor_read_s"])
    unchanged_share = _ratio(fig["reingest_unchanged_s"], ingest)
    changed_share = _ratio(fig["reingest_1pct_s"], ingest)
    overhead_15 = fig["tracker_overhead_ratio_15s"]
    overhead_1 = fig["tracker_overhead_ratio_1s"]
    rss = fig["ingest_peak_rss_mb"]

    table = Table(title=f"carbonwh bench: {n:,} emissions CSVs (+ reports, backups)")
    for column in ("stage", "seconds", "peak RSS MB", "figure", "target", "verdict"):
        justify = "right" if column in ("seconds", "peak RSS MB") else "left"
        table.add_column(column, justify=justify, overflow="fold")

    def row(name, label, figure="", target="", verdict=""):
        stage = stages.get(name)
        secs = f"{stage.seconds:.2f}" if stage and stage.seconds is not None else "-"
        mem = f"{stage.peak_rss_mb:.0f}" if stage and stage.peak_rss_mb is not None else "-"
        if stage and not stage.ok:
            figure = f"[red]{stage.error}[/red]"
        table.add_row(label, secs, mem, figure, target, verdict)

    synth = report["synth"]
    table.add_row(
        "synth-results (setup)", f"{synth['seconds']:.2f}", "-",
        f"{synth['files']:,} CSVs, {synth['backups']:,} .bak, {synth['reports']:,} reports, "
        f"{synth['bytes'] / 1e6:.0f} MB", "", "",
    )  # fmt: skip
    row("floor", "floor: read bytes")
    row("baseline_pandas", "baseline: pandas/file")
    row(
        "ingest", "first ingest",
        f"{baseline_ratio:.1f}x faster, {floor_ratio:.1f}x floor"
        if baseline_ratio and floor_ratio else "",
        ">= 20x faster, <= 5x floor",
        _verdict(baseline_ratio, baseline_ratio and floor_ratio
                 and baseline_ratio >= 20 and floor_ratio <= 5),
    )  # fmt: skip
    row("reingest_unchanged", "re-ingest unchanged",
        f"{unchanged_share:.1%} of first" if unchanged_share else "", "<= 10%",
        _verdict(unchanged_share, unchanged_share is not None and unchanged_share <= 0.10))  # fmt: skip
    row("reingest_1pct", "re-ingest 1% changed",
        f"{changed_share:.1%} of first" if changed_share else "")  # fmt: skip
    row("dbt_build", "dbt build", "", "<= 60 s at 100k",
        _verdict(fig["dbt_build_s"], fig["dbt_build_s"] <= 60) if at_scale else "")  # fmt: skip
    if "spark_build" in stages:
        spark = stages["spark_build"]
        spark_ratio = _ratio(fig["spark_build_s"], fig["dbt_build_s"])
        export = spark.data.get("export_s")
        row("spark_build", "dbt build on Spark",
            (f"x{spark_ratio:.1f} DuckDB's" if spark_ratio else "")
            + (f"; export {export:.1f} s" if export else ""))  # fmt: skip
    row("report", "carbonwh report", "", "<= 30 s at 100k",
        _verdict(fig["report_s"], fig["report_s"] <= 30) if at_scale else "")  # fmt: skip
    table.add_row("ingest peak RSS", "", f"{rss:.0f}" if rss else "-", "", "<= 1024 MB at 100k",
                  _verdict(rss, rss <= 1024) if at_scale else "")  # fmt: skip
    row("tracker_overhead", "tracker overhead 15 s",
        f"x{overhead_15:.3f} ({overhead_15 - 1:+.1%})" if overhead_15 else "", "<= +2%",
        _verdict(overhead_15, overhead_15 is not None and overhead_15 <= 1.02))  # fmt: skip
    if overhead_1:
        table.add_row("tracker overhead 1 s", "", "",
                      f"x{overhead_1:.3f} ({overhead_1 - 1:+.1%})", "", "")  # fmt: skip
    tracker = stages["tracker_overhead"].data if stages["tracker_overhead"].ok else {}
    fixed = tracker.get("tracker_fixed_cost_s")
    if fixed is not None:
        plain = tracker["median_s"]["plain"]
        table.add_row("first tracker start+stop", f"{fixed:.2f}", "",
                      f"{fixed / plain:+.1%} of a {plain:.0f} s training, once per process", "", "")  # fmt: skip
    return table
