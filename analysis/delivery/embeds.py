"""Embed links: a signed, expiring, revocable link to one view (page + filters), read-only.

A link is `{dashboard_url}/{page}?embed_link=TOKEN`. The token is the view (page, the filters as link
codes, an optional scope, the expiry) in base64url, a dot, and its HMAC-SHA256 under the secrets file's
`[embedding] signing_key` (written by `embed create` when missing; changing it voids every link). Every
link is also a row in the embeds registry (the delivery log's file), so it can be listed and revoked;
the dashboard checks signature, expiry and registry on every run of an embedded page.

The page opens on that view only: no navigation, no filter bar, no sign-in, the filters the link
names and nothing else (URL parameters added by hand are replaced by the link's), the rows of the
link's scope when it has one. Which sites may frame it is `[embedding] allowed_origins` in the
secrets file (default: the dashboard's own origin), sent as the Content-Security-Policy's
`frame-ancestors` by the proxy in front of the dashboard.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets as random_secrets
import sqlite3
import urllib.parse
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.auth.scope import Scope
from analysis.errors import AllianceError

EMBEDDABLE_PAGES = ("overview", "membership", "geography", "events", "governance")
_SCHEMA = """
create table if not exists embeds (
    id text primary key,
    page text not null,
    query text not null,
    scope text not null,
    created_at text not null,
    expires_at text not null,
    revoked_at text,
    note text
);
"""


class EmbedRefused(AllianceError):
    """The link cannot be shown; `reason` is one of invalid, expired, revoked, unset."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Embed:
    id: str
    page: str
    query: dict[str, str]  # view parameters, as in a dashboard link
    scope: str  # "" = the whole alliance
    created_at: str
    expires_at: str
    revoked_at: str | None = None
    note: str | None = None

    def path(self) -> str:
        return "" if self.page == "overview" else self.page


def signing_key(secrets: Mapping[str, Any]) -> bytes | None:
    embedding = secrets.get("embedding") or {}
    key = embedding.get("signing_key") if isinstance(embedding, dict) else None
    return str(key).encode() if key else None


def allowed_origins(secrets: Mapping[str, Any]) -> list[str]:
    embedding = secrets.get("embedding") or {}
    origins = embedding.get("allowed_origins") if isinstance(embedding, dict) else None
    return [str(origin) for origin in origins] if isinstance(origins, list) else ["'self'"]


def ensure_signing_key(secrets_file: Path) -> bytes:
    """The key in `secrets_file`, written there (owner-only file) when it has none."""
    import tomlkit

    from analysis.auth.secrets_file import _load_document, _write_document

    document = _load_document(secrets_file)
    embedding = document.get("embedding")
    if embedding is None:
        embedding = tomlkit.table()
        document.add("embedding", embedding)
    if not embedding.get("signing_key"):
        embedding["signing_key"] = random_secrets.token_urlsafe(32)
        if "allowed_origins" not in embedding:
            origins = tomlkit.array()
            origins.append("'self'")
            embedding["allowed_origins"] = origins
        _write_document(secrets_file, document)
    return str(embedding["signing_key"]).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(embed: Embed, key: bytes) -> str:
    payload = json.dumps(
        {"id": embed.id, "page": embed.page, "q": embed.query, "scope": embed.scope, "exp": embed.expires_at},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    signature = hmac.new(key, payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(signature)}"


class EmbedRegistry:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def create(
        self,
        page: str,
        query: Mapping[str, str],
        scope: Scope | None,
        lifetime: dt.timedelta,
        note: str | None,
        now: dt.datetime | None = None,
    ) -> Embed:
        if page not in EMBEDDABLE_PAGES:
            raise AllianceError(
                f"The page {page!r} cannot be embedded; choose one of {', '.join(EMBEDDABLE_PAGES)}."
            )
        if lifetime <= dt.timedelta(0):
            raise AllianceError(
                "An embed link must expire in the future: give --expires as 30d, 12h or 2025-12-31."
            )
        now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
        embed = Embed(
            id=uuid.uuid4().hex[:12],
            page=page,
            query=dict(query),
            scope=scope.text if scope else "",
            created_at=now.isoformat(),
            expires_at=(now + lifetime).isoformat(),
            note=note,
        )
        with self._connect() as connection:
            connection.execute(
                "insert into embeds values (?, ?, ?, ?, ?, ?, null, ?)",
                (
                    embed.id,
                    embed.page,
                    json.dumps(embed.query),
                    embed.scope,
                    embed.created_at,
                    embed.expires_at,
                    note,
                ),
            )
        return embed

    def all(self) -> list[Embed]:
        with self._connect() as connection:
            rows = connection.execute("select * from embeds order by created_at desc").fetchall()
        return [_embed(row) for row in rows]

    def get(self, embed_id: str) -> Embed | None:
        with self._connect() as connection:
            row = connection.execute("select * from embeds where id = ?", (embed_id,)).fetchone()
        return _embed(row) if row else None

    def revoke(self, embed_id: str, now: dt.datetime | None = None) -> Embed:
        found = self.get(embed_id)
        if found is None:
            raise AllianceError(
                f"There is no embed link {embed_id!r}; `python -m analysis embed list` shows them."
            )
        if found.revoked_at is None:
            with self._connect() as connection:
                connection.execute(
                    "update embeds set revoked_at = ? where id = ?",
                    ((now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat(), embed_id),
                )
        return self.get(embed_id)  # type: ignore[return-value]

    def verify(self, token: str, key: bytes | None, now: dt.datetime | None = None) -> Embed:
        """The embed a token names, or EmbedRefused saying why it is not shown."""
        if key is None:
            raise EmbedRefused("unset", "embedding is not set up on this dashboard ([embedding] signing_key)")
        try:
            payload_text, signature_text = token.split(".", 1)
            payload = _unb64(payload_text)
            signature = _unb64(signature_text)
        except (ValueError, TypeError):
            raise EmbedRefused("invalid", "the link is damaged (not a token)") from None
        if not hmac.compare_digest(hmac.new(key, payload, hashlib.sha256).digest(), signature):
            raise EmbedRefused("invalid", "the link's signature does not match")
        data = json.loads(payload)
        stored = self.get(str(data.get("id")))
        if stored is None:
            raise EmbedRefused("revoked", "the link is not in the registry")
        if stored.revoked_at is not None:
            raise EmbedRefused("revoked", f"the link was revoked at {stored.revoked_at}")
        if dt.datetime.fromisoformat(stored.expires_at) <= (now or dt.datetime.now(dt.UTC)):
            raise EmbedRefused("expired", f"the link expired at {stored.expires_at}")
        return stored


def _embed(row: tuple[Any, ...]) -> Embed:
    return Embed(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5], row[6], row[7])


def embed_url(dashboard_url: str, embed: Embed, token: str) -> str:
    return f"{dashboard_url.rstrip('/')}/{embed.path()}?{urllib.parse.urlencode({'embed_link': token})}"


def parse_lifetime(text: str, now: dt.datetime | None = None) -> dt.timedelta:
    """`30d`, `12h`, `90m` or a day `2025-12-31` (the end of that day, UTC)."""
    now = now or dt.datetime.now(dt.UTC)
    text = text.strip().lower()
    units = {"d": "days", "h": "hours", "m": "minutes"}
    if text[-1:] in units and text[:-1].isdigit():
        return dt.timedelta(**{units[text[-1]]: int(text[:-1])})
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise AllianceError(f"--expires {text!r}: write 30d, 12h, 90m or a day such as 2025-12-31.") from None
    return dt.datetime.combine(day, dt.time(23, 59, 59), dt.UTC) - now
