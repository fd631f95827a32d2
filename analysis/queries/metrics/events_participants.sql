-- One row per member unit that took part in event $event_id: hosts first, then co-hosts, speakers and
-- participants, each by English name.
select m.member_id, m.name_en, m.name_zh, m.country, p.role
from participation as p
join members as m using (member_id)
where p.event_id = $event_id
order by list_position(['host', 'co_host', 'speaker', 'participant'], p.role), m.name_en, m.member_id
