-- One row per (period, member unit active on the period's last day), members passing the member
-- filters. "Active on a day" is the metrics' is_active_on: joined on or before it, not yet left.
with periods as (
    select * from period_spans($period_starts, $period_ends)
)

select p.period_start, p.period_end, m.member_id, m.country, m.region, m.member_type
from periods as p
join filtered_members($countries, $regions, $member_types) as m
    on is_active_on(m.joined_on, m.left_on, p.period_end)
