-- Definitions the explorer needs beyond macros_metrics.sql, built on the shared filters and the metric
-- definitions (is_active_on), so the explorer and the SQL console count the way the metrics do.

-- One row per participation of a member unit passing the member filters in an event starting between
-- first_day and last_day (both included) that passes the event type and format filters, hosted in any
-- country (as engagement counts: a German member at a Beijing forum counts under a Germany filter).
-- Carries the member's attributes and span (to test is_active_on), the event's type and format, and the
-- member's role at the event.
create or replace macro member_participations(
    first_day, last_day, countries, regions, member_types, event_types, formats
) as table
    select
        p.event_id,
        p.member_id,
        p.role,
        e.start_date,
        e.event_type,
        e.format,
        m.country,
        m.region,
        m.member_type,
        m.joined_on,
        m.left_on
    from participation as p
    join filtered_members(countries, regions, member_types) as m on m.member_id = p.member_id
    join filtered_events(null, null, event_types, formats) as e on e.event_id = p.event_id
    where e.start_date between first_day and last_day;

-- One row per period given as two parallel lists of days (analysis.metrics.periods.period_parameters):
-- its first and last day, both included.
create or replace macro period_spans(period_starts, period_ends) as table
    select unnest(period_starts::date[]) as period_start, unnest(period_ends::date[]) as period_end;
