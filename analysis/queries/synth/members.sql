-- One row per synthetic member unit. Join days run from $first_day over $span_days and accelerate
-- (member i joins at span * (i / n)^(1/1.5)), so member order is join order and membership grows faster
-- each year; about 8% leave, some days after joining (left_on > joined_on always).
insert into members (member_id, name_en, name_zh, country, city, member_type, joined_on, left_on, website, source)
with country_choices as (
    select list(iso3 order by iso3) as all_countries from countries where iso3 <> 'ATA'
),

numbered as (
    select range as i from range($members)
),

drawn as (
    select
        i,
        $first_day::date + floor($span_days * pow(i / $members, 1 / 1.5))::integer as joined_on,
        synth_uniform($seed, i, 'leaves') as leave_draw,
        synth_uniform($seed, i, 'home') as home_draw,
        synth_uniform($seed, i, 'stay') as stay_draw
    from numbered
)

select
    'S' || lpad(i::varchar, 7, '0') as member_id,
    'Synthetic think tank ' || i as name_en,
    '合成智库 ' || i as name_zh,
    case when home_draw < 0.45 then 'CHN' else synth_pick($seed, i, 'country', all_countries) end as country,
    null as city,
    synth_pick(
        $seed, i, 'type',
        ['comprehensive', 'science_technology', 'economic', 'industry', 'publishing_media', 'enterprise']
    ) as member_type,
    joined_on,
    case
        when i >= 5 and leave_draw < 0.08 then joined_on + 1 + floor(stay_draw * 1500)::integer
    end as left_on,
    null as website,
    'synthetic' as source
from drawn, country_choices
