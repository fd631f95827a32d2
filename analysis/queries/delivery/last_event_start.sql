-- One row: the start of the latest event starting on or before $day (NULL when none).
select max(start_date) as last_start
from events
where start_date <= $day
