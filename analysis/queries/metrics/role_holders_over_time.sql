-- One row per (period, role name in $role_names): role holders (member units passing the member
-- filters) holding that role on the period's last day. The roles table is small: a direct count.
with periods as (
    select unnest($period_starts::date[]) as period_start, unnest($period_ends::date[]) as period_end
),
role_names as (
    select unnest($role_names::varchar[]) as role
),
held_roles as (
    select r.role, r.start_date, r.end_date
    from roles as r
    semi join filtered_members($countries, $regions, $member_types) as m on m.member_id = r.member_id
)
select p.period_start, p.period_end, n.role, count(h.role) as holders
from periods as p
cross join role_names as n
left join held_roles as h on h.role = n.role and is_active_on(h.start_date, h.end_date, p.period_end)
group by all
order by p.period_start, n.role
