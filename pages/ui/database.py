"""The dashboard's database handles per server process, and result caching keyed on the data version.

`shared_database()` is the handle every page reads through. For a signed-in user limited to a scope
(`[access.users.NAME] scope`, `[access.oidc.scopes]`, or an embed link's scope) it is that scope's
handle (`analysis/store/scoped.py`): a database holding only the scope's rows, so no page, export,
explorer answer or SQL console result can show another row.
"""

from __future__ import annotations

import streamlit as st

from analysis.auth.roles import Identity
from analysis.auth.scope import Scope, parse_scope
from analysis.errors import AllianceError
from analysis.paths import store_address
from analysis.store.database import AllianceDatabase, open_database
from analysis.store.scoped import ScopedDatabase
from pages.ui.session_access import IDENTITY_KEY, access_settings

# An embedded view's scope (set by the embed gate, pages/ui/embed_view.py), as text.
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


def current_data_version() -> int:
    """Changes after every import or restore; pass it to cached functions so results refresh."""
    return shared_database().data_version()
