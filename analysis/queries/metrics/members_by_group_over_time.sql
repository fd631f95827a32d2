-- One row per (period, group): members active on the period's last day, grouped by $group_by
-- ('member_type' or 'region'). Groups are those of every member passing the filters, past or
-- present, plus $listed_groups (so all six member types appear, 0 when none).
with periods as (
    select unnest($period_starts::date[]) as period_start, unnest($period_ends::date[]) as period_end
),
member_spans as (
    select
        case $group_by when 'member_type' then member_type when 'region' then region end as group_value,
        joined_on,
        coalesce(left_on, date '9999-12-31') as left_on
    from filtered_members($countries, $regions, $member_types)
),
group_values as (
    select distinct group_value from member_spans
    union
    select unnest($listed_groups::varchar[]) as group_value
),
active_counts as (
    select p.period_start, m.group_value, count(*) as members
    from periods as p
    join member_spans as m on m.joined_on <= p.period_end and p.period_end < m.left_on
    group by all
)
select p.period_start, p.period_end, g.group_value, coalesce(a.members, 0) as members
from periods as p
cross join group_values as g
left join active_counts as a using (period_start, group_value)
order by p.period_start, g.group_value
