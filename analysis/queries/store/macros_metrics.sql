-- The core metric definitions, as DuckDB macros, so the metric engine, the explorer and the SQL
-- console all count the same way. Built on the shared filters in macros.sql.

-- True when a span [joined_on, left_on) covers on_day: it started on or before that day and has not
-- ended by it (an empty end = still going). A member who joins on D counts on D; one who leaves on D
-- does not. Roles use it with start_date / end_date.
create or replace macro is_active_on(joined_on, left_on, on_day) as
    joined_on <= on_day and (left_on is null or on_day < left_on);

-- The same month and day one year earlier; 29 February becomes 28 February.
create or replace macro year_ago(on_day) as
    cast(on_day - interval 1 year as date);

-- 1 January of the day's year: the first day of its year-to-date window (which ends on the day itself).
create or replace macro year_start(on_day) as
    cast(date_trunc('year', on_day) as date);

-- One row per member unit passing the member filters that is active on on_day.
create or replace macro active_members(on_day, countries, regions, member_types) as table
    select *
    from filtered_members(countries, regions, member_types)
    where is_active_on(joined_on, left_on, on_day);

-- One row per member unit passing the member filters that joined between first_day and last_day (both included).
create or replace macro members_joined_between(first_day, last_day, countries, regions, member_types) as table
    select *
    from filtered_members(countries, regions, member_types)
    where joined_on between first_day and last_day;

-- One row per member unit passing the member filters that left between first_day and last_day (both
-- included); a member that leaves on D is no longer active on D.
create or replace macro members_left_between(first_day, last_day, countries, regions, member_types) as table
    select *
    from filtered_members(countries, regions, member_types)
    where left_on between first_day and last_day;

-- One row per role (chair, vice_chair) held on on_day by a member unit passing the member filters.
create or replace macro role_holders(on_day, countries, regions, member_types) as table
    select r.member_id, r.role, r.start_date, r.end_date, m.name_en, m.name_zh, m.country, m.region
    from roles as r
    join filtered_members(countries, regions, member_types) as m on m.member_id = r.member_id
    where is_active_on(r.start_date, r.end_date, on_day);

-- One row per country: the day its first member unit (past or present, passing the filters) joined.
create or replace macro country_first_joins(countries, regions, member_types) as table
    select country, any_value(region) as region, min(joined_on) as first_joined_on
    from filtered_members(countries, regions, member_types)
    group by country;

-- One row per member unit with at least one participation in an event passing the event type and
-- format filters (hosted anywhere) that starts between first_day and last_day (both included; a NULL
-- first_day = from the beginning): how many such events and the last one's start day.
create or replace macro member_attendance(first_day, last_day, event_types, formats) as table
    select p.member_id, count(*) as events_attended, max(e.start_date) as last_event_on
    from participation as p
    join filtered_events(null, null, event_types, formats) as e on e.event_id = p.event_id
    where e.start_date <= last_day
      and (first_day is null or e.start_date >= first_day)
    group by p.member_id;
