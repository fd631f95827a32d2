-- One row per (event, member): $participations rows dealt round-robin over the events (row k goes to
-- event k mod m, as its (k div m)-th participant). Each event draws from the members who had joined by
-- its date (the first `pool` members, members being in join order), widened when it needs more; the
-- participants are consecutive from a hashed offset, modulo the pool, so within one event they are
-- distinct: (event_id, member_id) is unique by construction. Rows are stored event by event, in date
-- order, as a secretariat records them (one event's attendance at a time).
insert into participation (event_id, member_id, role)
with per_event as (
    select
        j,
        least(
            $members,
            greatest(
                ceil($participations / $events)::bigint,
                ceil($members * pow((j + 1) / $events, 1.5))::bigint
            )
        ) as pool,
        hash($seed, j, 'offset') as offset_hash
    from range($events) as t(j)
),

slots as (
    select range % $events as j, range // $events as seat from range($participations)
)

select
    'E' || lpad(s.j::varchar, 7, '0') as event_id,
    'S' || lpad((((e.offset_hash % e.pool) + s.seat) % e.pool)::varchar, 7, '0') as member_id,
    case
        when s.seat = 0 then 'host'
        when s.seat = 1 then 'co_host'
        when synth_uniform($seed, s.j * 7919 + s.seat, 'role') < 0.2 then 'speaker'
        else 'participant'
    end as role
from slots as s
join per_event as e using (j)
order by s.j, s.seat
