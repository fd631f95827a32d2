-- One row per country that had a member by $day but has none active on $day, by ISO3 code.
select country
from members
where joined_on <= $day
group by country
having count(*) filter (where is_active_on(joined_on, left_on, $day)) = 0
order by country
