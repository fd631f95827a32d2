"""Checking passwords against bcrypt hashes, in the same time whether or not the user exists."""

from __future__ import annotations

from functools import cache

import bcrypt

from analysis.auth.roles import Identity
from analysis.auth.settings import AccessSettings
from analysis.errors import AllianceError

MINIMUM_LENGTH = 8
BCRYPT_LIMIT_BYTES = 72  # bcrypt reads no further; longer passwords are refused rather than cut


@cache
def _dummy_hash() -> bytes:
    """Compared against when the user does not exist, so a wrong name costs as long as a wrong password."""
    return bcrypt.hashpw(b"no such user", bcrypt.gensalt(rounds=12))


def hash_password(password: str) -> str:
    """A bcrypt hash (cost 12) of a password that meets the rules; the password itself is never kept."""
    encoded = password.encode("utf-8")
    if len(password) < MINIMUM_LENGTH:
        raise AllianceError(f"The password is too short: use at least {MINIMUM_LENGTH} characters.")
    if len(encoded) > BCRYPT_LIMIT_BYTES:
        raise AllianceError(
            f"The password is too long: bcrypt uses at most {BCRYPT_LIMIT_BYTES} bytes "
            f"(this one is {len(encoded)} bytes in UTF-8). Use a shorter one."
        )
    return bcrypt.hashpw(encoded, bcrypt.gensalt(rounds=12)).decode("ascii")


def authenticate(settings: AccessSettings, name: str, password: str) -> Identity | None:
    """The identity of `name` when `password` is theirs, else None (unknown name, wrong or empty password)."""
    record = settings.users.get(name.strip())
    encoded = password.encode("utf-8")
    expected = record.password_hash.encode("ascii") if record else _dummy_hash()
    if not password or len(encoded) > BCRYPT_LIMIT_BYTES:
        bcrypt.checkpw(b"x", expected)  # same cost as a real check
        return None
    try:
        matches = bcrypt.checkpw(encoded, expected)
    except ValueError:  # a damaged hash in the secrets file lets nobody in
        return None
    if not matches or record is None:
        return None
    return Identity(name=record.name, role=record.role, method="password")
