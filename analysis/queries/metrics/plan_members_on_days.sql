-- One row per day in $days: members passing the member filters active on that day.
with days as (
    select unnest($days::date[]) as day
),

member_spans as (
    select joined_on, coalesce(left_on, date '9999-12-31') as left_on
    from filtered_members($countries, $regions, $member_types)
)

select d.day, count(m.joined_on)::bigint as members
from days as d
left join member_spans as m on m.joined_on <= d.day and d.day < m.left_on
group by d.day
order by d.day
