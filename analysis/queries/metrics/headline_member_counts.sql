-- One row per (country, region, member type) among member units passing the member filters: the
-- counts the headline figures add up (one pass over the members). On $as_of and a year earlier (same
-- month and day; 29 February -> 28 February); YTD = 1 January of the day's year to the day, both
-- included; first_year_end = 31 December of the year the first member (joined by $as_of) joined.
with days as (
    select
        $as_of::date as as_of,
        year_start($as_of::date) as ytd_start,
        year_ago($as_of::date) as year_ago,
        year_start(year_ago($as_of::date)) as year_ago_ytd_start,
        (
            select make_date(year(min(joined_on)), 12, 31)
            from filtered_members($countries, $regions, $member_types)
            where joined_on <= $as_of::date
        ) as first_year_end
)
select
    m.country,
    m.region,
    m.member_type,
    count(*) filter (where is_active_on(m.joined_on, m.left_on, d.as_of)) as members,
    count(*) filter (where is_active_on(m.joined_on, m.left_on, d.year_ago)) as members_year_ago,
    count(*) filter (where m.joined_on between d.ytd_start and d.as_of) as new_members_ytd,
    count(*) filter (where m.left_on between d.ytd_start and d.as_of) as departed_members_ytd,
    count(*) filter (where m.joined_on between d.year_ago_ytd_start and d.year_ago) as new_members_ytd_year_ago,
    count(*) filter (where is_active_on(m.joined_on, m.left_on, d.first_year_end)) as members_first_year_end,
    min(m.joined_on) as first_joined_on,
    min(m.joined_on) filter (where m.joined_on <= d.as_of) as first_joined_by_as_of
from filtered_members($countries, $regions, $member_types) as m, days as d
group by all
