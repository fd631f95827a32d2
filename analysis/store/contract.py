"""The table contract: which tables the store holds, which columns each table's file has, which are
required, what each may hold.

One description serves the importer (validation and upsert), the template workbook and the exports,
so the columns a person is told about are exactly the columns the program checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Tables the secretariat keeps, in the order they can be loaded (parents before children).
DATA_TABLES = ("members", "roles", "events", "participation", "targets")
ALL_TABLES = ("countries", *DATA_TABLES, "imports")

# The codes a coded column may hold (rules.sql checks the same lists on every write).
MEMBER_TYPES = (
    "comprehensive",
    "science_technology",
    "economic",
    "industry",
    "publishing_media",
    "enterprise",
)
EVENT_TYPES = ("forum", "council_meeting", "seminar", "site_visit", "signing_ceremony", "award", "other")
EVENT_FORMATS = ("in_person", "online", "hybrid")
PARTICIPATION_ROLES = ("host", "co_host", "speaker", "participant")
ROLE_NAMES = ("chair", "vice_chair")
TARGET_METRICS = ("members", "countries", "events", "engaged_members")

# A text cell starting with one of these would be read by a spreadsheet as a formula; files we write
# protect it with a leading apostrophe, and the importer takes that apostrophe off again.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The same rule as a regular expression, for whole columns: apostrophes, then a formula character.
PROTECTED_TEXT_PATTERN = r"'+[=+\-@\t\r]"

ColumnKind = Literal["id", "text", "choice", "country", "date", "integer"]
IntegerType = Literal["integer", "bigint"]
# What the store's whole-number columns can hold (schema.sql: INTEGER is 32 bits, BIGINT 64 bits).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}


@dataclass(frozen=True)
class Column:
    """One column of an import file."""

    name: str
    kind: ColumnKind
    required: bool  # must be in the header and (except where `empty_means` says) filled in every row
    description: str
    example: str | int
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    integer_type: IntegerType = "integer"  # the store's column type (schema.sql), for integer columns

    @property
    def sql_type(self) -> str:
        return {"date": "date", "integer": self.integer_type}.get(self.kind, "varchar")


@dataclass(frozen=True)
class TableContract:
    """One table as the secretariat fills it in: its columns and the columns that identify a row."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    row_noun: str  # "member", "event": used in messages

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    @property
    def optional_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if not column.required)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


MEMBERS = TableContract(
    name="members",
    key=("member_id",),
    row_noun="member",
    columns=(
        Column(
            "member_id",
            "id",
            True,
            "The member's own code, kept exactly as written (leading zeros too).",
            "031",
        ),
        Column("name_en", "text", True, "Name in English.", "Example Institute for Policy Studies"),
        Column("name_zh", "text", False, "Name in Chinese.", "示例政策研究院"),
        Column(
            "country", "country", True, "Country: ISO3 code, ISO2 code or English name (any case).", "DEU"
        ),
        Column("city", "text", False, "City, in English.", "Berlin"),
        Column("city_zh", "text", False, "City in Chinese; empty: the Chinese view shows city.", "柏林"),
        Column("member_type", "choice", True, "Kind of member unit.", "comprehensive", choices=MEMBER_TYPES),
        Column("joined_on", "date", True, "Day the member joined (YYYY-MM-DD).", "2024-05-20"),
        Column("left_on", "date", False, "Day the member left, after joined_on; empty while a member.", ""),
        Column("website", "text", False, "Web address.", "https://example.org"),
        Column("source", "text", False, "Where the row comes from: a public address, or 'illustrative'.", ""),
    ),
)

ROLES = TableContract(
    name="roles",
    key=("member_id", "role", "start_date"),
    row_noun="role",
    columns=(
        Column("member_id", "id", True, "The member holding the role (a member_id from members).", "031"),
        Column("role", "choice", True, "The office held.", "vice_chair", choices=ROLE_NAMES),
        Column("start_date", "date", True, "First day in the role (YYYY-MM-DD).", "2024-05-20"),
        Column("end_date", "date", False, "First day no longer in the role; empty while held.", ""),
    ),
)

EVENTS = TableContract(
    name="events",
    key=("event_id",),
    row_noun="event",
    columns=(
        Column("event_id", "id", True, "The event's own code.", "EV-2024-99"),
        Column("title_en", "text", True, "Title in English.", "Example seminar on open science"),
        Column("title_zh", "text", False, "Title in Chinese.", "开放科学示例研讨会"),
        Column("event_type", "choice", True, "Kind of event.", "seminar", choices=EVENT_TYPES),
        Column(
            "start_date", "date", True, "First day (YYYY-MM-DD); the event counts on this day.", "2024-06-12"
        ),
        Column(
            "end_date",
            "date",
            True,
            "Last day (YYYY-MM-DD), not before start_date; empty = one-day event.",
            "2024-06-12",
        ),
        Column("city", "text", False, "City, in English; empty for online events.", "Beijing"),
        Column("city_zh", "text", False, "City in Chinese; empty: the Chinese view shows city.", "北京"),
        Column("country", "country", True, "Host country: ISO3 code, ISO2 code or English name.", "CHN"),
        Column("format", "choice", True, "How people took part.", "hybrid", choices=EVENT_FORMATS),
        Column("attendees", "integer", False, "People attending in person, 0 or more.", 120, minimum=0),
        Column("countries_represented", "integer", False, "Countries represented, 0 or more.", 9, minimum=0),
        Column(
            "online_viewers",
            "integer",
            False,
            "People following online, 0 or more.",
            3500,
            minimum=0,
            integer_type="bigint",
        ),
        Column("source", "text", False, "Where the row comes from: a public address, or 'illustrative'.", ""),
    ),
)

PARTICIPATION = TableContract(
    name="participation",
    key=("event_id", "member_id"),
    row_noun="participation",
    columns=(
        Column("event_id", "id", True, "The event (an event_id from events).", "EV-2024-99"),
        Column("member_id", "id", True, "The member taking part (a member_id from members).", "031"),
        Column(
            "role", "choice", True, "The member's part in the event.", "speaker", choices=PARTICIPATION_ROLES
        ),
    ),
)

TARGETS = TableContract(
    name="targets",
    key=("year", "metric"),
    row_noun="target",
    columns=(
        Column("year", "integer", True, "Work-plan year.", 2025, minimum=2000, maximum=2100),
        Column("metric", "choice", True, "What the target counts.", "members", choices=TARGET_METRICS),
        Column("target", "integer", True, "The number aimed for, 0 or more.", 110, minimum=0),
    ),
)

# Parents before children: members and events must land before roles and participation name them.
CONTRACTS: dict[str, TableContract] = {
    contract.name: contract for contract in (MEMBERS, EVENTS, ROLES, PARTICIPATION, TARGETS)
}
TABLE_NAMES = tuple(CONTRACTS)

# Which columns name a row of another table: (table, column) -> referenced table.
REFERENCES: dict[tuple[str, str], str] = {
    ("roles", "member_id"): "members",
    ("participation", "member_id"): "members",
    ("participation", "event_id"): "events",
}
