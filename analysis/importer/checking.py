"""Checking one table's rows (header, cells, rules within a row) and the rules across rows and files."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from openpyxl.utils import get_column_letter

from analysis.importer.cells import cells_as_text, parse_column
from analysis.importer.contract import CONTRACTS, REFERENCES, TableContract
from analysis.importer.files import RawTable
from analysis.importer.report import ImportProblem

LABEL, ROW = "_label", "_row"  # where each checked row came from


def check_table(raw: RawTable) -> tuple[pd.DataFrame | None, list[ImportProblem]]:
    """The rows of one file or sheet, typed and checked: (rows with LABEL and ROW, problems).

    A header problem stops the rows being read (their meaning is unknown); otherwise every cell and
    every rule within a row is checked and every problem reported.
    """
    contract = CONTRACTS[raw.table]
    columns, header_problems = _check_header(raw, contract)
    if header_problems:
        return None, header_problems
    problems: list[ImportProblem] = []
    checked = pd.DataFrame({LABEL: raw.label, ROW: raw.rows.to_numpy()})
    for position, name in columns.items():
        column = contract.column(name)
        text = cells_as_text(raw.cells[position], from_csv=raw.from_csv).reset_index(drop=True)
        values, reasons = parse_column(text, column)
        if column.required and not (contract.name == "events" and name == "end_date"):
            empty = text.isna()
            reasons = reasons.where(~empty, f"{name} is empty; every {contract.row_noun} needs one")
        problems.extend(_problems(raw.label, checked[ROW], name, text, reasons))
        checked[name] = values.to_numpy()
    problems.extend(_check_within_rows(raw.label, contract, checked))
    return checked, problems


def _check_header(raw: RawTable, contract: TableContract) -> tuple[dict[int, str], list[ImportProblem]]:
    """Position -> column name for the named columns, or the problems with the header row."""
    problems: list[ImportProblem] = []
    named: dict[int, str] = {}
    for position, cell in enumerate(raw.header):
        name = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell)
        name = name.strip().lower().replace(" ", "_")
        if name:
            named[position] = name
        elif position in raw.cells.columns and raw.cells[position].map(_has_value).any():
            letter = get_column_letter(position + 1)
            problems.append(
                _header_problem(raw.label, f"column {letter} has values but no name in the header row")
            )
    if not raw.header:
        return {}, [
            _header_problem(raw.label, "the file holds no header row; the first row must name the columns")
        ]
    names = list(named.values())
    repeated = sorted({name for name in names if names.count(name) > 1})
    for name in repeated:
        problems.append(
            _header_problem(raw.label, f"column '{name}' appears {names.count(name)} times in the header")
        )
    missing = [name for name in contract.required_columns if name not in names]
    unexpected = [
        str(raw.header[position]).strip()
        for position, name in named.items()
        if name not in contract.column_names
    ]
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(f"missing required column(s): {', '.join(missing)}")
        if unexpected:
            parts.append(f"unexpected column(s): {', '.join(unexpected)}")
        optional = ", ".join(contract.optional_columns) or "none"
        problems.append(
            _header_problem(
                raw.label,
                f"{'; '.join(parts)}. A file for {contract.name} has the columns "
                f"{', '.join(contract.required_columns)} (required) and {optional} (optional)",
            )
        )
    return named, problems


def _has_value(value: object) -> bool:
    return (
        value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""
    )


def _header_problem(label: str, reason: str) -> ImportProblem:
    return ImportProblem(file=label, row=1, column=None, value=None, reason=reason)


def _problems(
    label: str, rows: pd.Series, column: str, text: pd.Series, reasons: pd.Series
) -> Iterable[ImportProblem]:
    bad = reasons.notna().to_numpy()
    for row, value, reason in zip(rows[bad], text[bad], reasons[bad], strict=True):
        yield ImportProblem(file=label, row=int(row), column=column, value=value, reason=str(reason))


def _check_within_rows(label: str, contract: TableContract, rows: pd.DataFrame) -> list[ImportProblem]:
    """Rules between columns of one row: a member leaves after joining; spans end after they start."""
    if contract.name == "members" and "left_on" in rows:
        return _order_problems(
            label, rows, "joined_on", "left_on", strict=True, rule="a member leaves after the day it joins"
        )
    if contract.name == "roles" and "end_date" in rows:
        return _order_problems(
            label, rows, "start_date", "end_date", strict=True, rule="a role ends after the day it starts"
        )
    if contract.name == "events":
        rows["end_date"] = rows["end_date"].where(rows["end_date"].notna(), rows["start_date"])
        return _order_problems(
            label,
            rows,
            "start_date",
            "end_date",
            strict=False,
            rule="an event ends on or after its first day",
        )
    return []


def _order_problems(
    label: str, rows: pd.DataFrame, first: str, last: str, *, strict: bool, rule: str
) -> list[ImportProblem]:
    wrong = rows[last] <= rows[first] if strict else rows[last] < rows[first]
    wrong = wrong.fillna(False).astype(bool)
    word = "not after" if strict else "before"
    return [
        ImportProblem(
            file=label,
            row=int(row),
            column=last,
            value=f"{end:%Y-%m-%d}",
            reason=f"{last} {end:%Y-%m-%d} is {word} {first} {start:%Y-%m-%d}; {rule}",
        )
        for row, start, end in zip(
            rows.loc[wrong, ROW], rows.loc[wrong, first], rows.loc[wrong, last], strict=True
        )
    ]


def check_across_rows(
    checked: dict[str, pd.DataFrame], existing_keys: dict[str, set[str]], unreadable: set[str]
) -> list[ImportProblem]:
    """Rules across rows and files: one row per key in the whole import; references resolve.

    References to a table whose file could not be read (`unreadable`) are not judged: its ids are unknown.
    """
    problems: list[ImportProblem] = []
    for table, table_rows in checked.items():
        problems.extend(_duplicate_problems(CONTRACTS[table], table_rows))
    for (table, column), parent in REFERENCES.items():
        if table not in checked or column not in checked[table] or parent in unreadable:
            continue
        rows = checked[table]
        parent_key = CONTRACTS[parent].key[0]
        known = set(existing_keys.get(parent, set()))
        if parent in checked:
            known.update(checked[parent][parent_key].dropna())
        unknown = rows[column].notna() & ~rows[column].isin(known)
        noun = CONTRACTS[parent].row_noun
        for label, row, value in zip(
            rows.loc[unknown, LABEL], rows.loc[unknown, ROW], rows.loc[unknown, column], strict=True
        ):
            problems.append(
                ImportProblem(
                    file=label,
                    row=int(row),
                    column=column,
                    value=value,
                    reason=f"{column} '{value}' is not in {parent}, neither in the database nor in this "
                    f"import; add that {noun} to {parent} first, or correct the id",
                )
            )
    return problems


def _duplicate_problems(contract: TableContract, rows: pd.DataFrame) -> list[ImportProblem]:
    key = list(contract.key)
    complete = rows[key].notna().all(axis=1)
    keyed = rows.loc[complete]
    repeated = keyed.duplicated(key, keep=False)
    if not repeated.any():
        return []
    problems = []
    for _, group in keyed.loc[repeated].groupby(key, sort=False, dropna=False):
        places = _places(group)
        described = _describe_key(contract, group.iloc[0])
        for label, row in zip(group[LABEL], group[ROW], strict=True):
            problems.append(
                ImportProblem(
                    file=label,
                    row=int(row),
                    column=", ".join(key),
                    value=" / ".join(_key_text(group.iloc[0][name]) for name in key),
                    reason=f"{described} appears {len(group)} times in this import ({places}); "
                    f"keep one row per {contract.row_noun}",
                )
            )
    return problems


def _places(group: pd.DataFrame) -> str:
    labels = list(dict.fromkeys(group[LABEL]))
    if len(labels) == 1:
        return "rows " + ", ".join(str(int(row)) for row in group[ROW])
    return ", ".join(f"{label} row {int(row)}" for label, row in zip(group[LABEL], group[ROW], strict=True))


def _key_text(value: object) -> str:
    return f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else str(value)


def _describe_key(contract: TableContract, row: pd.Series) -> str:
    if contract.name == "roles":
        return f"role {row['role']} of member '{row['member_id']}' from {_key_text(row['start_date'])}"
    if contract.name == "participation":
        return f"member '{row['member_id']}' at event '{row['event_id']}'"
    if contract.name == "targets":
        return f"the {row['metric']} target for {row['year']}"
    name = contract.key[0]
    return f"{name} '{row[name]}'"
