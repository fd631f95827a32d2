-- One row per council meeting (passing the event type and format filters, hosted anywhere: country and
-- region filters select the members counted) starting on or before $end: member units (passing the
-- member filters) admitted at the meeting, i.e. whose joined_on falls within the meeting's days,
-- start_date to end_date, both included. Members admitted on other days (founders, votes held between
-- meetings) belong to no meeting.
with meetings as (
    select event_id, title_en, title_zh, start_date, end_date
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
    on j.joined_on between mt.start_date and mt.end_date
group by all
order by mt.start_date, mt.event_id
