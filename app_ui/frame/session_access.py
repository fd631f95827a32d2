"""Who this session is *right now*, and the one guard every state-changing action calls before it acts.

A light module (Streamlit, the access settings and the sign-in records only) so the frame can ask at
the very start of a run, before pandas, plotly and DuckDB are imported; `app_ui/frame/auth.py` draws the
sign-in form and the account box.

Where the identity comes from, on every run and in every callback (never from what a page drew):

- OpenID Connect (`[auth]` in the secrets): Streamlit's own signed, HttpOnly cookie, read by `st.user`.
- Password users: the `alliance_sign_in` cookie of the browser connection that sent this run
  (`st.context.cookies`), checked against its server-side record (`analysis/auth/sign_ins.py`:
  signature, expiry, not revoked) and against the secrets (the user still exists, with the same role).
  A websocket that presents another session's id does not carry that browser's cookie, so it is not
  signed in, whatever the session's state holds. The connection on which the form was submitted was
  opened before the cookie existed: it alone goes on with the token kept in the session, bound to that
  connection's own `Sec-WebSocket-Key` (a random value the browser chose for it, which another
  connection does not present); a reload or a reconnect carries the cookie instead.
- Without any browser connection behind the run (AppTest, `python dashboard.py`) there is no cookie to
  bind to; then the identity kept in the session's state is used, checked against the secrets.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import streamlit as st

from analysis.auth.roles import ANONYMOUS_VIEWER, Identity, Role
from analysis.auth.secrets_file import DEFAULT_SECRETS, SECRETS_ENVIRONMENT_VARIABLE
from analysis.auth.settings import AccessSettings, access_settings_from
from analysis.auth.sign_ins import SignInStore
from analysis.errors import AllianceError

IDENTITY_KEY = "auth_identity"
ACTION_REFUSED_KEY = "auth_action_refused"
SIGN_IN_COOKIE = "alliance_sign_in"
BOUND_TOKEN_KEY = "auth_bound_token"  # (token, the Sec-WebSocket-Key of the connection that signed in)
LOGGER = logging.getLogger("alliance.dashboard")
_P = ParamSpec("_P")
_R = TypeVar("_R")


def access_settings() -> AccessSettings:
    """The [access] settings in Streamlit's secrets (none = nobody signs in, nobody views)."""
    try:
        secrets: dict[str, Any] = st.secrets.to_dict()
    except FileNotFoundError:
        secrets = {}
    return access_settings_from(secrets)


def secrets_file_in_use() -> Path:
    """The secrets file the server reads: $ALLIANCE_SECRETS, else the last existing one of Streamlit's
    `secrets.files` (later files win there), else .streamlit/secrets.toml. The `user` command writes the
    same file by default, so both find the sign-in records beside it."""
    configured = os.environ.get(SECRETS_ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    files = st.get_option("secrets.files") or []
    existing = [Path(str(file)) for file in files if Path(str(file)).is_file()]
    return existing[-1] if existing else DEFAULT_SECRETS


@st.cache_resource(show_spinner=False)
def _store_for(folder: str) -> SignInStore:
    return SignInStore(Path(folder))


def sign_in_store() -> SignInStore:
    """The sign-in records and key beside the secrets file in use (one object per folder and process)."""
    return _store_for(str(secrets_file_in_use().parent.resolve()))


def has_browser_connection() -> bool:
    """True when a browser (or any websocket client) sent this run: its request headers are known.

    Every websocket handshake has headers (Host at least); only runs with no connection at all (AppTest,
    bare `python dashboard.py`) have none."""
    return len(st.context.headers) > 0


def client_address() -> str:
    """The address the connection came from (the proxy's, behind one), for the per-client sign-in limit."""
    address = st.context.ip_address if has_browser_connection() else None
    return address if isinstance(address, str) and address else "unknown"


def connection_key() -> str | None:
    """The Sec-WebSocket-Key this connection was opened with: random per connection, chosen by the browser."""
    if not has_browser_connection():
        return None
    value = st.context.headers.get("Sec-Websocket-Key")
    return value if isinstance(value, str) and value else None


def bind_to_this_connection(token: str) -> None:
    """Keep a just-issued token for the connection that signed in (which has no cookie yet)."""
    st.session_state[BOUND_TOKEN_KEY] = (token, connection_key())


def session_token() -> str | None:
    """This run's sign-in token: the one bound to this very connection (a sign-in made on it, newer than
    any cookie it was opened with), else the cookie the connection was opened with."""
    bound = st.session_state.get(BOUND_TOKEN_KEY)
    key = connection_key()
    if isinstance(bound, tuple) and len(bound) == 2 and key is not None and bound[1] == key:
        return str(bound[0])
    return sign_in_cookie()


def sign_in_cookie() -> str | None:
    """The sign-in token the browser sent with this connection, if any (never one without a connection)."""
    if not has_browser_connection():
        return None
    value = st.context.cookies.get(SIGN_IN_COOKIE)
    return value if isinstance(value, str) and value else None


def identity_now(settings: AccessSettings) -> Identity | None:
    """Who this session is at this moment (see the module), or None: nobody signed in.

    Anonymous viewing gives the anonymous viewer instead of None. Raises AllianceError when the sign-in
    records cannot be read."""
    if settings.oidc_configured:
        identity = _oidc_identity(settings)
    elif has_browser_connection():
        identity = _cookie_identity(settings)
    else:
        identity = _session_identity(settings)
    if identity is None and settings.anonymous_viewers:
        identity = ANONYMOUS_VIEWER
    return identity


def authorized_identity(required: Role = Role.EDITOR) -> Identity | None:
    """THE guard: call it first in every callback or action that changes anything (or reads on a user's
    behalf), at the moment it runs. It returns who may act, or None, and then the action must do nothing.

    It decides from the live sign-in (cookie, server-side record, secrets), not from what the session's
    state or the drawn page said: a sign-out, a `user remove`, a new role or an expired sign-in takes
    effect on the very next click, including clicks on buttons of a page drawn before the change (Streamlit
    keeps their callbacks registered when a run ends at the sign-in form). `required` is the least role
    the action needs: `Role.EDITOR` for imports, restores, backups, edits and deletes; `Role.VIEWER` for
    reading (a viewer, or the anonymous viewer when anonymous viewing is on).

    A refusal is logged, the session forgets its identity, and the next run shows a sentence saying that
    nothing was changed. Use it as::

        def _delete_member(member_id: str) -> None:
            identity = authorized_identity(Role.EDITOR)
            if identity is None:
                return
            ...  # act, recording identity.name as the one who did it

    or decorate the callback with `@requires_role(Role.EDITOR)`.
    """
    try:
        identity = identity_now(access_settings())
    except AllianceError as error:
        LOGGER.warning("an action was refused: the sign-in could not be checked (%s)", error)
        identity = None
    if identity is not None and (required is Role.VIEWER or identity.role.can_edit):
        st.session_state[IDENTITY_KEY] = identity
        return identity
    LOGGER.warning(
        "refused an action needing %s for %s",
        required.value,
        f"{identity.name or 'an anonymous visitor'} ({identity.role.value})" if identity else "nobody",
    )
    if identity is None:
        st.session_state.pop(IDENTITY_KEY, None)
    st.session_state[ACTION_REFUSED_KEY] = True
    return None


def requires_role(required: Role = Role.EDITOR) -> Callable[[Callable[_P, _R]], Callable[_P, _R | None]]:
    """A callback decorator: the callback runs only when `authorized_identity(required)` lets it."""

    def decorate(callback: Callable[_P, _R]) -> Callable[_P, _R | None]:
        @functools.wraps(callback)
        def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R | None:
            if authorized_identity(required) is None:
                return None
            return callback(*args, **kwargs)

        return guarded

    return decorate


def check_for_later(required: Role = Role.EDITOR) -> Callable[[], bool]:
    """For work Streamlit runs later, outside any script run (a download built on click): captures this
    run's sign-in now; the returned check says, when called, whether that sign-in still stands (not
    signed out, removed, expired or given another role). Without a browser connection or with OpenID
    Connect (no server-side record) it stands as long as this run's identity did."""
    identity = identity_now(access_settings())
    allowed = identity is not None and (required is Role.VIEWER or identity.role.can_edit)
    token = session_token()
    if not allowed or token is None:
        return lambda: allowed
    store = sign_in_store()

    def still_allowed() -> bool:
        try:
            record = store.verify(token)
        except AllianceError:
            return False
        return record is not None and (required is Role.VIEWER or record.role.can_edit)

    return still_allowed


def views_without_sign_in_form() -> bool:
    """True when this run is likely to go straight to a page: a sign-in cookie sent, anonymous viewing
    on, or back from the OpenID Connect provider. Only a hint for preloading: the frame checks for real."""
    try:
        settings = access_settings()
    except AllianceError:
        return False
    if settings.anonymous_viewers:
        return True
    if settings.oidc_configured:
        return bool(st.user.is_logged_in)
    if has_browser_connection():
        return session_token() is not None  # the cookie, or the sign-in just made on this connection
    return isinstance(st.session_state.get(IDENTITY_KEY), Identity)


def _cookie_identity(settings: AccessSettings) -> Identity | None:
    token = session_token()
    if token is None:
        return None
    store = sign_in_store()
    record = store.verify(token)
    if record is None:
        return None
    user = settings.users.get(record.name)
    if user is None or user.role is not record.role:  # removed, or a new role: this sign-in is over
        store.revoke(token)
        return None
    return Identity(name=record.name, role=record.role, method="password")


def _session_identity(settings: AccessSettings) -> Identity | None:
    """No browser connection (AppTest): the identity the session holds, re-checked against the secrets."""
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
