"""The delivery log: one row per (schedule or alert, due time, recipient), and every attempt beside it.

A SQLite file beside the store (`delivery.sqlite` next to the catalog; `$ALLIANCE_DELIVERY_LOG`
elsewhere). The key (what, due, recipient) makes every delivery idempotent: a recipient whose row says
`sent` is never sent that due time again, whichever process or run asks; a `failed` row is retried
at the next runs (at most MAX_ATTEMPTS times), and a claim (`sending`) older than CLAIM_TIMEOUT (a
run that died mid-send) counts as failed. Alert states live here too (`alert_state`).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.store.connection import AllianceDatabase
from analysis.store.location import StoreLocation

LOG_ENVIRONMENT_VARIABLE = "ALLIANCE_DELIVERY_LOG"
MAX_ATTEMPTS = 3
CLAIM_TIMEOUT = dt.timedelta(minutes=30)

_SCHEMA = """
create table if not exists deliveries (
    job text not null,            -- 'schedule:NAME' or 'alert:NAME'
    due_at text not null,         -- ISO time (UTC) the rule named; for an alert, its state change
    recipient text not null,
    status text not null,         -- sending | sent | failed | skipped
    attempts integer not null default 0,
    last_error text,
    updated_at text not null,
    primary key (job, due_at, recipient)
);
create table if not exists attempts (
    at text not null,
    job text not null,
    due_at text not null,
    recipient text not null,
    outcome text not null,        -- sent | failed | retried: sent | skipped
    detail text
);
create table if not exists alert_state (
    alert text primary key,
    state text not null,          -- 'ok' or what fires, e.g. 'below' or 'left:USA'
    changed_at text not null
);
"""


@dataclass(frozen=True)
class Attempt:
    at: str
    job: str
    due_at: str
    recipient: str
    outcome: str
    detail: str | None


def log_path(where: AllianceDatabase | StoreLocation) -> Path:
    """$ALLIANCE_DELIVERY_LOG, else delivery.sqlite beside the store (data/ in server mode)."""
    configured = os.environ.get(LOG_ENVIRONMENT_VARIABLE)
    location = where.location if isinstance(where, AllianceDatabase) else where
    return Path(configured) if configured else location.home / "delivery.sqlite"


class DeliveryLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            connection.execute("pragma journal_mode = wal")
            yield connection
        finally:
            connection.close()

    def claim(self, job: str, due_at: str, recipient: str, now: dt.datetime) -> int | None:
        """Take (job, due, recipient) for sending; its attempt number, or None when it is not to be sent."""
        stamp = now.isoformat()
        with self._connect() as connection:
            connection.execute("begin immediate")
            row = connection.execute(
                "select status, attempts, updated_at from deliveries where job = ? and due_at = ? and recipient = ?",
                (job, due_at, recipient),
            ).fetchone()
            if row is None:
                connection.execute(
                    "insert into deliveries values (?, ?, ?, 'sending', 1, null, ?)",
                    (job, due_at, recipient, stamp),
                )
                connection.execute("commit")
                return 1
            status, attempts, updated_at = row
            stale_claim = status == "sending" and now - dt.datetime.fromisoformat(updated_at) > CLAIM_TIMEOUT
            if (status == "failed" or stale_claim) and attempts < MAX_ATTEMPTS:
                connection.execute(
                    "update deliveries set status = 'sending', attempts = attempts + 1, updated_at = ? "
                    "where job = ? and due_at = ? and recipient = ?",
                    (stamp, job, due_at, recipient),
                )
                connection.execute("commit")
                return int(attempts) + 1
            connection.execute("rollback")
            return None

    def finish(
        self, job: str, due_at: str, recipient: str, attempt: int, error: str | None, now: dt.datetime
    ) -> None:
        status = "sent" if error is None else "failed"
        outcome = status if attempt == 1 or error is not None else "retried: sent"
        with self._connect() as connection:
            connection.execute("begin immediate")
            connection.execute(
                "update deliveries set status = ?, last_error = ?, updated_at = ? "
                "where job = ? and due_at = ? and recipient = ?",
                (status, error, now.isoformat(), job, due_at, recipient),
            )
            connection.execute(
                "insert into attempts values (?, ?, ?, ?, ?, ?)",
                (now.isoformat(), job, due_at, recipient, outcome, error if error else f"attempt {attempt}"),
            )
            connection.execute("commit")

    def note(
        self, job: str, due_at: str, recipient: str, outcome: str, detail: str, now: dt.datetime
    ) -> None:
        """A delivery that will not be made (missed while nothing ran): logged once, as skipped."""
        with self._connect() as connection:
            connection.execute("begin immediate")
            inserted = connection.execute(
                "insert or ignore into deliveries values (?, ?, ?, 'skipped', 0, ?, ?)",
                (job, due_at, recipient, detail, now.isoformat()),
            ).rowcount
            if inserted:
                connection.execute(
                    "insert into attempts values (?, ?, ?, ?, ?, ?)",
                    (now.isoformat(), job, due_at, recipient, outcome, detail),
                )
            connection.execute("commit")

    def has_due(self, job: str, due_at: str) -> bool:
        with self._connect() as connection:
            return (
                connection.execute(
                    "select 1 from deliveries where job = ? and due_at = ? limit 1", (job, due_at)
                ).fetchone()
                is not None
            )

    def retriable(self, job: str, now: dt.datetime) -> list[tuple[str, str]]:
        """(due, recipient) of this job's failed deliveries (and dead claims) that may be tried again."""
        with self._connect() as connection:
            rows = connection.execute(
                "select due_at, recipient, status, updated_at from deliveries "
                "where job = ? and status in ('failed', 'sending') and attempts < ?",
                (job, MAX_ATTEMPTS),
            ).fetchall()
        return [
            (due, recipient)
            for due, recipient, status, updated in rows
            if status == "failed" or now - dt.datetime.fromisoformat(updated) > CLAIM_TIMEOUT
        ]

    def attempts(self, job: str | None = None, limit: int = 200) -> list[Attempt]:
        with self._connect() as connection:
            rows = connection.execute(
                "select * from attempts where ? is null or job = ? order by at desc, rowid desc limit ?",
                (job, job, limit),
            ).fetchall()
        return [Attempt(*row) for row in rows]

    def last_sent(self, job: str) -> str | None:
        with self._connect() as connection:
            row = connection.execute(
                "select max(due_at) from deliveries where job = ? and status = 'sent'", (job,)
            ).fetchone()
        return row[0] if row else None

    def alert_state(self, alert: str) -> str | None:
        with self._connect() as connection:
            row = connection.execute("select state from alert_state where alert = ?", (alert,)).fetchone()
        return row[0] if row else None

    def change_alert_state(self, alert: str, previous: str | None, state: str, now: dt.datetime) -> bool:
        """Record the new state when it is still `previous` (compare and set); True when this call changed it."""
        with self._connect() as connection:
            connection.execute("begin immediate")
            row = connection.execute("select state from alert_state where alert = ?", (alert,)).fetchone()
            if (row[0] if row else None) != previous:
                connection.execute("rollback")
                return False
            connection.execute(
                "insert into alert_state values (?, ?, ?) on conflict (alert) do update "
                "set state = excluded.state, changed_at = excluded.changed_at",
                (alert, state, now.isoformat()),
            )
            connection.execute("commit")
            return True
