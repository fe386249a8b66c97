"""`carbonwh refresh`: ingest -> dbt build -> report, for cron/systemd/CI."""

from __future__ import annotations

import typer

from warehouse.commands.build import Target
from warehouse.commands.report import Method
from warehouse.options import DbOption, ReportDirOption, ResultsDirOption, VarsOption, WaitOption


def spark_builder(variables: dict | None):
    """A refresh builder: build on Spark, then copy the marts into the DuckDB file the
    report reads."""

    def build(db_path):
        from warehouse.spark_target import build_on_spark, copy_marts_to_duckdb

        result = build_on_spark(db_path, vars=variables)
        if result.success:
            copy_marts_to_duckdb(db_path)
        return result

    return build


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("refresh")
    def refresh(
        results_dir: ResultsDirOption = None,
        db: DbOption = None,
        out: ReportDirOption = None,
        force: bool = typer.Option(
            False, "--force", help="Build and report even when ingest found nothing new."
        ),
        fail_on_regression: bool = typer.Option(
            False, "--fail-on-regression", help="Exit 4 when rpt_emission_regressions flags a run."
        ),
        method: Method = typer.Option(
            Method.exact,
            "--method",
            help="Aggregation method of the report (`seed`: former name of `published`).",
        ),
        target: Target = typer.Option(
            Target.duckdb,
            "--target",
            help="Engine of the build: duckdb, or spark (the marts are then copied back into "
            "the warehouse file for the report).",
        ),
        dbt_vars: VarsOption = None,
        wait: WaitOption = 60.0,
    ) -> None:
        """Ingest new/changed result files, rebuild the marts (dbt build with tests) and
        rewrite the report; skipped when nothing changed.

        Without --vars a build uses the vars of the last build a refresh ran.
        Exit 0 ok or skipped, 1 failed, 2 bad input, 3 busy, 4 regression (with
        --fail-on-regression).
        """
        from warehouse import console
        from warehouse.build_vars import BuildVarsError, parse_vars
        from warehouse.db import WarehouseBusy
        from warehouse.refresh import RefreshBusy
        from warehouse.refresh import refresh as run_refresh
        from warehouse.settings import resolve
        from warehouse.sources import record_labels, split_label

        labelled = [split_label(r) for r in results_dir or []]
        settings = resolve(db=db, results_dirs=[path for _, path in labelled], report_dir=out)
        roots = list(settings.results_dirs)
        labels = {root: label for root, (label, _) in zip(roots, labelled, strict=False) if label}
        missing = [r for r in roots if not r.is_dir()]
        if missing:
            console.fail(f"results directory {missing[0]} does not exist", console.EXIT_USAGE)
        try:
            variables = parse_vars(dbt_vars)
        except BuildVarsError as exc:
            console.fail(str(exc), console.EXIT_USAGE)
        db_path, out_dir = settings.db, settings.report_dir
        settings.announce(console.say)
        try:
            if labels:
                from warehouse.db import connect

                con = connect(db_path, wait=wait)
                try:
                    record_labels(con, labels)
                finally:
                    con.close()
            result = run_refresh(
                roots,
                db_path,
                out_dir,
                force=force,
                fail_on_regression=fail_on_regression,
                method=method.value,
                wait=wait,
                progress=lambda message: console.say(message, markup=False),
                dbt_vars=variables,
                builder=spark_builder(variables) if target is Target.spark else None,
            )
        except (RefreshBusy, WarehouseBusy) as exc:
            console.err().print(console.labelled("refresh not started", "red", str(exc)))
            raise typer.Exit(console.EXIT_BUSY) from None
        if result.status == "failed":
            console.err().print(console.labelled("refresh failed", "red", str(result.error)))
        if result.regressions:
            console.warn(
                f"{console.plural(result.regressions, 'emission regression')} "
                "flagged in marts.rpt_emission_regressions"
            )
        index = result.report_index or (
            str(out_dir / "index.html") if (out_dir / "index.html").exists() else None
        )
        typer.echo(f"refresh {result.status}" + (f"; report: {index}" if index else ""))
        raise typer.Exit(result.exit_code)
