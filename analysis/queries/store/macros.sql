-- The shared filters, defined once. Every metric query selects from these instead of the raw tables,
-- passing the bound parameters built by analysis.filters.Filters (NULL = no filter on that field).

-- One row per member unit that passes the member filters, with its country's region columns.
create or replace macro filtered_members(countries, regions, member_types) as table
    select m.*, c.region, c.sub_region, c.continent
    from members as m
    join countries as c on c.iso3 = m.country
    where (countries is null or list_contains(countries, m.country))
      and (regions is null or list_contains(regions, c.region))
      and (member_types is null or list_contains(member_types, m.member_type));

-- One row per event that passes the event filters (countries and regions apply to the host country).
create or replace macro filtered_events(countries, regions, event_types, formats) as table
    select e.*, c.region, c.sub_region, c.continent
    from events as e
    join countries as c on c.iso3 = e.country
    where (countries is null or list_contains(countries, e.country))
      and (regions is null or list_contains(regions, c.region))
      and (event_types is null or list_contains(event_types, e.event_type))
      and (formats is null or list_contains(formats, e.format));
