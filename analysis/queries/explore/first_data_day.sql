-- One row: the first day anything happened (the first join or the first event), where series start.
select least((select min(joined_on) from members), (select min(start_date) from events)) as first_day
