-- Governance for the synthetic alliance: the first member chairs from its joining day, the next
-- (up to) four are vice-chairs from a year after joining. None of the first five ever leaves.
insert into roles (member_id, role, start_date, end_date)
select
    member_id,
    case when member_id = 'S0000000' then 'chair' else 'vice_chair' end as role,
    case when member_id = 'S0000000' then joined_on else joined_on + 365 end as start_date,
    null as end_date
from members
where member_id <= 'S0000004'
