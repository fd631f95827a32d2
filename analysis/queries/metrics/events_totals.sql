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

active as (
    select member_id
    from active_members($window_end, $countries, $regions, $member_types)
),

engaging_events as (
    select event_id
    from filtered_events(null, null, $event_types, $formats)
    where start_date between $window_start and $window_end
),

-- The window's participants once each, then those active: measured cheaper than probing every
-- active member against the window's participation rows.
window_participants as (
    select distinct p.member_id
    from participation as p
    semi join engaging_events as e using (event_id)
),

engaged as (
    select w.member_id
    from window_participants as w
    semi join active as a using (member_id)
)

select
    (select count(*) from window_events) as events,
    (select coalesce(sum(attendees), 0) from window_events) as attendees,
    (select coalesce(sum(online_viewers), 0) from window_events) as online_viewers,
    (select count(*) from engaged) as engaged_members,
    (select count(*) from active) as active_members
