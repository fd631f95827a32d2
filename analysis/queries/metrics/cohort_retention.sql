-- One row per (join year, later year end): members who joined in that year (by $as_of) and how many
-- of them are still active on that year end. Year ends are passed in ($year_ends, the last cut at $as_of).
with year_ends as (
    select unnest($year_ends::date[]) as year_end
),
member_spans as (
    select joined_on, left_on
    from filtered_members($countries, $regions, $member_types)
    where joined_on <= $as_of
)
select
    year(m.joined_on) as join_year,
    y.year_end,
    count(*) as joined,
    count(*) filter (where is_active_on(m.joined_on, m.left_on, y.year_end)) as still_active
from member_spans as m
join year_ends as y on year(y.year_end) >= year(m.joined_on)
group by all
order by join_year, y.year_end
