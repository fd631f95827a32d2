"""The sign-in in front of the dashboard: who this session is, and so which pages it may open.

Password users (bcrypt hashes in the secrets file's [access.users]) sign in with the form here; when
the secrets hold an [auth] section (OpenID Connect), Streamlit's `st.login` / `st.user` are used
instead. The frame calls `signed_in_identity()` before it builds the navigation: with nobody signed
in (and anonymous viewing off) the run stops at the form, so no page, by menu or by URL, is reached.

A password sign-in issues a signed, expiring, revocable token (`analysis/auth/sign_ins.py`). The page
puts it in the `alliance_sign_in` cookie, which every later connection of the browser carries, and the
connection that signed in keeps it bound to itself; every run reads the identity from there
(`app_ui/frame/session_access.py`), never from the session's state alone. A reload or a second tab stays
signed in until the token expires or is revoked.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

import streamlit as st
from streamlit.errors import StreamlitAuthError

from analysis.auth import AccessSettings, Identity, Role
from analysis.auth.throttle import Locked, LoginThrottle, attempt_sign_in
from analysis.errors import AllianceError
from analysis.i18n import Language, translate
from app_ui.frame.session_access import (
    ACTION_REFUSED_KEY,
    BOUND_TOKEN_KEY,
    IDENTITY_KEY,
    SIGN_IN_COOKIE,
    access_settings,
    bind_to_this_connection,
    client_address,
    has_browser_connection,
    identity_now,
    session_token,
    sign_in_cookie,
    sign_in_store,
)
from app_ui.widgets.chart_library import preload_chart_library

LOGGER = logging.getLogger("alliance.dashboard")
KEY_NAME = "login_name"
KEY_PASSWORD = "login_password"
KEY_SUBMIT = "login_submit"
KEY_SIGN_OUT = "login_sign_out"
KEY_OIDC = "login_oidc"
_PROBLEM = "login_problem"
_NEW_COOKIE = "login_new_cookie"  # (token, seconds): to be put in the browser's cookie, then reload
_COOKIE_CLEARED = "login_cookie_cleared"
_FORGET_COOKIE = "login_forget_cookie"


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
        identity = identity_now(settings)
    except AllianceError as error:
        st.error(translate("access.login.settings_error", language, message=str(error)))
        st.stop()
    if st.session_state.pop(ACTION_REFUSED_KEY, False):
        st.warning(translate("access.action.refused", language))
    if identity is None:
        st.session_state.pop(IDENTITY_KEY, None)
        forget = st.session_state.pop(_FORGET_COOKIE, False)  # signed out here: the browser has one
        if (forget or sign_in_cookie() is not None) and not st.session_state.get(_COOKIE_CLEARED):
            _clear_cookie()  # expired or revoked: the browser forgets it
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
        new_cookie = st.session_state.pop(_NEW_COOKIE, None)
        if new_cookie is not None:  # just signed in (drawn here, after any switch to a linked page)
            token, seconds = new_cookie
            _set_cookie(token, seconds, language)
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
            try:
                sign_in_store().revoke(session_token())  # the token is dead server-side at once
            except AllianceError as error:
                LOGGER.warning("sign-out could not revoke the sign-in record: %s", error)
            st.session_state.pop(_COOKIE_CLEARED, None)
            st.session_state.pop(BOUND_TOKEN_KEY, None)
            st.session_state[_FORGET_COOKIE] = True
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
    elif isinstance(problem, Locked):
        until = dt.datetime.fromtimestamp(problem.until, dt.UTC)
        st.error(
            translate(
                f"access.login.locked_{problem.scope}",
                language,
                until=f"{until:%H:%M}",
                minutes=max(1, math.ceil(problem.seconds / 60)),
            )
        )
    elif isinstance(problem, tuple):
        st.error(translate("access.login.settings_store_error", language, message=problem[1]))


def _check_password() -> None:
    """The form's callback: counted by the throttle before bcrypt runs (atomic), then a token or a message."""
    name = str(st.session_state.get(KEY_NAME) or "")
    password = str(st.session_state.get(KEY_PASSWORD) or "")
    st.session_state[KEY_PASSWORD] = ""  # never kept in the session once checked
    try:
        settings = access_settings()
        outcome = attempt_sign_in(settings, _throttle(), name, password, client_address())
    except AllianceError as error:
        st.session_state[_PROBLEM] = ("store", str(error))
        return
    if outcome is None:
        st.session_state[_PROBLEM] = "wrong"
        return
    if isinstance(outcome, Locked):
        st.session_state[_PROBLEM] = outcome
        return
    if not has_browser_connection():  # AppTest: no cookie to bind to, the session state is all there is
        st.session_state[IDENTITY_KEY] = outcome
        return
    try:
        token = sign_in_store().issue(outcome.name, outcome.role, outcome.method, settings.sign_in_hours)
    except AllianceError as error:
        st.session_state[_PROBLEM] = ("store", str(error))
        return
    LOGGER.info("%s signed in (%s) for %.1f h", outcome.name, outcome.role.value, settings.sign_in_hours)
    bind_to_this_connection(token)
    st.session_state[_NEW_COOKIE] = (token, round(settings.sign_in_hours * 3600))


_COOKIE_MARKER = "alliance-sign-in-cookie"
_COOKIE_ATTRIBUTES = "Path=/; SameSite=Strict"


def _set_cookie(token: str, seconds: int, language: Language) -> None:
    """Store the token in the browser (never the password or its hash), for its next connections.

    Streamlit reads cookies from the request that opened a connection, so this one goes on with the
    token bound to it (`bind_to_this_connection`); reloads, new tabs and reconnects send the cookie.
    When the browser refuses cookies, a sentence says the sign-in will not survive a reload."""
    if not all(character.isalnum() or character in "-_." for character in token):
        raise AllianceError("A sign-in token holds unexpected characters.")  # never: made by sign_ins.py
    blocked = translate("access.login.cookies_blocked", language)
    _run_in_browser(
        f'<p id="{_COOKIE_MARKER}" hidden>{blocked}</p>'
        f"<style>.stElementContainer:has(#{_COOKIE_MARKER}[hidden]) {{ display: none; }}</style>",
        f"""var secure = window.location.protocol === "https:" ? "; Secure" : "";
var value = "{SIGN_IN_COOKIE}={token}";
document.cookie = value + "; Max-Age={int(seconds)}; {_COOKIE_ATTRIBUTES}" + secure;
if (document.cookie.split("; ").indexOf(value) < 0) {{
  document.getElementById("{_COOKIE_MARKER}").hidden = false;
}}""",
    )


def _clear_cookie() -> None:
    """The browser forgets an expired or revoked sign-in token (once per session)."""
    st.session_state[_COOKIE_CLEARED] = True
    marker = f"{_COOKIE_MARKER}-cleared"
    _run_in_browser(
        f'<span id="{marker}"></span><style>.stElementContainer:has(#{marker}) {{ display: none; }}</style>',
        f'document.cookie = "{SIGN_IN_COOKIE}=; Max-Age=0; {_COOKIE_ATTRIBUTES}";',
    )


def _run_in_browser(markup: str, script: str) -> None:
    """The one place this module hands HTML and a script to the browser. Reviewed: both are built only
    from constants, the catalogue's own sentences and a token checked above to be [A-Za-z0-9._-]."""
    st.html(f"{markup}\n<script>\n(function () {{\n{script}\n}})();\n</script>", unsafe_allow_javascript=True)


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
