-- One row: the day the first member unit passing the member filters joined (NULL when none).
select min(joined_on) as first_joined_on
from filtered_members($countries, $regions, $member_types)
