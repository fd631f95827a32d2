-- One row per stored member: the member_id other rows may name.
select member_id
from members
