-- One row per stored event: the event_id other rows may name.
select event_id
from events
