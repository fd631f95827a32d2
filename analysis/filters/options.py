"""What the filter bar offers: the default as-of day and the countries and regions found in the data."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.queries import run_query
from analysis.store.connection import AllianceDatabase


def last_data_day(database: AllianceDatabase) -> dt.date | None:
    """The latest join, departure or event start in the database; None when it holds none."""
    with database.reading() as cursor:
        value = run_query(cursor, "dashboard/last_data_day", {})["last_data_day"].iloc[0]
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def default_as_of(database: AllianceDatabase, today: dt.date | None = None) -> dt.date:
    """The as-of day a view opens on: the last data day, or today when the database is empty."""
    return last_data_day(database) or today or dt.date.today()


def countries_in_use(database: AllianceDatabase) -> pd.DataFrame:
    """DataFrame[country, region]: countries with a member or an event, ordered by ISO3 code."""
    with database.reading() as cursor:
        return run_query(cursor, "dashboard/countries_in_use", {})
