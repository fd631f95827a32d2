"""Deleting rows through an import file: an optional `delete` column in any table's file or sheet.

A row whose `delete` cell says yes (yes, y, x, true, 1, delete, 是, 删除; any case) deletes the stored
row with that key; only the key columns need be filled in (members: member_id; roles: member_id,
role, start_date; ...). An empty `delete` cell (or no, n, false, 0, 否) is an ordinary row, added or
updated as always. Deleting a member also deletes its roles and participation; deleting an event its
participation (the report and the preview count them). A key that is not stored, or that the same
import also adds or updates, is a problem like any other, and nothing lands.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.importer.cells import cells_as_text, check_cell_text, parse_column
from analysis.importer.checking import LABEL, ROW
from analysis.importer.files import RawTable
from analysis.importer.report import ImportProblem, problem
from analysis.store.contract import CONTRACTS

DELETE_COLUMN = "delete"
YES = frozenset({"yes", "y", "x", "true", "1", "delete", "是", "删除"})
NO = frozenset({"", "no", "n", "false", "0", "否"})


@dataclass(frozen=True)
class Deletions:
    """The rows one file or sheet asks to delete: key columns typed, with LABEL and ROW."""

    table: str
    rows: pd.DataFrame


def split_deletions(raw: RawTable) -> tuple[RawTable, Deletions | None, list[ImportProblem]]:
    """The table without its `delete` column and rows, the deletions it asks for, and their problems."""
    position = next(
        (
            index
            for index, cell in enumerate(raw.header)
            if isinstance(cell, str) and cell.strip().lower() == DELETE_COLUMN
        ),
        None,
    )
    if position is None:
        return raw, None, []
    contract = CONTRACTS[raw.table]
    problems: list[ImportProblem] = []
    if position in raw.cells.columns:
        marks = cells_as_text(raw.cells[position], from_csv=raw.from_csv).reset_index(drop=True)
    else:
        marks = pd.Series([None] * len(raw.cells), dtype=object)
    said = marks.fillna("").astype(str).str.strip().str.lower()
    deleting = said.isin(YES).to_numpy()
    unclear = (~said.isin(YES) & ~said.isin(NO)).to_numpy()
    for row, value in zip(raw.rows[unclear], marks[unclear], strict=True):
        problems.append(problem(raw.label, int(row), DELETE_COLUMN, value, "delete_unclear"))
    header = [cell for index, cell in enumerate(raw.header) if index != position]
    kept_columns = [column for column in raw.cells.columns if column != position]
    cells = raw.cells[kept_columns].set_axis(list(range(len(kept_columns))), axis=1)
    keep = ~deleting & ~unclear
    kept = RawTable(
        raw.label,
        raw.table,
        header,
        cells.loc[keep].reset_index(drop=True),
        raw.rows.loc[keep].reset_index(drop=True),
        raw.from_csv,
    )
    if not deleting.any():
        return kept, None, problems
    named = {
        str(cell).strip().lower().replace(" ", "_"): index
        for index, cell in enumerate(header)
        if cell is not None
    }
    rows = pd.DataFrame({LABEL: raw.label, ROW: raw.rows[deleting].to_numpy()})
    for name in contract.key:
        if name not in named:
            problems.append(
                problem(raw.label, 1, name, None, "delete_needs_key", key_columns=", ".join(contract.key))
            )
            return kept, None, problems
        text = cells_as_text(cells.loc[deleting, named[name]], from_csv=raw.from_csv).reset_index(drop=True)
        unusable = check_cell_text(text)
        values, reasons = parse_column(text.where(unusable.isna(), None), contract.column(name))
        reasons = reasons.where(unusable.isna(), unusable)
        empty = text.isna()
        for row, value, reason, is_empty in zip(rows[ROW], text, reasons, empty, strict=True):
            if is_empty:
                problems.append(
                    problem(
                        raw.label,
                        int(row),
                        name,
                        None,
                        "delete_key_empty",
                        key_columns=", ".join(contract.key),
                    )
                )
            elif isinstance(reason, tuple):
                key, details = reason
                problems.append(problem(raw.label, int(row), name, value, key, **details))
        rows[name] = values.to_numpy()
    return kept, Deletions(raw.table, rows), problems


def check_deletions(
    deletions: dict[str, pd.DataFrame],
    checked: dict[str, pd.DataFrame],
    stored_keys: dict[str, set[tuple[object, ...]]],
) -> list[ImportProblem]:
    """Each key deleted is stored, and not also added or updated by the same import."""
    problems: list[ImportProblem] = []
    for table, rows in deletions.items():
        key = list(CONTRACTS[table].key)
        given = set()
        if table in checked and set(key) <= set(checked[table].columns):
            given = {
                tuple(_plain(value) for value in values)
                for values in checked[table][key].itertuples(index=False)
            }
        stored = stored_keys.get(table, set())
        for label, row, *values in rows[[LABEL, ROW, *key]].itertuples(index=False):
            if any(value is None or (isinstance(value, float) and pd.isna(value)) for value in values):
                continue  # its own problem is reported already
            typed = tuple(_plain(value) for value in values)
            shown = " / ".join(str(value) for value in typed)
            if typed in given:
                problems.append(
                    problem(
                        label,
                        int(row),
                        ", ".join(key),
                        shown,
                        "delete_and_keep",
                        noun=CONTRACTS[table].row_noun,
                    )
                )
            elif typed not in stored:
                problems.append(
                    problem(
                        label,
                        int(row),
                        ", ".join(key),
                        shown,
                        "delete_unknown",
                        noun=CONTRACTS[table].row_noun,
                    )
                )
    return problems


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
