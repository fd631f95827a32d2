-- One row per region (UN M49, of the member's country) with at least one member active on $as_of.
select region, count(*) as members
from active_members($as_of, $countries, $regions, $member_types)
group by region
order by members desc, region
