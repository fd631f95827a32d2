-- One row per role held on $as_of by a member unit passing the member filters.
select member_id, name_en, name_zh, country, role, start_date, end_date
from role_holders($as_of, $countries, $regions, $member_types)
order by role, start_date, member_id
