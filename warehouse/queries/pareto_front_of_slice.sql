-- Pareto front of one slice (country x season): the models no other model beats on both
-- mean MAE and mean emissions, lowest MAE first. `slice` is "<Country> <Season>", e.g.
-- 'Denmark Summer'; set it first in the same call, or leave it unset for the first slice:
--   carbonwh sql "set variable slice = 'Denmark Summer'; $(cat warehouse/queries/pareto_front_of_slice.sql)"
--   carbonwh sql --file warehouse/queries/pareto_front_of_slice.sql
with chosen as (
    select coalesce(getvariable('slice'), min(slice)) as slice
    from marts.rpt_pareto_front
)

select
    front.slice,
    front.pareto_rank,
    front.model,
    front.mean_mae,
    front.mean_emissions_kg,
    front.n_runs
from marts.rpt_pareto_front as front
inner join chosen on front.slice = chosen.slice
where front.method = 'exact' and front.is_pareto
order by front.pareto_rank
