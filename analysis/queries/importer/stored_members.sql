-- One row per stored member: what a new member is compared with to find a likely duplicate.
select member_id, name_en, name_zh, country, website
from members
