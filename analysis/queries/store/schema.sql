-- The alliance's store: DuckLake tables (a catalog in SQLite or PostgreSQL, rows in Parquet files).
-- DuckLake enforces NOT NULL only; every key, reference and check is stated in rules.sql and checked
-- inside every write transaction before it commits (AllianceDatabase.writing). Grain of each table is
-- stated above it. Reference data (countries) is loaded by the
-- application from data/reference/countries.csv; everything else arrives by import.

-- One row per ISO 3166-1 country or territory.
create table if not exists countries (
    iso3 varchar not null,
    iso2 varchar not null,
    numeric_code varchar not null,
    name_en varchar not null,
    name_zh varchar not null,
    region varchar not null,        -- UN M49 region: Africa, Americas, Asia, Europe, Oceania (Antarctica for ATA)
    sub_region varchar not null,    -- UN M49 sub-region, e.g. Eastern Asia
    continent varchar not null      -- seven-continent model: Africa, Antarctica, Asia, Europe, North America, Oceania, South America
);

-- One row per member unit (council member unit, 理事单位), past or present.
create table if not exists members (
    member_id varchar not null,
    name_en varchar not null,
    name_zh varchar,
    country varchar not null,  -- ISO3, see above
    city varchar,                   -- in English, as written
    city_zh varchar,                -- the city's Chinese name; empty: the Chinese view shows `city`
    member_type varchar not null,
    joined_on date not null,
    left_on date,
    website varchar,
    source varchar                  -- where the row comes from: a public address, or 'illustrative'
);

-- One row per role a member unit held over a span of days (end_date exclusive, empty = still held).
create table if not exists roles (
    member_id varchar not null,
    role varchar not null,
    start_date date not null,
    end_date date
);

-- One row per event. An event belongs to the day it starts.
create table if not exists events (
    event_id varchar not null,
    title_en varchar not null,
    title_zh varchar,
    event_type varchar not null,
    start_date date not null,
    end_date date not null,
    city varchar,                   -- in English, as written
    city_zh varchar,                -- the city's Chinese name; empty: the Chinese view shows `city`
    country varchar not null,  -- ISO3, see above
    format varchar not null,
    attendees integer,
    countries_represented integer,
    online_viewers bigint,
    source varchar
);

-- One row per member unit taking part in one event.
create table if not exists participation (
    event_id varchar not null,
    member_id varchar not null,
    role varchar not null
);

-- One row per (year, metric): the annual work plan's target.
create table if not exists targets (
    year integer not null,
    metric varchar not null,
    target integer not null
);

-- One row per import that landed (rejected imports change nothing, so leave no row).
create table if not exists imports (
    import_id bigint not null,
    imported_at timestamp not null,
    imported_by varchar,
    files varchar not null,         -- file names, comma separated, as the user gave them
    rows_added integer not null,
    rows_updated integer not null,
    summary varchar not null        -- JSON: per table {added, updated, unchanged}
);

