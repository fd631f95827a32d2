-- The events named in an explorer answer: their titles in both languages and their start day.
select event_id as code, title_en as name_en, title_zh as name_zh, start_date
from events
where list_contains($codes, event_id)
