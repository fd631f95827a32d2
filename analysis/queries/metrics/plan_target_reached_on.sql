-- One row: the last day on or before $as_of on which the members passing the member filters went from
-- fewer than $target to $target or more (NULL when they never did). Members change only on join and
-- leave days, so a running total over those days is the daily count.
with member_spans as (
    select joined_on, left_on from filtered_members($countries, $regions, $member_types)
),

changes as (
    select joined_on as day, 1 as delta from member_spans where joined_on <= $as_of
    union all
    select left_on as day, -1 as delta from member_spans where left_on <= $as_of
),

daily as (
    select day, sum(delta) as delta from changes group by day
),

running as (
    select day, sum(delta) over (order by day) as members from daily
),

crossings as (
    select day, members, lag(members, 1, 0) over (order by day) as members_before from running
)

select max(day) as reached_on
from crossings
where members >= $target and members_before < $target
