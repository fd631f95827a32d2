-- One row per role held on $as_of by member units passing the member filters: how many hold it.
select role, count(*) as holders
from role_holders($as_of, $countries, $regions, $member_types)
group by role
