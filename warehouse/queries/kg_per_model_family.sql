-- kg CO2e per model family: runs, total and mean emissions (exact method), energy, and
-- the mean MAE of the family, largest emitters first.
--   carbonwh sql --file warehouse/queries/kg_per_model_family.sql --format markdown
select
    family,
    count(*) as n_runs,
    count(distinct model) as n_models,
    sum(emissions_kg) as total_emissions_kg,
    avg(emissions_kg) as mean_emissions_kg,
    sum(energy_kwh) as total_energy_kwh,
    avg(mae) as mean_mae
from marts.fct_training_runs
group by family
order by total_emissions_kg desc nulls last, family asc
