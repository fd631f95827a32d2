-- One row per member unit passing the member filters that joined on or before $as_of, with the roles
-- it holds on $as_of and the events (passing the event type and format filters, hosted anywhere) it
-- took part in that started on or before $as_of.
with member_spans as (
    select *
    from filtered_members($countries, $regions, $member_types)
    where joined_on <= $as_of
),
held_roles as (
    select member_id, string_agg(role, ', ' order by role) as roles
    from roles
    where is_active_on(start_date, end_date, $as_of)
    group by member_id
),
attended as (
    select member_id, events_attended
    from member_attendance(null, $as_of::date, $event_types, $formats)
)
select
    m.member_id,
    m.name_en,
    m.name_zh,
    m.country,
    m.region,
    m.member_type,
    m.joined_on,
    m.left_on,
    is_active_on(m.joined_on, m.left_on, $as_of) as active,
    coalesce(r.roles, '') as roles,
    coalesce(a.events_attended, 0) as events_attended
from member_spans as m
left join held_roles as r using (member_id)
left join attended as a using (member_id)
order by m.joined_on, m.member_id
