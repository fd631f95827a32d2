"""Spreadsheet cells that cannot run: OWASP's CSV-injection rule, applied to every CSV and XLSX we write.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel or
LibreOffice as a formula (`=HYPERLINK("http://x","y")` becomes a live link). Such text is written as
text: in CSV with a leading apostrophe (OWASP's advice), in XLSX as a string cell, never a formula.
Real numbers stay numbers, dates stay dates, missing values stay empty, and the text "NA" (Namibia)
stays "NA".
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.store.contract import FORMULA_TRIGGERS

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written: the dashboard's first run skips it
    from openpyxl.worksheet.worksheet import Worksheet

EXCEL_SHEET_NAME_LIMIT = 31
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({character: "_" for character in "[]:*?/\\"})


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would treat this text as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def escaped_text(text: str) -> str:
    """The text as CSV must hold it: a leading apostrophe when it would otherwise be a formula.

    Text that already starts with apostrophes before a formula character gets one more, so that
    `unescaped_text` (used by the importer) gives back exactly what was written: "'=x" -> "''=x".
    """
    return "'" + text if is_formula_like(text.lstrip("'")) else text


def unescaped_text(text: str) -> str:
    """The inverse of `escaped_text`: drop the one protecting apostrophe ("'=1+1" -> "=1+1").

    An apostrophe not followed by a formula character is part of the text ("'t Hooft" stays).
    """
    return text[1:] if text.startswith("'") and is_formula_like(text.lstrip("'")) else text


def safe_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are escaped; numeric, boolean and date columns are left as they are."""
    safe = frame.copy()
    for column in safe.columns:
        if not (
            pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_datetime64_any_dtype(safe[column])
        ):
            safe[column] = safe[column].map(
                lambda value: escaped_text(value) if isinstance(value, str) else value
            )
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so Excel reads Chinese right); missing values empty."""
    return safe_csv_frame(frame).to_csv(index=False, na_rep="").encode("utf-8-sig")


def write_csv(frame: pd.DataFrame, path: Any) -> None:
    with open(path, "wb") as file:
        file.write(csv_bytes(frame))


def cell_value(value: Any) -> Any:
    """A Python value openpyxl stores faithfully: None for missing, plain numbers and dates."""
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is pd.NaT or (
        not isinstance(value, str | bytes) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | dt.date):
        return value.item()  # numpy scalar -> Python number
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


def set_safe_value(cell: Any, value: Any) -> None:
    """Store `value` in `cell`; text is always a string cell (openpyxl would make '=...' a formula)."""
    stored = cell_value(value)
    cell.value = stored
    if isinstance(stored, str):
        cell.data_type = "s"
        if stored.startswith("="):
            cell.quotePrefix = True  # shown as typed text in Excel, even after editing the cell
    elif isinstance(stored, dt.datetime | dt.date):
        cell.number_format = "yyyy-mm-dd" if not isinstance(stored, dt.datetime) else "yyyy-mm-dd hh:mm"


def write_frame(worksheet: Worksheet, frame: pd.DataFrame, start_row: int = 1) -> int:
    """Write a header row and the frame's rows from `start_row`; returns the next free row."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for column_index, name in enumerate(frame.columns, start=1):
        header = worksheet.cell(row=start_row, column=column_index)
        set_safe_value(header, str(name))
        header.font = Font(bold=True)
    for row_offset, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for column_index, value in enumerate(row, start=1):
            set_safe_value(worksheet.cell(row=start_row + row_offset, column=column_index), value)
    for column_index, name in enumerate(frame.columns, start=1):
        longest = max([len(str(name)), *(len(str(v)) for v in frame.iloc[:200, column_index - 1])], default=8)
        worksheet.column_dimensions[get_column_letter(column_index)].width = min(60, max(10, longest + 2))
    return start_row + len(frame) + 1


def sheet_name(name: str, taken: set[str] | None = None) -> str:
    """An Excel-legal, unique sheet name (31 characters, none of []:*?/\\)."""
    cleaned = name.translate(_FORBIDDEN_IN_SHEET_NAMES).strip("'")[:EXCEL_SHEET_NAME_LIMIT] or "Sheet"
    taken = taken if taken is not None else set()
    candidate, number = cleaned, 2
    while candidate.lower() in {existing.lower() for existing in taken}:
        suffix = f" ({number})"
        candidate = cleaned[: EXCEL_SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    taken.add(candidate)
    return candidate


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame, every cell written safely."""
    from openpyxl import Workbook

    workbook = Workbook()
    default = workbook.active
    taken: set[str] = set()
    for name, frame in sheets.items():
        worksheet = workbook.create_sheet(sheet_name(name, taken))
        write_frame(worksheet, frame)
    if default is not None and len(workbook.worksheets) > 1:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
