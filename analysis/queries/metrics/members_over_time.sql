-- One row per period: members active the day before it starts, joined and left within it (both
-- ends included), members active on its last day. Built from a running total of joins and departures,
-- so end = start + joined - left holds by the definitions (and the tests check it against a direct count).
-- Joins and departures are first counted per day (a few thousand days, not one row per member), then
-- each day goes to the period holding it. Members active on day D = those joined on or before D less
-- those who left on or before D (left_on comes after joined_on), so the opening count comes from the
-- same daily counts without another pass over the members.
with periods as (
    select unnest($period_starts::date[]) as period_start, unnest($period_ends::date[]) as period_end
),
span as (
    select min(period_start) as first_day, max(period_end) as last_day from periods
),
member_spans as (
    select joined_on, left_on from filtered_members($countries, $regions, $member_types)
),
daily_changes as (
    select change_day, sum(joined) as joined, sum(departed) as departed
    from (
        select joined_on as change_day, 1 as joined, 0 as departed from member_spans
        union all
        select left_on as change_day, 0 as joined, 1 as departed from member_spans where left_on is not null
    )
    group by change_day
),
flows as (
    select p.period_start, sum(c.joined) as joined, sum(c.departed) as departed
    from daily_changes as c
    asof join periods as p on c.change_day >= p.period_start
    where c.change_day <= (select last_day from span)
    group by p.period_start
),
opening as (
    select coalesce(sum(joined) - sum(departed), 0) as members
    from daily_changes
    where change_day < (select first_day from span)
),
rolled as (
    select
        p.period_start,
        p.period_end,
        coalesce(f.joined, 0) as joined,
        coalesce(f.departed, 0) as departed,
        (select members from opening)
            + coalesce(sum(coalesce(f.joined, 0) - coalesce(f.departed, 0)) over (
                order by p.period_start rows between unbounded preceding and 1 preceding
            ), 0) as members_start
    from periods as p
    left join flows as f using (period_start)
)
select
    period_start,
    period_end,
    cast(members_start as bigint) as members_start,
    cast(joined as bigint) as joined,
    cast(departed as bigint) as "left",
    cast(joined - departed as bigint) as net_change,
    cast(members_start + joined - departed as bigint) as members_end,
    (joined - departed) / nullif(members_start, 0)::double as growth_rate
from rolled
order by period_start
