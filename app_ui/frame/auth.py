"""The sign-in in front of the dashboard: who this session is, and so which pages it may open.

Password users (bcrypt hashes in the secrets file's [access.users]) sign in with the form here; when
the secrets hold an [auth] section (OpenID Connect), Streamlit's `st.login` / `st.user` are used
instead. The frame calls `signed_in_identity()` before it builds the navigation: with nobody signed
in (and anonymous viewing off) the run stops at the form, so no page, by menu or by URL, is reached.
"""

from __future__ import annotations

import logging
import math

import streamlit as st
from streamlit.errors import StreamlitAuthError

from analysis.auth import AccessSettings, Identity, Role, authenticate
from analysis.auth.roles import ANONYMOUS_VIEWER
from analysis.auth.throttle import LoginThrottle
from analysis.errors import AllianceError
from analysis.i18n import Language, translate
from app_ui.frame.session_access import IDENTITY_KEY, access_settings
from app_ui.widgets.chart_library import preload_chart_library

LOGGER = logging.getLogger("alliance.dashboard")
KEY_NAME = "login_name"
KEY_PASSWORD = "login_password"
KEY_SUBMIT = "login_submit"
KEY_SIGN_OUT = "login_sign_out"
KEY_OIDC = "login_oidc"
_PROBLEM = "login_problem"


@st.cache_resource(show_spinner=False)
def _throttle() -> LoginThrottle:
    """One per server process, so opening new sessions does not reset the count."""
    return LoginThrottle()


def current_role() -> str:
    """The role of this session so far ("anonymous" before sign-in): part of every cache key."""
    identity = st.session_state.get(IDENTITY_KEY)
    return identity.role.value if isinstance(identity, Identity) else "anonymous"


def signed_in_identity(language: Language) -> Identity:
    """Who this session is; with nobody signed in, shows the sign-in and stops the run here."""
    try:
        settings = access_settings()
    except AllianceError as error:
        st.error(translate("access.login.settings_error", language, message=str(error)))
        st.stop()
    identity = _oidc_identity(settings) if settings.oidc_configured else _password_identity(settings)
    if identity is None and settings.anonymous_viewers:
        identity = ANONYMOUS_VIEWER
    if identity is None:
        st.session_state.pop(IDENTITY_KEY, None)
        _sign_in(settings, language)
        if settings.users or settings.oidc_configured:  # a form to fill in (not the "add a user" note)
            preload_chart_library()  # after the form: the charts' library loads while the visitor types
        st.stop()
    st.session_state[IDENTITY_KEY] = identity
    return identity


def account_box(identity: Identity, settings: AccessSettings | None, language: Language) -> None:
    """In the sidebar: who is signed in and a sign-out button, or (anonymous viewing) a way to sign in."""
    settings = settings or access_settings()
    with st.sidebar:
        if identity.is_anonymous:
            st.caption(translate("access.account.anonymous", language))
            with st.expander(translate("access.login.optional", language)):
                _sign_in(settings, language)
            return
        role = translate(f"access.role.{identity.role.value}", language)
        st.caption(translate("access.account.signed_in", language, name=_as_text(identity.name), role=role))
        if st.button(translate("access.account.sign_out", language), key=KEY_SIGN_OUT):
            st.session_state.pop(IDENTITY_KEY, None)
            if identity.method == "oidc":
                st.logout()
            st.rerun()


def require_editor() -> Identity:
    """First line of an editor page: anyone but a signed-in editor gets nothing from it.

    The frame already leaves editor pages out of a viewer's navigation; this also stops a page script
    run on its own (by a test, or a future route) from serving anyone but an editor.
    """
    identity = st.session_state.get(IDENTITY_KEY)
    if not (isinstance(identity, Identity) and identity.role.can_edit):
        st.stop()
    return identity


def _password_identity(settings: AccessSettings) -> Identity | None:
    """The signed-in password user, checked again against the secrets on every run.

    A user removed from the secrets file is out at their next click; a changed role applies at once.
    """
    identity = st.session_state.get(IDENTITY_KEY)
    if not isinstance(identity, Identity) or identity.method != "password":
        return None
    record = settings.users.get(identity.name)
    if record is None:
        return None
    return Identity(name=record.name, role=record.role, method="password")


def _oidc_identity(settings: AccessSettings) -> Identity | None:
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "")
    name = email or str(st.user.get("name") or st.user.get("sub") or "")
    return Identity(name=name, role=settings.role_for_oidc_email(email), method="oidc")


def _sign_in(settings: AccessSettings, language: Language) -> None:
    if settings.oidc_configured:
        _oidc_sign_in(language)
    else:
        _password_form(settings, language)


def _oidc_sign_in(language: Language) -> None:
    st.subheader(translate("access.login.title", language))
    st.button(translate("access.login.oidc", language), key=KEY_OIDC, type="primary", on_click=_start_oidc)
    if st.session_state.pop(_PROBLEM, None) == "oidc":
        st.error(translate("access.login.oidc_unavailable", language))


def _start_oidc() -> None:
    """The button's callback: off to the provider, or (Authlib missing, [auth] incomplete) a message."""
    try:
        st.login()
    except StreamlitAuthError as error:
        LOGGER.warning("sign-in through OpenID Connect failed: %s", error)
        st.session_state[_PROBLEM] = "oidc"


def _password_form(settings: AccessSettings, language: Language) -> None:
    st.subheader(translate("access.login.title", language))
    st.write(translate("access.login.intro", language))
    if not settings.users:
        st.warning(translate("access.login.no_users", language))
        return
    with st.form("login_form"):
        st.text_input(translate("access.login.name", language), key=KEY_NAME, autocomplete="username")
        st.text_input(
            translate("access.login.password", language),
            type="password",
            key=KEY_PASSWORD,
            autocomplete="current-password",
        )
        st.form_submit_button(
            translate("access.login.submit", language), key=KEY_SUBMIT, on_click=_check_password
        )
    problem = st.session_state.pop(_PROBLEM, None)
    if problem == "wrong":
        st.error(translate("access.login.wrong", language))
    elif isinstance(problem, int):
        st.error(translate("access.login.locked", language, minutes=problem))


def _check_password() -> None:
    """The form's callback: runs before the script, so the new identity holds for the whole next run."""
    name = str(st.session_state.get(KEY_NAME) or "")
    password = str(st.session_state.get(KEY_PASSWORD) or "")
    st.session_state[KEY_PASSWORD] = ""  # never kept in the session once checked
    throttle = _throttle()
    wait = throttle.seconds_locked(name)
    if wait > 0:
        st.session_state[_PROBLEM] = math.ceil(wait / 60)
        return
    identity = authenticate(access_settings(), name, password)
    if identity is None:
        throttle.record_failure(name)
        st.session_state[_PROBLEM] = "wrong"
        return
    throttle.record_success(name)
    st.session_state[IDENTITY_KEY] = identity


def _as_text(value: str) -> str:
    """A user-chosen name inside markdown: markdown's special characters shown as themselves."""
    return "".join(
        f"\\{character}" if character in "\\`*_{}[]<>()#+-.!|~" else character for character in value
    )


__all__ = [
    "IDENTITY_KEY",
    "Role",
    "access_settings",
    "account_box",
    "current_role",
    "require_editor",
    "signed_in_identity",
]
