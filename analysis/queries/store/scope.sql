-- What a scoped handle's mirror holds (analysis/store/scoped.py, analysis/auth/scope.py). Each block
-- selects the rows of one table inside the scope; $countries is the scope's ISO3 codes. The same
-- blocks, negated, are the rows a scoped editor may not change.

-- table: countries
select * from countries;

-- table: members
select * from members where list_contains($countries, country);

-- table: roles
select * from roles
where member_id in (select member_id from members where list_contains($countries, country));

-- table: events
select * from events
where list_contains($countries, country)
   or event_id in (
        select p.event_id from participation as p join members as m using (member_id)
        where list_contains($countries, m.country)
   );

-- table: participation
select * from participation
where member_id in (select member_id from members where list_contains($countries, country));

-- table: targets
select * from targets where false;

-- table: imports
select * from imports where false;

-- outside: members
select member_id as key, * exclude (member_id) from members where not list_contains($countries, country);

-- outside: roles
select member_id || ' / ' || role || ' / ' || start_date as key, * exclude (member_id, role, start_date) from roles
where member_id not in (select member_id from members where list_contains($countries, country));

-- outside: events
select event_id as key, * exclude (event_id) from events where not list_contains($countries, country);

-- outside: participation
select event_id || ' / ' || member_id as key, * exclude (event_id, member_id) from participation
where member_id not in (select member_id from members where list_contains($countries, country));

-- outside: targets
select year || ' / ' || metric as key, * exclude (year, metric) from targets;

-- outside: countries
select iso3 as key, * exclude (iso3) from countries;
