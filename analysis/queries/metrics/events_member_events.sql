-- One row per event member $member_id took part in that passes the event type and format filters
-- (hosted anywhere) and starts between $start (or the beginning) and $end, newest first.
select e.event_id, e.title_en, e.title_zh, e.event_type, e.format, e.start_date, e.country, p.role
from participation as p
join filtered_events(null, null, $event_types, $formats) as e using (event_id)
where p.member_id = $member_id
  and e.start_date <= $end
  and ($start is null or e.start_date >= $start)
order by e.start_date desc, e.event_id
