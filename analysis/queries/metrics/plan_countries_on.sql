-- One row: how many countries the members passing the member filters that are active on $measured_on come from.
select count(distinct country) as countries
from active_members($measured_on, $countries, $regions, $member_types)
