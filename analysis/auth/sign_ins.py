"""Sign-ins that survive a reload: signed, expiring tokens, each backed by a record the server can revoke.

A successful password sign-in issues a token `<id>.<expires>.<signature>`:

- `id` is 32 random bytes (URL-safe base64), so nobody can guess one;
- `expires` is the Unix time the sign-in ends (the `[access] sign_in_hours` setting, default 8 hours);
- `signature` is an HMAC-SHA256 of `id.expires` under a key only the server holds (`sign_in.key`,
  32 random bytes written beside the secrets file, readable by its owner only).

The browser keeps the token in a cookie; it holds neither the password nor its hash. The server keeps a
record per sign-in in `sign_ins.sqlite` beside the secrets file: the SHA-256 of the id (never the id
itself, so a copy of the file signs nobody in), the user name, the role at sign-in and the expiry. A
token is good only while its signature matches, it has not expired and its record exists, so deleting
the record ends the sign-in at once: sign-out deletes it, and `user remove` / `user add` (a new role or
password) delete all of that user's records. The dashboard also ends a sign-in whose user has left the
secrets or whose role there differs from the role it was issued for.

This module never imports Streamlit: the `user` command and the tests use it directly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.auth.roles import Role
from analysis.errors import AllianceError

KEY_FILE = "sign_in.key"
RECORDS_FILE = "sign_ins.sqlite"
DEFAULT_SIGN_IN_HOURS = 8.0
_KEY_BYTES = 32
_SCHEMA = """
create table if not exists sign_ins (
    id_hash text primary key,   -- SHA-256 of the token's random id (the id itself is never stored)
    name text not null,
    role text not null,
    method text not null,
    issued_at integer not null,
    expires_at integer not null
)
"""


@dataclass(frozen=True)
class SignIn:
    """One live sign-in, as its record holds it."""

    name: str
    role: Role
    method: str
    issued_at: int
    expires_at: int


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _id_hash(token_id: str) -> str:
    return hashlib.sha256(token_id.encode("ascii")).hexdigest()


class SignInStore:
    """The sign-in records and the signing key of one secrets file's folder."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        self.folder = Path(folder)
        self._clock = clock
        self._key: bytes | None = None

    @property
    def records_path(self) -> Path:
        return self.folder / RECORDS_FILE

    @property
    def key_path(self) -> Path:
        return self.folder / KEY_FILE

    def issue(self, name: str, role: Role, method: str, hours: float) -> str:
        """A new sign-in for `name` lasting `hours`; returns the token for the browser's cookie."""
        token_id = _encode(secrets.token_bytes(32))
        issued = int(self._clock())
        expires = issued + max(1, round(hours * 3600))
        with self._records() as connection:
            connection.execute(
                "insert into sign_ins values (?, ?, ?, ?, ?, ?)",
                (_id_hash(token_id), name, role.value, method, issued, expires),
            )
            connection.execute("delete from sign_ins where expires_at <= ?", (issued,))
        return f"{token_id}.{expires}.{self._signature(token_id, expires)}"

    def verify(self, token: str | None) -> SignIn | None:
        """The live sign-in behind `token`, or None (malformed, forged, expired or revoked)."""
        parsed = self._parse(token)
        if parsed is None:
            return None
        token_id, expires = parsed
        now = int(self._clock())
        if expires <= now or not self.records_path.exists():
            return None
        with self._records() as connection:
            row = connection.execute(
                "select name, role, method, issued_at, expires_at from sign_ins where id_hash = ?",
                (_id_hash(token_id),),
            ).fetchone()
        if row is None or row[4] != expires or row[4] <= now:
            return None
        try:
            role = Role(row[1])
        except ValueError:
            return None
        return SignIn(name=row[0], role=role, method=row[2], issued_at=row[3], expires_at=row[4])

    def revoke(self, token: str | None) -> bool:
        """End the sign-in behind `token` (sign-out); True when there was one."""
        parsed = self._parse(token)
        if parsed is None or not self.records_path.exists():
            return False
        with self._records() as connection:
            deleted = connection.execute(
                "delete from sign_ins where id_hash = ?", (_id_hash(parsed[0]),)
            ).rowcount
        return deleted > 0

    def revoke_user(self, name: str) -> int:
        """End every sign-in of `name` (removed, new role, new password); how many there were."""
        if not self.records_path.exists():
            return 0
        with self._records() as connection:
            return int(connection.execute("delete from sign_ins where name = ?", (name,)).rowcount)

    def live_sign_ins(self) -> list[SignIn]:
        """Every unexpired sign-in (for an operator's listing)."""
        if not self.records_path.exists():
            return []
        with self._records() as connection:
            rows = connection.execute(
                "select name, role, method, issued_at, expires_at from sign_ins where expires_at > ? "
                "order by issued_at",
                (int(self._clock()),),
            ).fetchall()
        return [SignIn(row[0], Role(row[1]), row[2], row[3], row[4]) for row in rows]

    def _parse(self, token: str | None) -> tuple[str, int] | None:
        if not token or len(token) > 200:
            return None
        parts = token.split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        token_id, expires_text, signature = parts
        expires = int(expires_text)
        try:
            expected = self._signature(token_id, expires)
        except (UnicodeEncodeError, AllianceError):
            return None
        if not hmac.compare_digest(signature.encode("ascii", "replace"), expected.encode("ascii")):
            return None
        return token_id, expires

    def _signature(self, token_id: str, expires: int) -> str:
        message = f"{token_id}.{expires}".encode("ascii")
        return _encode(hmac.new(self._signing_key(), message, hashlib.sha256).digest())

    def _signing_key(self) -> bytes:
        """The server's key: read once, created (owner-only) on first use."""
        if self._key is not None:
            return self._key
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                descriptor = os.open(self.key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                key = self.key_path.read_bytes()
            else:
                key = secrets.token_bytes(_KEY_BYTES)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(key)
        except OSError as error:
            raise AllianceError(
                f"The sign-in key {self.key_path} cannot be read or written ({error.strerror}). "
                "Give the dashboard's user write access to the folder of the secrets file."
            ) from None
        if len(key) < _KEY_BYTES:  # being written by another process this instant, or cut short
            raise AllianceError(
                f"The sign-in key {self.key_path} is damaged (shorter than {_KEY_BYTES} bytes). "
                "Delete it: a new one is made, and everyone signs in again."
            )
        self._key = key
        return key

    @contextmanager
    def _records(self) -> Iterator[sqlite3.Connection]:
        """One short transaction on the records file (SQLite serialises writers across processes)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            created = not self.records_path.exists()
            connection = sqlite3.connect(self.records_path, timeout=10)
        except (OSError, sqlite3.Error) as error:
            raise AllianceError(
                f"The sign-in records {self.records_path} cannot be opened ({error}). Give the "
                "dashboard's user write access to the folder of the secrets file."
            ) from None
        try:
            if created:
                self.records_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
            with connection:
                connection.execute(_SCHEMA)
                yield connection
        except sqlite3.Error as error:
            raise AllianceError(
                f"The sign-in records {self.records_path} cannot be used ({error}). Delete the file: "
                "everyone signs in again."
            ) from None
        finally:
            connection.close()


def sign_in_store_beside(secrets_file: Path) -> SignInStore:
    """The sign-in records kept in the folder of `secrets_file`."""
    return SignInStore(Path(secrets_file).parent)
