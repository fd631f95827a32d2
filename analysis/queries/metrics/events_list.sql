-- One row per event passing the event filters (countries and regions select the host country) that
-- starts between $start (or the beginning) and $end, newest first. member_participants counts the
-- participation rows of members passing the member filters.
with listed_events as (
    select *
    from filtered_events($countries, $regions, $event_types, $formats)
    where start_date <= $end
      and ($start is null or start_date >= $start)
),

-- Counted per event over the whole table, then joined to the (fewer) listed events: cheaper than
-- matching a million participation rows against the listed events first.
participants as (
    select event_id, count(*) as member_participants
    from filtered_participation($countries, $regions, $member_types)
    group by event_id
)

select
    e.event_id,
    e.title_en,
    e.title_zh,
    e.event_type,
    e.format,
    e.start_date,
    e.end_date,
    e.city,
    e.city_zh,
    e.country,
    e.attendees,
    e.countries_represented,
    e.online_viewers,
    coalesce(p.member_participants, 0)::bigint as member_participants
from listed_events as e
left join participants as p using (event_id)
order by e.start_date desc, e.event_id
