-- One row per country that has a member unit or hosted an event, with its region: the filter bar's choices.
with used as (
    select country from members
    union
    select country from events
)
select c.iso3 as country, c.region
from used
join countries as c on c.iso3 = used.country
order by c.iso3
