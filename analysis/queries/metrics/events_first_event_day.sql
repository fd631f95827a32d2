-- One row: the start day of the first event passing the event filters (NULL when none).
select min(start_date) as first_start_date
from filtered_events($countries, $regions, $event_types, $formats)
