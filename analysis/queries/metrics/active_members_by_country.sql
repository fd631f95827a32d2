-- One row per country with at least one member unit (passing the filters) active on $as_of.
select a.country, c.name_en, c.name_zh, a.region, count(*) as members
from active_members($as_of, $countries, $regions, $member_types) as a
join countries as c on c.iso3 = a.country
group by all
order by members desc, a.country
