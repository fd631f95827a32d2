-- One row per (period, event type, format) for every listed type and format (0 when no event), periods
-- given as $period_starts/$period_ends. An event belongs to the period holding its start day; events
-- pass every event filter (countries and regions select the host country).
-- countries_represented: the largest reported figure among the cell's events (reported counts of
-- different events cannot be added).
with periods as (
    select unnest($period_starts::date[]) as period_start, unnest($period_ends::date[]) as period_end
),

last_day as (
    select max(period_end) as day from periods
),

period_events as (
    select p.period_start, e.event_id, e.event_type, e.format, e.attendees, e.online_viewers,
        e.countries_represented
    from filtered_events($countries, $regions, $event_types, $formats) as e
    asof join periods as p on e.start_date >= p.period_start
    where e.start_date <= (select day from last_day)
),

totals as (
    select
        period_start,
        event_type,
        format,
        count(*) as events,
        coalesce(sum(attendees), 0) as attendees,
        coalesce(sum(online_viewers), 0) as online_viewers,
        coalesce(max(countries_represented), 0) as countries_represented
    from period_events
    group by all
),

grid as (
    select p.period_start, p.period_end, t.event_type, f.format
    from periods as p
    cross join (select unnest($listed_event_types::varchar[]) as event_type) as t
    cross join (select unnest($listed_formats::varchar[]) as format) as f
)

select
    g.period_start,
    g.period_end,
    g.event_type,
    g.format,
    coalesce(t.events, 0)::bigint as events,
    coalesce(t.attendees, 0)::bigint as attendees,
    coalesce(t.online_viewers, 0)::bigint as online_viewers,
    coalesce(t.countries_represented, 0)::bigint as countries_represented
from grid as g
left join totals as t using (period_start, event_type, format)
order by
    g.period_start,
    list_position($listed_event_types::varchar[], g.event_type),
    list_position($listed_formats::varchar[], g.format)
