-- One row per period: countries with at least one member active on the period's last day, and
-- countries whose first member unit (over all members passing the filters, past or present) joined
-- within the period (both ends included).
with periods as (
    select unnest($period_starts::date[]) as period_start, unnest($period_ends::date[]) as period_end
),
member_spans as (
    select country, joined_on, coalesce(left_on, date '9999-12-31') as left_on
    from filtered_members($countries, $regions, $member_types)
),
active_countries as (
    select p.period_start, count(distinct m.country) as active_countries
    from periods as p
    join member_spans as m on m.joined_on <= p.period_end and p.period_end < m.left_on
    group by p.period_start
),
new_countries as (
    select p.period_start, count(*) as new_countries
    from periods as p
    join country_first_joins($countries, $regions, $member_types) as f
        on f.first_joined_on between p.period_start and p.period_end
    group by p.period_start
)
select
    p.period_start,
    p.period_end,
    coalesce(a.active_countries, 0) as countries,
    coalesce(n.new_countries, 0) as new_countries
from periods as p
left join active_countries as a using (period_start)
left join new_countries as n using (period_start)
order by p.period_start
