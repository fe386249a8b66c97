-- Top emitters: the 20 training runs with the most kg CO2e (exact method, the execution
-- the run's metrics belong to), with their accuracy and what produced them.
--   carbonwh sql --file warehouse/queries/top_emitters.sql
select
    model,
    country,
    season,
    run,
    emissions_kg,
    total_emissions_kg,
    energy_kwh,
    duration_s,
    mae,
    n_executions,
    compute_country_iso
from marts.fct_training_runs
where emissions_kg is not null
order by emissions_kg desc, model asc, run asc
limit 20
