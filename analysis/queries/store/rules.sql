-- The store's rules: keys, references and checks that DuckLake does not enforce itself.
-- Each rule is one query, headed `-- rule: <table>: <what must hold>`, that returns the rows breaking
-- it (first column: what to show of each, at most 5 are shown). AllianceDatabase.writing runs every
-- rule inside the write transaction before it commits; one broken rule rolls the whole write back.

-- rule: countries: iso3 is unique and three capital letters
select iso3 from countries group by iso3 having count(*) > 1 or not regexp_full_match(iso3, '[A-Z]{3}');
-- rule: countries: iso2 is unique and two capital letters
select iso2 from countries group by iso2 having count(*) > 1 or not regexp_full_match(iso2, '[A-Z]{2}');

-- rule: members: member_id is unique and not blank
select member_id from members group by member_id having count(*) > 1 or length(trim(member_id)) = 0;
-- rule: members: name_en is not blank
select member_id from members where length(trim(name_en)) = 0;
-- rule: members: country is an ISO3 code of the country reference
select m.member_id || ' (' || m.country || ')' from members m anti join countries c on c.iso3 = m.country;
-- rule: members: member_type is one of comprehensive, science_technology, economic, industry, publishing_media, enterprise
select member_id || ' (' || member_type || ')' from members
where member_type not in ('comprehensive', 'science_technology', 'economic', 'industry', 'publishing_media', 'enterprise');
-- rule: members: left_on is after joined_on
select member_id from members where left_on is not null and left_on <= joined_on;

-- rule: roles: (member_id, role, start_date) is unique
select member_id || ' ' || role || ' ' || start_date from roles group by all having count(*) > 1;
-- rule: roles: member_id names a member
select r.member_id from roles r anti join members m on m.member_id = r.member_id;
-- rule: roles: role is chair or vice_chair
select member_id || ' (' || role || ')' from roles where role not in ('chair', 'vice_chair');
-- rule: roles: end_date is after start_date
select member_id || ' ' || role || ' ' || start_date from roles where end_date is not null and end_date <= start_date;

-- rule: events: event_id is unique and not blank
select event_id from events group by event_id having count(*) > 1 or length(trim(event_id)) = 0;
-- rule: events: title_en is not blank
select event_id from events where length(trim(title_en)) = 0;
-- rule: events: event_type is one of forum, council_meeting, seminar, site_visit, signing_ceremony, award, other
select event_id || ' (' || event_type || ')' from events
where event_type not in ('forum', 'council_meeting', 'seminar', 'site_visit', 'signing_ceremony', 'award', 'other');
-- rule: events: end_date is on or after start_date
select event_id from events where end_date < start_date;
-- rule: events: country is an ISO3 code of the country reference
select e.event_id || ' (' || e.country || ')' from events e anti join countries c on c.iso3 = e.country;
-- rule: events: format is in_person, online or hybrid
select event_id || ' (' || format || ')' from events where format not in ('in_person', 'online', 'hybrid');
-- rule: events: attendees, countries_represented and online_viewers are 0 or more
select event_id from events where attendees < 0 or countries_represented < 0 or online_viewers < 0;

-- rule: participation: (event_id, member_id) is unique
select event_id || ' / ' || member_id from participation group by all having count(*) > 1;
-- rule: participation: event_id names an event
select p.event_id from participation p anti join events e on e.event_id = p.event_id;
-- rule: participation: member_id names a member
select p.member_id from participation p anti join members m on m.member_id = p.member_id;
-- rule: participation: role is host, co_host, speaker or participant
select event_id || ' / ' || member_id || ' (' || role || ')' from participation
where role not in ('host', 'co_host', 'speaker', 'participant');

-- rule: targets: (year, metric) is unique
select year || ' ' || metric from targets group by all having count(*) > 1;
-- rule: targets: year is between 2000 and 2100
select year || ' ' || metric from targets where year not between 2000 and 2100;
-- rule: targets: metric is members, countries, events or engaged_members
select year || ' ' || metric from targets where metric not in ('members', 'countries', 'events', 'engaged_members');
-- rule: targets: target is 0 or more
select year || ' ' || metric from targets where target < 0;

-- rule: imports: import_id is unique
select import_id from imports group by import_id having count(*) > 1;
-- rule: imports: rows_added and rows_updated are 0 or more
select import_id from imports where rows_added < 0 or rows_updated < 0;
