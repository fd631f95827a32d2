-- One row: the membership headline figures on $as_of and a year earlier (same month and day; 29 February
-- -> 28 February), over the member units passing the member filters. YTD = 1 January of the day's year
-- to the day, both included.
with days as (
    select
        $as_of::date as as_of,
        year_start($as_of::date) as ytd_start,
        year_ago($as_of::date) as year_ago,
        year_start(year_ago($as_of::date)) as year_ago_ytd_start
),
member_spans as (
    select member_id, country, region, joined_on, left_on
    from filtered_members($countries, $regions, $member_types)
),
first_join as (
    select min(joined_on) as first_joined_on from member_spans where joined_on <= $as_of::date
),
first_countries as (
    select country, min(joined_on) as first_joined_on from member_spans group by country
),
held_roles as (
    select r.role
    from roles as r
    semi join member_spans as m on m.member_id = r.member_id
    where is_active_on(r.start_date, r.end_date, $as_of::date)
)
select
    count(*) filter (where is_active_on(joined_on, left_on, d.as_of)) as members,
    count(distinct country) filter (where is_active_on(joined_on, left_on, d.as_of)) as countries,
    count(distinct region) filter (where is_active_on(joined_on, left_on, d.as_of)) as regions,
    count(*) filter (where joined_on between d.ytd_start and d.as_of) as new_members_ytd,
    count(*) filter (where left_on between d.ytd_start and d.as_of) as departed_members_ytd,
    count(*) filter (where is_active_on(joined_on, left_on, d.year_ago)) as members_year_ago,
    count(distinct country) filter (where is_active_on(joined_on, left_on, d.year_ago)) as countries_year_ago,
    count(*) filter (where joined_on between d.year_ago_ytd_start and d.year_ago) as new_members_ytd_year_ago,
    any_value(f.first_joined_on) as first_joined_on,
    count(*) filter (
        where is_active_on(joined_on, left_on, make_date(year(f.first_joined_on), 12, 31))
    ) as members_first_year_end,
    (select count(*) from first_countries, days
        where first_joined_on between days.ytd_start and days.as_of) as new_countries_ytd,
    (select count(*) from held_roles where role = 'chair') as chairs,
    (select count(*) from held_roles where role = 'vice_chair') as vice_chairs
from member_spans, days as d, first_join as f
