"""The secrets file on disk: where it is, reading it, and adding or removing a user in place.

Edits keep everything else in the file as the administrator wrote it (comments, [auth], other keys).
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from analysis.auth.passwords import hash_password
from analysis.auth.roles import Role
from analysis.auth.scope import Scope
from analysis.auth.settings import AccessSettings, access_settings_from, check_user_name
from analysis.errors import AllianceError
from analysis.paths import INSTANCE_HOME

SECRETS_ENVIRONMENT_VARIABLE = "ALLIANCE_SECRETS"
DEFAULT_SECRETS = INSTANCE_HOME / ".streamlit" / "secrets.toml"


def secrets_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """An explicit path, else $ALLIANCE_SECRETS, else .streamlit/secrets.toml (where Streamlit reads it)."""
    if explicit:
        return Path(explicit)
    configured = os.environ.get(SECRETS_ENVIRONMENT_VARIABLE)
    return Path(configured) if configured else DEFAULT_SECRETS


def read_secrets(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise AllianceError(
            f"The secrets file {path} is not valid TOML ({error}). Fix the line named."
        ) from None


def read_access_settings(path: Path) -> AccessSettings:
    return access_settings_from(read_secrets(path))


def add_user(path: Path, name: str, role: Role, password: str, scope: Scope | None = None) -> bool:
    """Add `name` (or replace their role, password and scope); True when the user is new."""
    check_user_name(name)
    password_hash = hash_password(password)
    document = _load_document(path)
    users = _users_table(document)
    is_new = name not in users
    entry = tomlkit.table()
    entry.add("role", role.value)
    entry.add("password_hash", password_hash)
    if scope is not None:
        entry.add("scope", scope.text)
    users[name] = entry
    _write_document(path, document)
    return is_new


def remove_user(path: Path, name: str) -> None:
    document = _load_document(path)
    users = _users_table(document)
    if name not in users:
        raise AllianceError(
            f"There is no user {name!r} in {path}. `python -m analysis user list` shows them."
        )
    del users[name]
    _write_document(path, document)


def _load_document(path: Path) -> tomlkit.TOMLDocument:
    read_secrets(path)  # a clear message for a broken file before tomlkit's
    return tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()


def _users_table(document: tomlkit.TOMLDocument) -> Table:
    if "access" not in document:
        access = tomlkit.table()
        anonymous_viewers = tomlkit.item(False)
        anonymous_viewers.comment("may visitors who have not logged in view the dashboard?")
        access.add("anonymous_viewers", anonymous_viewers)
        document.add("access", access)
    access = document["access"]
    assert isinstance(access, Table)
    if "users" not in access:
        access.add("users", tomlkit.table(is_super_table=True))
    users = access["users"]
    assert isinstance(users, Table)
    return users


def _write_document(path: Path, document: tomlkit.TOMLDocument) -> None:
    """Write beside the file and rename over it (never half a file), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.writing")
    staging.write_text(tomlkit.dumps(document), encoding="utf-8")
    staging.chmod(stat.S_IRUSR | stat.S_IWUSR)
    os.replace(staging, path)
