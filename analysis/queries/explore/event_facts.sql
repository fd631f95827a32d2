-- One row per event passing every event filter (countries and regions select the host country) that
-- starts in the window, with the period holding its start day (an event belongs to the day it starts).
with periods as (
    select * from period_spans($period_starts, $period_ends)
)

select
    p.period_start,
    p.period_end,
    e.event_id,
    e.country,
    e.region,
    e.event_type,
    e.format,
    e.attendees,
    e.online_viewers
from filtered_events($countries, $regions, $event_types, $formats) as e
asof join periods as p on e.start_date >= p.period_start
where e.start_date between $window_start and $window_end
