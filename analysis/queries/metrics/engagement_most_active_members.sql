-- One row per member unit passing the member filters that took part in at least one event passing the
-- event type and format filters (hosted anywhere) starting between $start (or the beginning) and $end:
-- how many such events, the last one's start day, and whether the member is active on $end.
-- Most events first, then the most recent, then member id; at most $limit rows.
with attended as (
    select p.member_id, count(*) as events_attended, max(e.start_date) as last_event_on
    from participation as p
    join filtered_events(null, null, $event_types, $formats) as e using (event_id)
    where e.start_date <= $end
      and ($start is null or e.start_date >= $start)
    group by p.member_id
)

select
    m.member_id,
    m.name_en,
    m.name_zh,
    m.country,
    a.events_attended::bigint as events_attended,
    a.last_event_on,
    is_active_on(m.joined_on, m.left_on, $end) as active
from attended as a
join filtered_members($countries, $regions, $member_types) as m using (member_id)
order by a.events_attended desc, a.last_event_on desc, m.member_id
limit $limit
