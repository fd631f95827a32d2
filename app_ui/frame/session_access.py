"""Who may see the dashboard without a sign-in form, decided before the frame's heavy imports.

A light module (Streamlit and the access settings only) so the frame can ask at the very start of a run,
before pandas, plotly and DuckDB are imported; `app_ui/frame/auth.py` does the signing in itself.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from analysis.auth.roles import Identity
from analysis.auth.settings import AccessSettings, access_settings_from
from analysis.errors import AllianceError

IDENTITY_KEY = "auth_identity"


def access_settings() -> AccessSettings:
    """The [access] settings in Streamlit's secrets (none = nobody signs in, nobody views)."""
    try:
        secrets: dict[str, Any] = st.secrets.to_dict()
    except FileNotFoundError:
        secrets = {}
    return access_settings_from(secrets)


def views_without_sign_in_form() -> bool:
    """True when this run goes straight to a page: signed in already, anonymous viewing on, or back
    from the OpenID Connect provider. False when the run will stop at the sign-in form (or at a
    message about broken settings)."""
    if isinstance(st.session_state.get(IDENTITY_KEY), Identity):
        return True
    try:
        settings = access_settings()
    except AllianceError:
        return False
    return settings.anonymous_viewers or (settings.oidc_configured and bool(st.user.is_logged_in))
