-- One row per work-plan target for year $year, in the fixed metric order.
select year, metric, target
from targets
where year = $year
order by list_position(['members', 'countries', 'events', 'engaged_members'], metric)
