"""The dashboard's database handles per server process, and result caching keyed on the data version.

`shared_database()` is the handle every page reads through. For a signed-in user limited to a scope
(`[access.users.NAME] scope`, `[access.oidc.scopes]`, or an embed link's scope) it is that scope's
handle (`analysis/store/scoped.py`): a database holding only the scope's rows, so no page, export,
explorer answer or SQL console result can show another row.
"""

from __future__ import annotations

import threading
import time

import streamlit as st

from analysis.auth.roles import Identity
from analysis.auth.scope import Scope, parse_scope
from analysis.errors import AllianceError
from analysis.paths import store_address
from analysis.store.connection import AllianceDatabase, open_database
from analysis.store.scoped import ScopedDatabase
from app_ui.frame.session_access import IDENTITY_KEY, access_settings

# An embedded view's scope (set by the embed gate, app_ui/frame/embed_view.py), as text.
EMBED_SCOPE_KEY = "embed_scope"


@st.cache_resource(show_spinner=False)
def _database_for(path: str) -> AllianceDatabase:
    return open_database(path)


@st.cache_resource(show_spinner=False, max_entries=50)
def _scoped_database_for(path: str, scope_text: str) -> AllianceDatabase:
    scope = parse_scope(scope_text)
    assert scope is not None
    return ScopedDatabase(_database_for(path), scope)


def session_scope() -> Scope | None:
    """The rows this session is limited to (None: the whole alliance), read afresh from the settings."""
    embedded = st.session_state.get(EMBED_SCOPE_KEY)
    if embedded is not None:
        return parse_scope(embedded) if embedded else None
    identity = st.session_state.get(IDENTITY_KEY)
    if not isinstance(identity, Identity):
        return None
    try:
        return access_settings().scope_for(identity)
    except AllianceError:
        # Settings that no longer parse: the frame shows why; nothing is read meanwhile.
        st.stop()
        raise


def shared_database() -> AllianceDatabase:
    """The session's database (chosen by $ALLIANCE_DB or the default, limited to the session's scope)."""
    scope = session_scope()
    if scope is None:
        return _database_for(store_address())
    return _scoped_database_for(store_address(), scope.text)


def unscoped_database() -> AllianceDatabase:
    """The whole store: only for work that is no user's read (checking an embed link's signature)."""
    return _database_for(store_address())


# The data version read once per script run (set by `start_run`, which the router calls first thing on
# every run). Every cached call keys on the version, and a page makes 5-20 of them: reading the store's
# snapshot id for each took a third of a page run's time under load (a DuckLake catalog query each,
# measured with py-spy). Read once per run, a change by any process (an import, a restore, another
# server) is still seen at the next click, and a whole run sees one consistent version.
_RUN_DATA_VERSION = "_alliance_data_version_this_run"


# And shared by the process's sessions for a moment: with 25 sessions clicking, each run's read of the
# snapshot id (10-15 ms of catalog query) still added up. A commit made through this process forgets it
# at once (`forget_data_version`); one made by another process (a command-line import, another
# replica) is seen within DATA_VERSION_SECONDS.
DATA_VERSION_SECONDS = 0.5
_process_version: tuple[float, int] | None = None
_process_version_lock = threading.Lock()


def _store_data_version() -> int:
    global _process_version
    held = _process_version
    now = time.monotonic()
    if held is not None and now - held[0] < DATA_VERSION_SECONDS:
        return held[1]
    with _process_version_lock:
        held = _process_version
        if held is not None and time.monotonic() - held[0] < DATA_VERSION_SECONDS:
            return held[1]
        read_at = time.monotonic()
        version = unscoped_database().data_version()  # the same snapshot id for every scope
        _process_version = (read_at, version)
        return version


def start_run() -> None:
    """Forget the data version read by the previous run: this run reads it afresh on first use."""
    st.session_state[_RUN_DATA_VERSION] = None


def forget_data_version() -> None:
    """After a write through this process: every session's next read asks the store."""
    global _process_version
    with _process_version_lock:  # waits for a read under way, which may have seen the old version
        _process_version = None
    if st.session_state.get(_RUN_DATA_VERSION) is not None:
        st.session_state[_RUN_DATA_VERSION] = None


def current_data_version() -> int:
    """Changes after every import or restore; pass it to cached functions so results refresh.

    Outside a run started by the router (a page run on its own, as some tests do) every call reads it.
    """
    if _RUN_DATA_VERSION not in st.session_state:
        return shared_database().data_version()
    version = st.session_state[_RUN_DATA_VERSION]
    if version is None:
        version = _store_data_version()
        st.session_state[_RUN_DATA_VERSION] = version
    return int(version)
