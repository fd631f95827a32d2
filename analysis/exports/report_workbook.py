"""figures.xlsx: the numbers behind each report figure, one sheet each, headed by its title and definition."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from analysis.i18n import Language, translate
from analysis.spreadsheets.safe_cells import set_safe_value, sheet_name, write_frame

TABLE_HEADER_ROW = 5  # rows 1-3: title, definition, source; row 5: the table's column names


@dataclass(frozen=True)
class WorkbookSheet:
    """One figure's sheet: its number and key (the sheet name), words, and the data it was drawn from."""

    number: int
    key: str
    title: str
    definition: str
    source: str
    data: pd.DataFrame

    @property
    def name(self) -> str:
        return f"{self.number:02d} {self.key}"


def figures_workbook(sheets: Sequence[WorkbookSheet], language: Language) -> bytes:
    """A contents sheet, then one sheet per figure; every cell written by the safe-cell rules."""
    workbook = Workbook()
    contents = workbook.active
    assert contents is not None
    contents.title = translate("exports.workbook.contents", language)[:31]
    taken = {contents.title}
    set_safe_value(contents.cell(row=1, column=1), translate("exports.workbook.contents", language))
    contents.cell(row=1, column=1).font = Font(bold=True, size=14)
    for row, sheet in enumerate(sheets, start=3):
        set_safe_value(contents.cell(row=row, column=1), sheet_name(sheet.name, set(taken)))
        set_safe_value(contents.cell(row=row, column=2), sheet.title)
    contents.column_dimensions["A"].width = 36
    contents.column_dimensions["B"].width = 60
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_name(sheet.name, taken))
        set_safe_value(worksheet.cell(row=1, column=1), sheet.title)
        worksheet.cell(row=1, column=1).font = Font(bold=True, size=14)
        note = worksheet.cell(row=2, column=1)
        set_safe_value(note, translate("exports.workbook.definition", language, text=sheet.definition))
        note.alignment = Alignment(wrap_text=False)
        set_safe_value(worksheet.cell(row=3, column=1), sheet.source)
        write_frame(worksheet, sheet.data, start_row=TABLE_HEADER_ROW)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
