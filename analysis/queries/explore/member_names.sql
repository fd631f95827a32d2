-- The member units named in an explorer answer: their names in both languages and their country.
select member_id as code, name_en, name_zh, country
from members
where list_contains($codes, member_id)
