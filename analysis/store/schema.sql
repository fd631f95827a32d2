-- The alliance's store. Keys and checks are enforced here, by DuckDB, wherever it can.
-- Grain of each table is stated above it. Reference data (countries) is loaded by the
-- application from data/reference/countries.csv; everything else arrives by import.

-- One row per ISO 3166-1 country or territory.
create table if not exists countries (
    iso3 varchar primary key check (regexp_full_match(iso3, '[A-Z]{3}')),
    iso2 varchar not null unique check (regexp_full_match(iso2, '[A-Z]{2}')),
    numeric_code varchar not null,
    name_en varchar not null,
    name_zh varchar not null,
    region varchar not null,        -- UN M49 region: Africa, Americas, Asia, Europe, Oceania (Antarctica for ATA)
    sub_region varchar not null,    -- UN M49 sub-region, e.g. Eastern Asia
    continent varchar not null      -- seven-continent model: Africa, Antarctica, Asia, Europe, North America, Oceania, South America
);

-- One row per member unit (council member unit, 理事单位), past or present.
create table if not exists members (
    member_id varchar primary key check (length(trim(member_id)) > 0),
    name_en varchar not null check (length(trim(name_en)) > 0),
    name_zh varchar,
    country varchar not null check (regexp_full_match(country, '[A-Z]{3}')),  -- ISO3, see above
    city varchar,                   -- in English, as written
    city_zh varchar,                -- the city's Chinese name; empty: the Chinese view shows `city`
    member_type varchar not null check (member_type in (
        'comprehensive', 'science_technology', 'economic', 'industry', 'publishing_media', 'enterprise')),
    joined_on date not null,
    left_on date check (left_on is null or left_on > joined_on),
    website varchar,
    source varchar                  -- where the row comes from: a public address, or 'illustrative'
);

-- One row per role a member unit held over a span of days (end_date exclusive, empty = still held).
create table if not exists roles (
    member_id varchar not null references members (member_id),
    role varchar not null check (role in ('chair', 'vice_chair')),
    start_date date not null,
    end_date date check (end_date is null or end_date > start_date),
    primary key (member_id, role, start_date)
);

-- One row per event. An event belongs to the day it starts.
create table if not exists events (
    event_id varchar primary key check (length(trim(event_id)) > 0),
    title_en varchar not null check (length(trim(title_en)) > 0),
    title_zh varchar,
    event_type varchar not null check (event_type in (
        'forum', 'council_meeting', 'seminar', 'site_visit', 'signing_ceremony', 'award', 'other')),
    start_date date not null,
    end_date date not null check (end_date >= start_date),
    city varchar,                   -- in English, as written
    city_zh varchar,                -- the city's Chinese name; empty: the Chinese view shows `city`
    country varchar not null check (regexp_full_match(country, '[A-Z]{3}')),  -- ISO3, see above
    format varchar not null check (format in ('in_person', 'online', 'hybrid')),
    attendees integer check (attendees >= 0),
    countries_represented integer check (countries_represented >= 0),
    online_viewers bigint check (online_viewers >= 0),
    source varchar
);

-- One row per member unit taking part in one event.
create table if not exists participation (
    event_id varchar not null references events (event_id),
    member_id varchar not null references members (member_id),
    role varchar not null check (role in ('host', 'co_host', 'speaker', 'participant')),
    primary key (event_id, member_id)
);

-- One row per (year, metric): the annual work plan's target.
create table if not exists targets (
    year integer not null check (year between 2000 and 2100),
    metric varchar not null check (metric in ('members', 'countries', 'events', 'engaged_members')),
    target integer not null check (target >= 0),
    primary key (year, metric)
);

-- One row per import that landed (rejected imports change nothing, so leave no row).
create sequence if not exists import_id_sequence start 1;
create table if not exists imports (
    import_id bigint primary key default nextval('import_id_sequence'),
    imported_at timestamp not null,
    imported_by varchar,
    files varchar not null,         -- file names, comma separated, as the user gave them
    rows_added integer not null check (rows_added >= 0),
    rows_updated integer not null check (rows_updated >= 0),
    summary varchar not null        -- JSON: per table {added, updated, unchanged}
);

-- One row: bumped by every write, so caches keyed on it see a new import at the next rerun.
create table if not exists data_version (
    singleton boolean primary key default true check (singleton),
    version bigint not null
);

-- Columns added after the first release. A file written before one of them gains it when opened
-- read-write (`open_database` also does this before a read-only open). Added at the end of the table.
alter table members add column if not exists city_zh varchar;
alter table events add column if not exists city_zh varchar;
