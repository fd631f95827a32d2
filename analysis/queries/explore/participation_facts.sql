-- One row per participation (member_participations: member filters on the member, event type and
-- format filters on the event, any host country) in an event starting in the window, with the period
-- holding the event's start day. Country, region and member type are the member's.
with periods as (
    select * from period_spans($period_starts, $period_ends)
)

select
    p.period_start,
    p.period_end,
    x.event_id,
    x.member_id,
    x.role,
    x.event_type,
    x.format,
    x.country,
    x.region,
    x.member_type,
    x.joined_on,
    x.left_on
from member_participations(
    $window_start, $window_end, $countries, $regions, $member_types, $event_types, $formats
) as x
asof join periods as p on x.start_date >= p.period_start
