-- Event definitions shared by the event metrics, the explorer and the SQL console. Built on the
-- shared filters in macros.sql.

-- One row per participation of a member unit passing the member filters. With no member filter the
-- first branch returns the table as it is and the second is pruned (the parameters are constants), so
-- the unfiltered case skips the member lookup, which costs more than the rest of most event queries.
create or replace macro filtered_participation(countries, regions, member_types) as table
    select event_id, member_id, role
    from participation
    where countries is null and regions is null and member_types is null
    union all
    select p.event_id, p.member_id, p.role
    from participation as p
    semi join filtered_members(countries, regions, member_types) as m using (member_id)
    where not (countries is null and regions is null and member_types is null);
