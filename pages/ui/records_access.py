"""Who may change records at the moment an action runs (not only when the page was drawn).

A button's callback runs on the next click, maybe long after the page was drawn: the editor may have
been removed from the secrets file or made a viewer meanwhile. Every action of the Records and History
pages calls `editor_now()` first and does nothing without an editor. (A shared guard for every
callback, issue 19, can replace this function.)
"""

from __future__ import annotations

import streamlit as st

from analysis.auth.roles import Identity
from analysis.errors import AllianceError
from pages.ui.session_access import IDENTITY_KEY, access_settings


def editor_now() -> Identity | None:
    """The signed-in identity if, checked against the secrets now, it is an editor; else None."""
    identity = st.session_state.get(IDENTITY_KEY)
    if not isinstance(identity, Identity) or identity.is_anonymous:
        return None
    try:
        settings = access_settings()
    except AllianceError:
        return None
    if identity.method == "password":
        record = settings.users.get(identity.name)
        return identity if record is not None and record.role.can_edit else None
    if identity.method == "oidc":
        return identity if settings.role_for_oidc_email(identity.name).can_edit else None
    return None
