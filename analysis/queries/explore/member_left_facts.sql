-- One row per member unit (passing the member filters) that left in the window, with the period
-- holding its leaving day (members_left_between: both window days included).
with periods as (
    select * from period_spans($period_starts, $period_ends)
)

select p.period_start, p.period_end, m.member_id, m.country, m.region, m.member_type
from members_left_between($window_start, $window_end, $countries, $regions, $member_types) as m
asof join periods as p on m.left_on >= p.period_start
