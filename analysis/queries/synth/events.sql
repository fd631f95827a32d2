-- One row per synthetic event, spread evenly over the same span as the members (event j starts at
-- span * j / m), so event order is date order. Half are hosted in China; viewers only for online and
-- hybrid events.
insert into events (event_id, title_en, title_zh, event_type, start_date, end_date, city, country, format,
                    attendees, countries_represented, online_viewers, source)
with country_choices as (
    select list(iso3 order by iso3) as all_countries from countries where iso3 <> 'ATA'
),

drawn as (
    select
        range as j,
        $first_day::date + floor($span_days * range / $events)::integer as start_date,
        synth_pick($seed, range, 'format', ['in_person', 'in_person', 'online', 'hybrid']) as format
    from range($events)
)

select
    'E' || lpad(j::varchar, 7, '0') as event_id,
    'Synthetic event ' || j as title_en,
    '合成活动 ' || j as title_zh,
    synth_pick(
        $seed, j, 'type',
        ['forum', 'forum', 'seminar', 'seminar', 'council_meeting', 'site_visit', 'signing_ceremony', 'award', 'other']
    ) as event_type,
    start_date,
    start_date + (hash($seed, j, 'length') % 3)::integer as end_date,
    null as city,
    case when synth_uniform($seed, j, 'host') < 0.5 then 'CHN' else synth_pick($seed, j, 'country', all_countries) end
        as country,
    format,
    20 + (hash($seed, j, 'attendees') % 480)::integer as attendees,
    1 + (hash($seed, j, 'countries') % 30)::integer as countries_represented,
    case when format <> 'in_person' then (hash($seed, j, 'viewers') % 100000)::bigint end as online_viewers,
    'synthetic' as source
from drawn, country_choices
