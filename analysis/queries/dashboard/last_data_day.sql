-- One row: the latest day anything happened in the data (a join, a departure or an event start);
-- NULL when the database holds no members and no events.
with days as (
    select max(joined_on) as day from members
    union all
    select max(left_on) from members
    union all
    select max(start_date) from events
)
select max(day) as last_data_day from days
