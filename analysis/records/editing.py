"""One record changed, added or deleted from the app, checked by exactly the rules of an import.

A record's values travel as the cells of a one-row import file (`RawTable`), so every value gets the
import's checks and the import's messages in both languages (`ImportProblem.reason_in`); the write is
the import's writer (`upsert_rows`, `delete_rows`) in one transaction, with the store's rules checked
before it commits and a commit note (who, what) for the History.

Two editors at once: the editor's form keeps the record as it was opened (`original`). Inside the
write transaction the stored row is read again; when it no longer equals `original`, nothing is
written and `RecordChangedError` carries both versions (theirs, as stored now, and yours), so the
second editor sees both and chooses. Nothing is lost silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.errors import AllianceError
from analysis.importer.checking import LABEL, ROW, check_across_rows, check_table
from analysis.importer.duplicates import likely_duplicates
from analysis.importer.files import RawTable
from analysis.importer.preview import TablePreview, count_children, preview_table
from analysis.importer.report import DuplicateWarning, ImportProblem, problem
from analysis.importer.writing import delete_rows, existing_keys, upsert_rows
from analysis.records.tables import (
    CASCADES,
    contract,
    key_condition,
    key_parameters,
    key_text,
    key_values,
    plain,
)
from analysis.store.connection import AllianceDatabase, CommitNote

FORM_LABEL = "form"
SEARCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("member_id", "name_en", "name_zh"),
    "events": ("event_id", "title_en", "title_zh"),
    "roles": ("member_id", "role"),
    "participation": ("event_id", "member_id", "role"),
    "targets": ("metric",),
}


class RecordChangedError(AllianceError):
    """The record changed since the editor opened it: nothing was written; both versions are kept."""

    def __init__(
        self, table: str, key: str, theirs: dict[str, Any] | None, yours: dict[str, Any] | None
    ) -> None:
        self.table, self.key, self.theirs, self.yours = table, key, theirs, yours
        state = "was deleted" if theirs is None else "was changed by someone else"
        super().__init__(
            f"{contract(table).row_noun.capitalize()} {key} {state} since you opened it; nothing was saved. "
            "Compare the two versions and save again."
        )


class RecordProblemsError(AllianceError):
    """The values break the import's rules: `problems` says which, in both languages."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{item.column}: {item.reason}" if item.column else item.reason for item in problems)
        )


@dataclass
class EditPreview:
    """What saving would do: the changed values (or the new row), the warnings, and (deletion) what goes with it."""

    table: str
    key: str
    preview: TablePreview
    warnings: list[DuplicateWarning] = field(default_factory=list)


@dataclass(frozen=True)
class SaveOutcome:
    change_id: int
    table: str
    key: str
    action: str  # edit, add, delete
    rows: dict[str, int]  # rows written (deleted) per table


def find_records(database: AllianceDatabase, table: str, text: str = "", limit: int = 200) -> pd.DataFrame:
    """Rows of `table` whose id or name contains `text` (any case); all rows (up to `limit`) for an empty text."""
    table_contract = contract(table)
    columns = ", ".join(table_contract.column_names)
    searched = " or ".join(
        f"contains(lower(cast({name} as varchar)), lower($text))" for name in SEARCH_COLUMNS[table]
    )
    if table in ("roles", "participation"):  # a member's roles and participations are found by its name too
        searched += " or member_id in (select member_id from members where contains(lower(name_en), lower($text)) or contains(lower(coalesce(name_zh, '')), lower($text)))"
    if table == "targets":
        searched += " or cast(year as varchar) = $text"
    order = ", ".join(table_contract.key)
    with database.reading() as cursor:
        return cursor.execute(
            f"select {columns} from {table} where $text = '' or {searched} order by {order} limit $limit",  # noqa: S608
            {"text": text.strip(), "limit": limit},
        ).df()


def get_record(database: AllianceDatabase, table: str, key: str) -> dict[str, Any] | None:
    """The stored row named by `key` (as `key_text` writes it), or None."""
    with database.reading() as cursor:
        return _stored(cursor, table, key)


def _stored(cursor: Any, table: str, key: str) -> dict[str, Any] | None:
    names = contract(table).column_names
    rows = cursor.execute(
        f"select {', '.join(names)} from {table} where {key_condition(table)}",  # noqa: S608
        key_parameters(table, key_values(table, key)),
    ).fetchall()
    return {name: plain(value) for name, value in zip(names, rows[0], strict=True)} if rows else None


def _as_cell(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def check_record(
    database: AllianceDatabase, table: str, values: dict[str, Any], *, deleting: frozenset[str] = frozenset()
) -> tuple[pd.DataFrame, list[ImportProblem]]:
    """The values as one checked row (typed), and every problem an import would report for them."""
    names = list(contract(table).column_names)
    raw = RawTable(
        FORM_LABEL,
        table,
        list(names),
        pd.DataFrame([[_as_cell(values.get(name)) for name in names]], dtype=object),
        pd.Series([2], dtype="int64"),
        True,
    )
    checked, problems = check_table(raw)
    if checked is None:
        return pd.DataFrame(), problems
    with database.reading() as cursor:
        known = existing_keys(cursor)
    problems += check_across_rows({table: checked}, known, set())
    return checked, problems


def preview_save(database: AllianceDatabase, table: str, values: dict[str, Any]) -> EditPreview:
    """What saving `values` would change (old and new values, or a new row), and likely duplicates."""
    checked, problems = check_record(database, table, values)
    if problems:
        raise RecordProblemsError(problems)
    with database.reading() as cursor:
        preview = preview_table(cursor, table, checked.drop(columns=[LABEL, ROW]), None)
        warnings = likely_duplicates(cursor, checked) if table == "members" else []
    key = key_text(table, {str(name): plain(value) for name, value in checked.iloc[0].items()})
    return EditPreview(table, key, preview, warnings)


def save_record(
    database: AllianceDatabase,
    table: str,
    values: dict[str, Any],
    *,
    original: dict[str, Any] | None,
    made_by: str | None,
) -> SaveOutcome:
    """Change the record `original` (as the editor opened it) to `values`, or add `values` as a new record
    (`original` None). Raises RecordProblemsError (the import's messages), RecordChangedError (someone
    else changed it meanwhile) or DataRuleError (a store rule)."""
    checked, problems = check_record(database, table, values)
    if problems:
        raise RecordProblemsError(problems)
    row = checked.drop(columns=[LABEL, ROW])
    key = key_text(table, {str(name): plain(value) for name, value in row.iloc[0].items()})
    if original is not None and key_text(table, original) != key:
        raise RecordProblemsError(
            [
                problem(
                    FORM_LABEL,
                    None,
                    ", ".join(contract(table).key),
                    key,
                    "key_changed",
                    noun=contract(table).row_noun,
                )
            ]
        )
    action = "edit" if original is not None else "add"
    note = CommitNote(
        action, made_by, f"{action} {contract(table).row_noun} {key}", {"table": table, "key": key}
    )
    with database.writing(tables=(table,), note=note) as cursor:
        stored = _stored(cursor, table, key)
        if original is None and stored is not None:
            raise RecordProblemsError(
                [
                    problem(
                        FORM_LABEL,
                        None,
                        ", ".join(contract(table).key),
                        key,
                        "already_stored",
                        noun=contract(table).row_noun,
                    )
                ]
            )
        if original is not None and stored != _plain_row(table, original):
            raise RecordChangedError(
                table, key, stored, {str(name): plain(value) for name, value in row.iloc[0].items()}
            )
        counts = upsert_rows(cursor, contract(table), row)
        if counts.added + counts.updated == 0:
            raise NothingToSaveError(
                f"{contract(table).row_noun.capitalize()} {key} already holds these values; nothing was saved."
            )
    return SaveOutcome(database.data_version(), table, key, action, {table: counts.added + counts.updated})


class NothingToSaveError(AllianceError):
    """The values given are the values stored: no change is made (and none is recorded)."""


def _plain_row(table: str, row: dict[str, Any]) -> dict[str, Any]:
    return {name: plain(row.get(name)) for name in contract(table).column_names}


def deletion_effects(database: AllianceDatabase, table: str, key: str) -> dict[str, int]:
    """Rows a deletion removes, per table: the row itself and the rows that go with it."""
    values = key_values(table, key)
    effects = {table: 1}
    with database.reading() as cursor:
        if _stored(cursor, table, key) is None:
            return {}
        for child, column in CASCADES.get(table, ()):
            effects[child] = count_children(cursor, child, column, [values[column]])
    return effects


def delete_record(
    database: AllianceDatabase, table: str, key: str, *, original: dict[str, Any] | None, made_by: str | None
) -> SaveOutcome:
    """Delete the record `key` and the rows that go with it, in one change; refused when it changed since opened."""
    values = key_values(table, key)
    cascaded = tuple(child for child, _ in CASCADES.get(table, ()))
    note = CommitNote(
        "delete", made_by, f"delete {contract(table).row_noun} {key}", {"table": table, "key": key}
    )
    with database.writing(tables=(table, *cascaded), note=note) as cursor:
        stored = _stored(cursor, table, key)
        if stored is None or (original is not None and stored != _plain_row(table, original)):
            raise RecordChangedError(table, key, stored, _plain_row(table, original) if original else None)
        deleted = delete_rows(
            cursor, table, pd.DataFrame([{name: values[name] for name in contract(table).key}])
        )
    return SaveOutcome(database.data_version(), table, key, "delete", deleted)
