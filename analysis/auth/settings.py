"""The access settings as the secrets file states them.

```toml
[access]
anonymous_viewers = false          # may visitors who have not logged in view? (default: no)
sign_in_hours = 8                  # how long a password sign-in lasts, reloads included (default: 8)

[access.users.amira]               # one table per password user
role = "editor"                    # "viewer" or "editor"
password_hash = "$2b$12$..."       # bcrypt; written by `python -m analysis user add amira --role editor`
scope = "region:Europe"            # optional: sees and changes only these rows (analysis/auth/scope.py)

[access.oidc]                      # only with an [auth] section (OpenID Connect, st.login)
editors = ["li.wei@example.org"]   # e-mail addresses given the editor role; everyone else logs in as viewer

[access.oidc.scopes]               # optional: e-mail address -> scope, for OpenID Connect users
"anna@example.org" = "countries:DEU,FRA"
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.auth.roles import Identity, Role
from analysis.auth.scope import Scope, parse_scope
from analysis.auth.sign_ins import DEFAULT_SIGN_IN_HOURS
from analysis.errors import AllianceError

SIGN_IN_HOURS_RANGE = (0.01, 24.0 * 7)  # from 36 seconds (tests) to a week
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


@dataclass(frozen=True)
class UserRecord:
    name: str
    role: Role
    password_hash: str
    scope: Scope | None = None


@dataclass(frozen=True)
class AccessSettings:
    users: dict[str, UserRecord] = field(default_factory=dict)
    anonymous_viewers: bool = False
    oidc_configured: bool = False  # an [auth] section exists: log in with st.login instead of passwords
    oidc_editors: frozenset[str] = frozenset()  # lower-case e-mail addresses
    oidc_scopes: dict[str, Scope] = field(default_factory=dict)  # lower-case e-mail address -> scope
    sign_in_hours: float = DEFAULT_SIGN_IN_HOURS  # a password sign-in lasts this long, reloads included

    def role_for_oidc_email(self, email: str | None) -> Role:
        return Role.EDITOR if email and email.strip().lower() in self.oidc_editors else Role.VIEWER

    def scope_for(self, identity: Identity | None) -> Scope | None:
        """The rows `identity` is limited to (None: the whole alliance), read afresh from the settings.

        A password user's `scope`, an OpenID Connect user's entry in [access.oidc.scopes]; anonymous
        visitors see the whole alliance (anonymous viewing is for a trusted network only).
        """
        if identity is None:
            return None
        if identity.method == "password":
            record = self.users.get(identity.name)
            return record.scope if record else None
        if identity.method == "oidc":
            return self.oidc_scopes.get(identity.name.strip().lower())
        return None


def check_user_name(name: str) -> str:
    if not USER_NAME.fullmatch(name):
        raise AllianceError(
            f"The user name {name!r} cannot be used: use 1 to 64 letters, digits, '.', '_', '-' or '@', "
            "starting with a letter or digit."
        )
    return name


def parse_role(text: object, where: str) -> Role:
    try:
        return Role(str(text))
    except ValueError:
        raise AllianceError(
            f"{where}: the role {text!r} is not one of {', '.join(role.value for role in Role)}."
        ) from None


def access_settings_from(secrets: Mapping[str, Any]) -> AccessSettings:
    """Read the settings from the parsed secrets (st.secrets or the TOML file); no secrets = nobody in."""
    access = secrets.get("access") or {}
    users: dict[str, UserRecord] = {}
    for name, entry in (access.get("users") or {}).items():
        where = f"secrets [access.users.{name}]"
        password_hash = str((entry or {}).get("password_hash") or "")
        if not password_hash.startswith("$2"):
            raise AllianceError(
                f"{where} has no bcrypt password_hash. Set it with `python -m analysis user add {name} "
                f"--role viewer` (or editor)."
            )
        users[str(name)] = UserRecord(
            str(name),
            parse_role((entry or {}).get("role"), where),
            password_hash,
            parse_scope((entry or {}).get("scope"), f"{where} scope"),
        )
    oidc = access.get("oidc") or {}
    oidc_scopes: dict[str, Scope] = {}
    for email, text in (oidc.get("scopes") or {}).items():
        scope = parse_scope(text, f"secrets [access.oidc.scopes] {email!r}")
        if scope is not None:
            oidc_scopes[str(email).strip().lower()] = scope
    hours = access.get("sign_in_hours", DEFAULT_SIGN_IN_HOURS)
    low, high = SIGN_IN_HOURS_RANGE
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not low <= hours <= high:
        raise AllianceError(
            f"secrets [access] sign_in_hours = {hours!r} cannot be used: give a number of hours from "
            f"{low} to {high:g} (8 = a working day)."
        )
    return AccessSettings(
        users=users,
        anonymous_viewers=access.get("anonymous_viewers", False) is True,
        oidc_configured=bool(secrets.get("auth")),
        oidc_editors=frozenset(str(email).strip().lower() for email in oidc.get("editors") or []),
        oidc_scopes=oidc_scopes,
        sign_in_hours=float(hours),
    )
