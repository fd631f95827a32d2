-- One row per country whose first member unit (passing the filters, past or present) joined on or
-- before $as_of, with that day and its year.
select
    f.country,
    c.name_en,
    c.name_zh,
    f.region,
    f.first_joined_on,
    year(f.first_joined_on) as first_join_year
from country_first_joins($countries, $regions, $member_types) as f
join countries as c on c.iso3 = f.country
where f.first_joined_on <= $as_of
order by f.first_joined_on, f.country
