-- One row: the first and last calendar year holding any member join or event (the years a report can cover).
with days as (
    select joined_on as day from members
    union all
    select start_date as day from events
)
select year(min(day)) as first_year, year(max(day)) as last_year
from days
