-- One row: event and engagement totals over the events that start in [$window_start, $window_end].
-- Event counts, attendees and viewers: events passing every event filter (countries and regions apply
-- to the host country, as the filtered_events macro does).
-- Engagement: members passing the member filters, active on $window_end, with at least one
-- participation in an event of the window that passes the event-type and format filters (whatever
-- its host country: a German member at a Beijing forum is engaged under a Germany filter).
with window_events as (
    select event_id, attendees, online_viewers
    from filtered_events($countries, $regions, $event_types, $formats)
    where start_date between $window_start and $window_end
),

active_members as (
    select member_id
    from filtered_members($countries, $regions, $member_types)
    where joined_on <= $window_end
      and (left_on is null or $window_end < left_on)
),

engaging_events as (
    select event_id
    from filtered_events(null, null, $event_types, $formats)
    where start_date between $window_start and $window_end
),

engaged_members as (
    select distinct p.member_id
    from participation as p
    join engaging_events as e using (event_id)
    join active_members as a using (member_id)
)

select
    (select count(*) from window_events) as events,
    (select coalesce(sum(attendees), 0) from window_events) as attendees,
    (select coalesce(sum(online_viewers), 0) from window_events) as online_viewers,
    (select count(*) from engaged_members) as engaged_members,
    (select count(*) from active_members) as active_members
