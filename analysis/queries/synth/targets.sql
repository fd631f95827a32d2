-- One row per (year, metric): a work-plan target for each year the synthetic data covers, set 10%
-- above the members and countries active at the previous year end (or 10 for the first year), and
-- events at the previous year's count (countries capped at the reference table's size).
insert into targets (year, metric, target)
with years as (
    select range::integer as year
    from range(year($first_day::date), year($first_day::date + $span_days::integer) + 1)
),

previous_year_end as (
    select
        y.year,
        make_date(y.year - 1, 12, 31) as day
    from years as y
),

actuals as (
    select
        p.year,
        count(m.member_id) as members,
        count(distinct m.country) as countries,
        (select count(*) from events where year(start_date) = p.year - 1) as events
    from previous_year_end as p
    left join members as m
        on m.joined_on <= p.day and (m.left_on is null or p.day < m.left_on)
    group by p.year
)

select year, metric, target
from actuals
cross join lateral (
    values
        ('members', greatest(10, ceil(members * 1.1))::integer),
        ('countries', least((select count(*) from countries), greatest(3, ceil(countries * 1.1)))::integer),
        ('events', greatest(2, events)::integer)
) as t(metric, target)
