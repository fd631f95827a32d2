"""Tiny, explicit test data written straight into a real database through the real schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

from analysis.store.connection import AllianceDatabase

MEMBER_DEFAULTS: dict[str, Any] = {
    "name_zh": None,
    "city": None,
    "member_type": "comprehensive",
    "left_on": None,
    "website": None,
    "source": "test",
}
EVENT_DEFAULTS: dict[str, Any] = {
    "title_zh": None,
    "event_type": "forum",
    "city": "Beijing",
    "country": "CHN",
    "format": "in_person",
    "attendees": None,
    "countries_represented": None,
    "online_viewers": None,
    "source": "test",
}


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def insert_rows(database: AllianceDatabase, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows (dicts with the table's column names) in one write transaction."""
    if not rows:
        return
    columns = list(rows[0])
    placeholders = ", ".join("?" for _ in columns)
    with database.writing(tables=(table,)) as cursor:
        cursor.executemany(
            f"insert into {table} ({', '.join(columns)}) values ({placeholders})",
            [[row[column] for column in columns] for row in rows],
        )


def add_member(
    database: AllianceDatabase, member_id: str, country: str, joined_on: str, **fields: Any
) -> None:
    """One member; `fields` override MEMBER_DEFAULTS (e.g. left_on="2022-01-01", member_type="economic")."""
    row = {
        "member_id": member_id,
        "name_en": fields.pop("name_en", f"Member {member_id}"),
        "country": country,
        "joined_on": day(joined_on),
        **MEMBER_DEFAULTS,
        **fields,
    }
    if isinstance(row["left_on"], str):
        row["left_on"] = day(row["left_on"])
    insert_rows(database, "members", [row])


def add_event(database: AllianceDatabase, event_id: str, start_date: str, **fields: Any) -> None:
    """One event on `start_date` (end_date defaults to the same day)."""
    row = {
        "event_id": event_id,
        "title_en": fields.pop("title_en", f"Event {event_id}"),
        "start_date": day(start_date),
        "end_date": day(fields.pop("end_date", start_date)),
        **EVENT_DEFAULTS,
        **fields,
    }
    insert_rows(database, "events", [row])


def add_participation(
    database: AllianceDatabase, event_id: str, member_id: str, role: str = "participant"
) -> None:
    insert_rows(database, "participation", [{"event_id": event_id, "member_id": member_id, "role": role}])


def add_role(
    database: AllianceDatabase, member_id: str, role: str, start_date: str, end_date: str | None = None
) -> None:
    insert_rows(
        database,
        "roles",
        [
            {
                "member_id": member_id,
                "role": role,
                "start_date": day(start_date),
                "end_date": day(end_date) if end_date else None,
            }
        ],
    )
