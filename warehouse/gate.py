"""The CI gate (`carbonwh check`) and the Hugging Face model-card block: pure formatting
and comparison over the rows `budget_marts` reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from warehouse.budget_marts import CardRun, Regression, RunTotal


@dataclass
class GateResult:
    breaches: list[str] = field(default_factory=list)
    markdown: str = ""

    @property
    def passed(self) -> bool:
        return not self.breaches


def gate(
    runs: list[RunTotal],
    regressions: list[Regression] | None,
    *,
    max_total_kg: float | None = None,
    max_run_kg: float | None = None,
    since: str | None = None,
) -> GateResult:
    """Breaches: the total over a budget, each run over the per-run budget, each regression
    (when `regressions` is given). Estimated runs count, and are labelled as such."""
    result = GateResult()
    total = sum(r.kg for r in runs if r.kg is not None)
    n_estimated = sum(r.is_estimated for r in runs)
    n_unknown = sum(r.kg is None for r in runs)
    if max_total_kg is not None and total > max_total_kg:
        result.breaches.append(
            f"total {total:.6g} kg CO2e over {len(runs)} runs exceeds --max-total-kg {max_total_kg:g}"
        )
    if max_run_kg is not None:
        for r in runs:
            if r.kg is not None and r.kg > max_run_kg:
                kind = "estimated" if r.is_estimated else "measured"
                result.breaches.append(
                    f"run {r.run} ({r.model}, {r.country} {r.season}): {r.kg:.6g} kg ({kind}) "
                    f"exceeds --max-run-kg {max_run_kg:g}"
                )
    for reg in regressions or []:
        change = f"+{reg.change_pct:.1f} %" if reg.change_pct is not None else "up"
        result.breaches.append(
            f"regression {reg.model} {reg.slice}: newest run {reg.newest_run} "
            f"{reg.newest_value_kg:.6g} kg ({reg.basis}) vs baseline {reg.baseline_kg:.6g} kg, {change}"
        )
    lines = [
        "## carbonwh check: "
        + ("passed" if result.passed else f"{len(result.breaches)} breach(es)"),
        "",
        "| figure | value | limit |",
        "|---|---:|---:|",
        f"| runs{' since ' + since if since else ''} | {len(runs)} | |",
        f"| total kg CO2e (measured + estimated) | {total:.6g} | "
        f"{'' if max_total_kg is None else f'{max_total_kg:g}'} |",
        f"| runs with estimated emissions | {n_estimated} | |",
        f"| largest run kg | {max((r.kg for r in runs if r.kg is not None), default=0):.6g} | "
        f"{'' if max_run_kg is None else f'{max_run_kg:g}'} |",
    ]
    if regressions is not None:
        lines.append(f"| emission regressions | {len(regressions)} | 0 |")
    if n_unknown:
        lines.append(f"| runs with neither a measurement nor an estimate | {n_unknown} | |")
    if result.breaches:
        lines += ["", *[f"- {b}" for b in result.breaches]]
    result.markdown = "\n".join(lines) + "\n"
    return result


def model_card(run: CardRun, n_runs: int) -> str:
    """The `co2_eq_emissions:` block of a Hugging Face model card (YAML front matter)."""
    hardware = ", ".join(h for h in (run.cpu_model, run.gpu_model) if h) or "unknown"
    version = f"CodeCarbon {run.codecarbon_version}" if run.codecarbon_version else "CodeCarbon"
    location = run.compute_country_name or run.compute_country_iso or "unknown"
    return (
        f"# {run.model}: run {run.run} (best MAE of {n_runs} measured runs)\n"
        "co2_eq_emissions:\n"
        f"  emissions: {run.emissions_kg * 1000:.6g}\n"
        f'  source: "{version}, carbonwh exact method"\n'
        '  training_type: "pre-training"\n'
        f'  geographical_location: "{location}"\n'
        f'  hardware_used: "{hardware}"\n'
    )
