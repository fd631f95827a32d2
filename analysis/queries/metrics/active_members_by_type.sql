-- One row per member type with at least one member active on $as_of.
select member_type, count(*) as members
from active_members($as_of, $countries, $regions, $member_types)
group by member_type
