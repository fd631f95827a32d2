-- One row per country with at least one member unit (passing the filters) active on $as_of.
-- Counted per country first, then named: the names join a couple of hundred rows, not every member.
with per_country as (
    select country, any_value(region) as region, count(*) as members
    from active_members($as_of, $countries, $regions, $member_types)
    group by country
)
select a.country, c.name_en, c.name_zh, a.region, a.members
from per_country as a
join countries as c on c.iso3 = a.country
order by a.members desc, a.country
