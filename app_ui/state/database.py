"""The dashboard's one database handle per server process, and result caching keyed on the data version."""

from __future__ import annotations

import streamlit as st

from analysis.paths import store_address
from analysis.store.database import AllianceDatabase, open_database


@st.cache_resource(show_spinner=False)
def _database_for(path: str) -> AllianceDatabase:
    return open_database(path)


def shared_database() -> AllianceDatabase:
    """The process-wide database (chosen by $ALLIANCE_DB or the default); take a cursor per use."""
    return _database_for(store_address())


def current_data_version() -> int:
    """Changes after every import or restore; pass it to cached functions so results refresh."""
    return shared_database().data_version()
