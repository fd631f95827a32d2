"""The store's schema and rules: creating a store, adding what a store lacks, and checking the rules every
write must keep (`analysis/queries/store/schema.sql`, `rules.sql`)."""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import duckdb

from analysis.countries import read_country_reference
from analysis.errors import DataRuleError
from analysis.queries import load_script
from analysis.store.contract import ALL_TABLES
from analysis.store.lake import LAKE, attach_lake, close_quietly, fetch_scalar
from analysis.store.location import StoreLocation
from analysis.store.write_lock import exclusive_writer

_RULE_HEADER = re.compile(r"^-- rule: (?P<table>\w+): (?P<text>.+)$", re.MULTILINE)
_TABLE_NAMED = re.compile(r"\b(?:from|join)\s+(\w+)", re.IGNORECASE)


def rule_tables(query: str) -> frozenset[str]:
    """The tables a rule's query reads: a write to any of them must check it."""
    return frozenset(name.lower() for name in _TABLE_NAMED.findall(query))


@functools.cache
def store_rules() -> list[tuple[str, str, str]]:
    """(table, what must hold, query returning the rows that break it), from rules.sql."""
    text = load_script("store/rules")
    headers = list(_RULE_HEADER.finditer(text))
    rules = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        query = text[header.end() : end].strip()
        query = (
            "\n".join(line for line in query.splitlines() if not line.startswith("--")).strip().rstrip(";")
        )
        rules.append((header["table"], header["text"], query))
    return rules


def check_store_rules(cursor: duckdb.DuckDBPyConnection, tables: Iterable[str] | None = None) -> None:
    """Raise DataRuleError naming every broken rule (and up to five rows of each).

    `tables`: the tables the write changed (None: all); only the rules reading one of them run. All of
    them run as one query, which DuckDB runs in parallel.
    """
    rules = store_rules()
    changed = None if tables is None else frozenset(tables)
    chosen = [
        index for index, (_, _, sql) in enumerate(rules) if changed is None or rule_tables(sql) & changed
    ]
    if not chosen:
        return
    query = " union all ".join(
        f"(select {index} as rule, cast(shown as varchar) as shown from ({rules[index][2]}) as broken(shown) limit 6)"  # noqa: S608 (shipped SQL)
        for index in chosen
    )
    found: dict[int, list[str]] = {}
    for index, shown in cursor.execute(query).fetchall():
        found.setdefault(int(index), []).append(str(shown))
    if found:
        broken = []
        for index in sorted(found):
            table, text, _ = rules[index]
            rows = found[index]
            listed = ", ".join(rows[:5]) + (", …" if len(rows) > 5 else "")
            broken.append(f"{table}: {text} (broken by {listed})")
        raise DataRuleError(
            "Nothing was changed: the write would break the store's rules. " + "; ".join(broken) + "."
        )


def is_initialised(location: StoreLocation) -> bool:
    """Whether a store is there: a catalog file with something in it, or a catalog in the PostgreSQL database."""
    if not location.server:
        return location.catalog_file.is_file() and location.catalog_file.stat().st_size > 0
    from analysis.store.server_catalog import catalog_exists

    return catalog_exists(location)


def create_store(location: StoreLocation) -> None:
    """Create the catalog, its data folder and the schema, under the write lock (two first opens at once)."""
    data_files = location.default_data_files()
    if not location.server:
        location.catalog_file.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_writer(location):
        if is_initialised(location):
            return
        data_files.mkdir(parents=True, exist_ok=True)
        connection = attach_lake(location, read_only=False, data_files=data_files)
        try:
            connection.execute(load_script("store/schema"))
        finally:
            close_quietly(connection)
        if not location.server:
            _use_write_ahead_log(location.catalog_file)


def _use_write_ahead_log(catalog: Path) -> None:
    """SQLite's WAL journal: readers of the catalog never wait for a writer (5x the read rate measured)."""
    connection = sqlite3.connect(catalog)
    try:
        connection.execute("pragma journal_mode = wal")
    finally:
        connection.close()


def schema_is_complete(cursor: duckdb.DuckDBPyConnection) -> bool:
    """Whether the lake holds every table and the country reference (a read: no write lock needed)."""
    tables = {
        row[0]
        for row in cursor.execute(
            "select table_name from duckdb_tables() where database_name = ?", [LAKE]
        ).fetchall()
    }
    countries = fetch_scalar(cursor, "select count(*) from countries") if "countries" in tables else 0
    return set(ALL_TABLES) <= tables and bool(countries)


def complete_schema(cursor: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and load the country reference when empty (inside a write)."""
    cursor.execute(load_script("store/schema"))
    if fetch_scalar(cursor, "select count(*) from countries") == 0:
        load_country_reference(cursor)


def load_country_reference(cursor: duckdb.DuckDBPyConnection) -> None:
    """Fill the countries table from the shipped country reference (data/reference/countries.csv)."""
    reference = read_country_reference()
    cursor.register("country_reference", reference)
    try:
        cursor.execute(
            "insert into countries (iso3, iso2, numeric_code, name_en, name_zh, region, sub_region, continent) "
            "select iso3, iso2, numeric_code, name_en, name_zh, region, sub_region, continent "
            "from country_reference"
        )
    finally:
        cursor.unregister("country_reference")
