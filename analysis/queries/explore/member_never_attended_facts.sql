-- One row per (period, member unit active on the period's last day) that has taken part in no event
-- starting on or before that day (ever, not only in the period), members passing the member filters and
-- events the event type and format filters (hosted anywhere, as engagement counts).
with periods as (
    select * from period_spans($period_starts, $period_ends)
)

select p.period_start, p.period_end, m.member_id, m.country, m.region, m.member_type
from periods as p
join filtered_members($countries, $regions, $member_types) as m
    on is_active_on(m.joined_on, m.left_on, p.period_end)
where not exists (
    select 1
    from participation as x
    join filtered_events(null, null, $event_types, $formats) as e on e.event_id = x.event_id
    where x.member_id = m.member_id and e.start_date <= p.period_end
)
