-- One row per council meeting (passing the event type and format filters, hosted anywhere: country and
-- region filters select the members counted) starting on or before $end: member units
-- (passing the member filters) whose joined_on falls after the previous council meeting's start_date
-- and on or before this meeting's end_date (for the first meeting: any day up to its end_date).
with meetings as (
    select
        event_id,
        title_en,
        title_zh,
        start_date,
        end_date,
        coalesce(lag(start_date) over (order by start_date, event_id), date '0001-01-01') as previous_start_date
    from filtered_events(null, null, $event_types, $formats)
    where event_type = 'council_meeting' and start_date <= $end
),
joins as (
    select joined_on from filtered_members($countries, $regions, $member_types)
)
select
    mt.event_id,
    mt.title_en,
    mt.title_zh,
    mt.start_date,
    count(j.joined_on) as new_members
from meetings as mt
left join joins as j
    on j.joined_on <= mt.end_date
    and j.joined_on > mt.previous_start_date
group by all
order by mt.start_date, mt.event_id
