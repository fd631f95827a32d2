"""Checking one table's rows (header, cells, rules within a row) and the rules across rows and files."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from openpyxl.utils import get_column_letter

from analysis.importer.cells import (
    cells_as_text,
    check_cell_text,
    hidden_character,
    parse_column,
    shown_value,
)
from analysis.importer.files import RawTable
from analysis.importer.report import ImportProblem, problem
from analysis.store.contract import CONTRACTS, REFERENCES, TableContract

LABEL, ROW = "_label", "_row"  # where each checked row came from


def check_table(raw: RawTable) -> tuple[pd.DataFrame | None, list[ImportProblem]]:
    """The rows of one file or sheet, typed and checked: (rows with LABEL and ROW, problems).

    A header problem stops the rows being read (their meaning is unknown); otherwise every cell and
    every rule within a row is checked and every problem reported. A cell no column may hold (too
    long, a control or invisible character) gets that one problem and counts as missing for the
    rules across rows, so it neither repeats its huge value nor passes for another id.
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
        unusable = check_cell_text(text)
        usable = unusable.isna()
        values, reasons = parse_column(text.where(usable, None), column)
        reasons = reasons.where(usable, unusable)
        if column.required and not (contract.name == "events" and name == "end_date"):
            empty = text.isna()
            if empty.any():
                required = ("required_empty", {"noun": contract.row_noun})
                reasons.loc[empty] = pd.Series(
                    [required] * int(empty.sum()), index=text.index[empty], dtype=object
                )
        problems.extend(_problems(raw.label, checked[ROW], name, text, reasons))
        checked[name] = values.to_numpy()
    problems.extend(_check_within_rows(raw.label, contract, checked))
    return checked, problems


def _check_header(raw: RawTable, contract: TableContract) -> tuple[dict[int, str], list[ImportProblem]]:
    """Position -> column name for the named columns, or the problems with the header row."""
    problems: list[ImportProblem] = []
    named: dict[int, str] = {}
    for position, cell in enumerate(raw.header):
        written = "" if cell is None or (isinstance(cell, float) and pd.isna(cell)) else str(cell)
        name = written.strip().lower().replace(" ", "_")
        hidden = hidden_character(written)
        if hidden is not None:
            key, details = hidden
            details = {
                ("name_of_character" if detail == "name" else detail): v for detail, v in details.items()
            }
            letter = get_column_letter(position + 1)
            problems.append(
                _header_problem(
                    raw.label, f"header_{key}", letter=letter, name=shown_value(written), **details
                )
            )
        elif name:
            named[position] = name
        elif position in raw.cells.columns and raw.cells[position].map(_has_value).any():
            letter = get_column_letter(position + 1)
            problems.append(_header_problem(raw.label, "header_no_name", letter=letter))
    if not raw.header:
        return {}, [_header_problem(raw.label, "no_header")]
    names = list(named.values())
    repeated = sorted({name for name in names if names.count(name) > 1})
    for name in repeated:
        problems.append(
            _header_problem(raw.label, "header_repeated", name=shown_value(name), count=names.count(name))
        )
    missing = [name for name in contract.required_columns if name not in names]
    unexpected = [
        str(shown_value(str(raw.header[position]).strip()))
        for position, name in named.items()
        if name not in contract.column_names
    ]
    if missing or unexpected:
        key = (
            "header_missing_unexpected"
            if missing and unexpected
            else ("header_missing" if missing else "header_unexpected")
        )
        problems.append(
            _header_problem(
                raw.label,
                key,
                missing=", ".join(missing),
                unexpected=", ".join(unexpected),
                table=contract.name,
                required=", ".join(contract.required_columns),
                optional=", ".join(contract.optional_columns) or "none",
            )
        )
    return named, problems


def _has_value(value: object) -> bool:
    return (
        value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value).strip() != ""
    )


def _header_problem(label: str, key: str, **details: object) -> ImportProblem:
    return problem(label, 1, None, None, key, **details)


def _problems(
    label: str, rows: pd.Series, column: str, text: pd.Series, reasons: pd.Series
) -> Iterable[ImportProblem]:
    bad = reasons.notna().to_numpy()
    for row, value, (key, details) in zip(rows[bad], text[bad], reasons[bad], strict=True):
        yield problem(label, int(row), column, value, key, **details)


def _check_within_rows(label: str, contract: TableContract, rows: pd.DataFrame) -> list[ImportProblem]:
    """Rules between columns of one row: a member leaves after joining; spans end after they start."""
    if contract.name == "members" and "left_on" in rows:
        return _order_problems(label, rows, "joined_on", "left_on", strict=True, key="left_before_joined")
    if contract.name == "roles" and "end_date" in rows:
        return _order_problems(label, rows, "start_date", "end_date", strict=True, key="role_end_before")
    if contract.name == "events":
        rows["end_date"] = rows["end_date"].where(rows["end_date"].notna(), rows["start_date"])
        return _order_problems(label, rows, "start_date", "end_date", strict=False, key="event_end_before")
    return []


def _order_problems(
    label: str, rows: pd.DataFrame, first: str, last: str, *, strict: bool, key: str
) -> list[ImportProblem]:
    wrong = rows[last] <= rows[first] if strict else rows[last] < rows[first]
    wrong = wrong.fillna(False).astype(bool)
    return [
        problem(
            label, int(row), last, f"{end:%Y-%m-%d}", key, start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}"
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
        padded = _zero_padded_forms(known)
        for label, row, value in zip(
            rows.loc[unknown, LABEL], rows.loc[unknown, ROW], rows.loc[unknown, column], strict=True
        ):
            if value in padded:
                problems.append(
                    problem(label, int(row), column, value, "zeros_dropped", stored=padded[value], noun=noun)
                )
            else:
                problems.append(
                    problem(label, int(row), column, value, "reference_unknown", parent=parent, noun=noun)
                )
    for table in ("members", "events"):
        problems.extend(_new_ids_that_lost_their_zeros(checked, existing_keys, table))
    return problems


def _zero_padded_forms(ids: set[str]) -> dict[str, str]:
    """'7' -> '007' for every all-digit id written with leading zeros (what Excel turns 007 into)."""
    return {
        identifier.lstrip("0") or "0": identifier
        for identifier in ids
        if identifier.isdigit() and identifier.startswith("0")
    }


def _new_ids_that_lost_their_zeros(
    checked: dict[str, pd.DataFrame], existing_keys: dict[str, set[str]], table: str
) -> list[ImportProblem]:
    """A new all-digit id equal to a stored id but for its leading zeros: a spreadsheet dropped them."""
    rows = checked.get(table)
    if rows is None:
        return []
    key = CONTRACTS[table].key[0]
    existing = existing_keys.get(table, set())
    padded = _zero_padded_forms(existing)
    suspicious = rows[key].isin(list(padded)) & ~rows[key].isin(existing)
    return [
        problem(
            label, int(row), key, value, "zeros_dropped", stored=padded[value], noun=CONTRACTS[table].row_noun
        )
        for label, row, value in zip(
            rows.loc[suspicious, LABEL], rows.loc[suspicious, ROW], rows.loc[suspicious, key], strict=True
        )
    ]


def _duplicate_problems(contract: TableContract, rows: pd.DataFrame) -> list[ImportProblem]:
    key = list(contract.key)
    complete = rows[key].notna().all(axis=1)
    keyed = rows.loc[complete]
    repeated = keyed.duplicated(key, keep=False)
    if not repeated.any():
        return []
    problems = []
    for _, group in keyed.loc[repeated].groupby(key, sort=False, dropna=False):
        first = group.iloc[0]
        key_values = {name: str(shown_value(_key_text(first[name]))) for name in key}
        details: dict[str, object] = {"count": len(group), **_places(group), **key_values}
        for label, row in zip(group[LABEL], group[ROW], strict=True):
            problems.append(
                problem(
                    label,
                    int(row),
                    ", ".join(key),
                    " / ".join(key_values.values()),
                    f"duplicate.{contract.name}",
                    **details,
                )
            )
    return problems


def _places(group: pd.DataFrame) -> dict[str, str]:
    """Where a repeated key is: `places` for the English sentence, `rows` for a language-neutral list."""
    labels = list(dict.fromkeys(group[LABEL]))
    if len(labels) == 1:
        rows = ", ".join(str(int(row)) for row in group[ROW])
        return {"places": f"rows {rows}", "rows": rows}
    pairs = list(zip(group[LABEL], group[ROW], strict=True))
    return {
        "places": ", ".join(f"{label} row {int(row)}" for label, row in pairs),
        "rows": ", ".join(f"{label} {int(row)}" for label, row in pairs),
    }


def _key_text(value: object) -> str:
    return f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else str(value)
