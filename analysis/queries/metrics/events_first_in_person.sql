-- One row (or none): the earliest event held in person (format 'in_person'; hybrid does not count)
-- among the events passing the event filters that start on or before $end.
select event_id, title_en, title_zh, start_date, city, city_zh, country
from filtered_events($countries, $regions, $event_types, $formats)
where format = 'in_person'
  and start_date <= $end
order by start_date, event_id
limit 1
