-- The headline figures on $as_of in one round trip and one pass over the members: one row per
-- (country, member type) among member units passing the member filters, carrying the counts the
-- headline adds up, and on every row the window's event counts (one row of NULL groups when no member
-- passes the filters, so the event counts are always there).
-- Days: $as_of; a year ago = year_ago($as_of) (same month and day, 29 February -> 28 February); each
-- day's YTD window runs from year_start(day) to the day, both included. The two windows never overlap
-- (the year-ago window ends before 1 January of $as_of's year), so an event falls in at most one.
-- Active on D = is_active_on(joined_on, left_on, D). Parameters are written out where used rather than
-- joined in as a one-row table: every extra relation makes DuckDB's join planning dearer.
with

-- Events counted in the headline: passing every event filter (countries and regions select the host
-- country), in either window.
counted_events as (
    select
        count(*) filter (where start_date >= year_start($as_of::date)) as events_ytd,
        count(*) filter (where start_date < year_start($as_of::date)) as events_ytd_year_ago,
        coalesce(sum(attendees) filter (where start_date >= year_start($as_of::date)), 0)
            as event_attendees_ytd
    from filtered_events($countries, $regions, $event_types, $formats)
    where start_date between year_start($as_of::date) and $as_of::date
       or start_date between year_start(year_ago($as_of::date)) and year_ago($as_of::date)
),

-- Events that engage: passing the event-type and format filters, hosted in any country (a German
-- member at a Beijing forum is engaged under a Germany filter), in either window.
engaging_events as (
    select event_id, start_date >= year_start($as_of::date) as in_ytd
    from filtered_events(null, null, $event_types, $formats)
    where start_date between year_start($as_of::date) and $as_of::date
       or start_date between year_start(year_ago($as_of::date)) and year_ago($as_of::date)
),

-- Each member unit that took part in an engaging event, once, with the windows it took part in: one
-- scan of participation serves both windows, and the join keeps only the two windows' rows.
participants as (
    select
        p.member_id,
        bool_or(e.in_ytd) as took_part_ytd,
        bool_or(not e.in_ytd) as took_part_year_ago
    from participation as p
    join engaging_events as e using (event_id)
    group by p.member_id
),

-- Role spans held on $as_of, per member unit (chair and vice-chair units).
roles_held as (
    select
        member_id,
        count(*) filter (where role = 'chair') as chair_spans,
        count(*) filter (where role = 'vice_chair') as vice_chair_spans
    from roles
    where is_active_on(start_date, end_date, $as_of::date)
    group by member_id
),

-- The year the first member unit passing the filters joined: members active on 31 December of that
-- year are those who joined in it and had not left by its end (left_on comes after joined_on).
first_join as (
    select year(min(joined_on)) as first_join_year
    from filtered_members($countries, $regions, $member_types)
),

member_days as (
    select
        m.country,
        m.region,
        m.member_type,
        m.joined_on,
        is_active_on(m.joined_on, m.left_on, $as_of::date) as active,
        is_active_on(m.joined_on, m.left_on, year_ago($as_of::date)) as active_year_ago,
        m.joined_on between year_start($as_of::date) and $as_of::date as joined_ytd,
        m.left_on between year_start($as_of::date) and $as_of::date as left_ytd,
        m.joined_on between year_start(year_ago($as_of::date)) and year_ago($as_of::date)
            as joined_ytd_year_ago,
        year(m.joined_on) = (select first_join_year from first_join)
            and (m.left_on is null or year(m.left_on) > year(m.joined_on)) as active_first_year_end,
        coalesce(t.took_part_ytd, false) as took_part_ytd,
        coalesce(t.took_part_year_ago, false) as took_part_year_ago,
        coalesce(r.chair_spans, 0) as chair_spans,
        coalesce(r.vice_chair_spans, 0) as vice_chair_spans
    from filtered_members($countries, $regions, $member_types) as m
    left join participants as t on t.member_id = m.member_id
    left join roles_held as r on r.member_id = m.member_id
),

by_group as (
    select
        country,
        any_value(region) as region,
        member_type,
        count(*) filter (where active) as members,
        count(*) filter (where active_year_ago) as members_year_ago,
        count(*) filter (where joined_ytd) as new_members_ytd,
        count(*) filter (where left_ytd) as departed_members_ytd,
        count(*) filter (where joined_ytd_year_ago) as new_members_ytd_year_ago,
        count(*) filter (where active_first_year_end) as members_first_year_end,
        count(*) filter (where active and took_part_ytd) as engaged_members_ytd,
        count(*) filter (where active_year_ago and took_part_year_ago) as engaged_members_ytd_year_ago,
        sum(chair_spans) as chairs,
        sum(vice_chair_spans) as vice_chairs,
        min(joined_on) as first_joined_on
    from member_days
    group by country, member_type
)

select g.*, c.*
from counted_events as c
left join by_group as g on true
