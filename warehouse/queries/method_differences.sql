-- Where the two aggregation methods disagree: run cells whose published-method emissions
-- (per file: max when the column rises, else sum) differ from the exact total over all
-- executions, with the reason (see docs/dbt.md, "The two aggregation methods").
--   carbonwh sql --file warehouse/queries/method_differences.sql
select
    model,
    country,
    season,
    run,
    emissions_kg_published,
    total_emissions_kg,
    difference_kg,
    difference_pct,
    n_executions,
    reason
from marts.rpt_method_differences
order by abs(difference_kg) desc nulls first, model asc, run asc
