-- Run cells that cannot enter the trade-off tables: a run report without emissions (no
-- CodeCarbon file, or one that was quarantined), or emissions without an MAE (no run
-- report, or a report without metrics).
--   carbonwh sql --file warehouse/queries/runs_missing_metrics_or_emissions.sql --format csv
select
    model,
    country,
    season,
    run,
    case
        when emissions_kg is null and mae is null then 'emissions and metrics'
        when emissions_kg is null then 'emissions'
        else 'metrics'
    end as missing,
    emissions_kg,
    mae
from marts.fct_training_runs
where emissions_kg is null or mae is null
order by model, country, season, run
