"""figures.xlsx: the numbers behind each report figure, as a readable annex in the pack's language.

A contents sheet (with links), then one sheet per figure, named "<number> <short title>" in the language
(31 characters at most, unique), headed by its title, definition and source line. The table under them
is `annex.readable_table`: labels instead of codes, translated headers, dates without a time, rates as
percentages. Each sheet prints on A4 landscape, one page wide, its header row repeated on every page.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from analysis.branding import load_branding
from analysis.i18n import Language, translate
from analysis.metrics.periods import Grain
from analysis.report.annex import rate_headers, readable_table
from analysis.spreadsheets.safe_cells import set_safe_value, sheet_name

TABLE_HEADER_ROW = 5  # rows 1-4: title, definition, filters, source; row 5: the table's column names
EXCEL_SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class WorkbookSheet:
    """One figure's sheet: its number and key, words, the data it was drawn from and its grain."""

    number: int
    key: str
    title: str
    definition: str
    source: str
    data: pd.DataFrame
    grain: Grain | None = None
    short_title: str = ""
    filters: str = ""  # the filters and as-of day, in words

    def name(self, language: Language) -> str:
        """ "01 Members over time" / "01 成员数量变化": the figure's number and its short title."""
        short = self.short_title or self.title
        return f"{self.number:02d} {short}"[:EXCEL_SHEET_NAME_LIMIT].rstrip()


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet cell: a Chinese character two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def figures_workbook(
    sheets: Sequence[WorkbookSheet], language: Language, year: int | None = None, as_of: str = ""
) -> bytes:
    """The annex workbook (see the module doc); every cell written by the safe-cell rules."""
    workbook = Workbook()
    contents = workbook.active
    assert contents is not None
    contents.title = sheet_name(translate("exports.workbook.contents", language))
    taken = {contents.title}
    names = [sheet_name(sheet.name(language), taken) for sheet in sheets]
    _contents_sheet(contents, sheets, names, language, year, as_of)
    for sheet, name in zip(sheets, names, strict=True):
        _figure_sheet(workbook.create_sheet(name), sheet, language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def annex_sheet(
    worksheet: Worksheet, title: str, lines: Sequence[str], table: pd.DataFrame, language: Language
) -> None:
    """A sheet headed by `title` and `lines` (rows 1-3), the readable `table` from TABLE_HEADER_ROW,
    formatted and set up for print. Shared with the dashboard's per-chart Excel download."""
    brand = load_branding().primary.lstrip("#")
    set_safe_value(worksheet.cell(row=1, column=1), title)
    worksheet.cell(row=1, column=1).font = Font(bold=True, size=14, color=brand)
    for row, line in enumerate(lines[:3], start=2):
        set_safe_value(worksheet.cell(row=row, column=1), line)
        worksheet.cell(row=row, column=1).alignment = Alignment(wrap_text=False, vertical="top")
        worksheet.cell(row=row, column=1).font = Font(size=10, color="5B6770")
    header_fill = PatternFill("solid", fgColor=brand)
    rates = rate_headers(language)
    for column_index, name in enumerate(table.columns, start=1):
        cell = worksheet.cell(row=TABLE_HEADER_ROW, column=column_index)
        set_safe_value(cell, str(name))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row_offset, values in enumerate(table.itertuples(index=False, name=None), start=1):
        for column_index, value in enumerate(values, start=1):
            cell = worksheet.cell(row=TABLE_HEADER_ROW + row_offset, column=column_index)
            set_safe_value(cell, value)
            name = str(table.columns[column_index - 1])
            if name in rates and isinstance(cell.value, int | float):
                cell.number_format = "0.0%"
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.number_format = "#,##0" if float(cell.value).is_integer() else "#,##0.00"
    for column_index, name in enumerate(table.columns, start=1):
        shown = [str(value) for value in table.iloc[:200, column_index - 1]]
        longest = max([text_width(str(name)), *(text_width(value) for value in shown)], default=8)
        worksheet.column_dimensions[get_column_letter(column_index)].width = min(50, max(10, longest + 2))
    last_row = TABLE_HEADER_ROW + len(table)
    if len(table.columns):
        worksheet.auto_filter.ref = (
            f"A{TABLE_HEADER_ROW}:{get_column_letter(len(table.columns))}{max(last_row, TABLE_HEADER_ROW)}"
        )
    worksheet.freeze_panes = f"A{TABLE_HEADER_ROW + 1}"
    print_setup(worksheet, language, title_rows=f"{TABLE_HEADER_ROW}:{TABLE_HEADER_ROW}")


def print_setup(worksheet: Worksheet, language: Language, title_rows: str | None = None) -> None:
    """A4 landscape, one page wide (as many pages tall as needed), the header row on every page."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.5
    if title_rows:
        worksheet.print_title_rows = title_rows
    footer = worksheet.oddFooter
    assert footer is not None
    footer.center.text = translate("exports.workbook.page_footer", language)
    footer.right.text = "&A"


def _contents_sheet(
    contents: Worksheet,
    sheets: Sequence[WorkbookSheet],
    names: Sequence[str],
    language: Language,
    year: int | None,
    as_of: str,
) -> None:
    branding = load_branding()
    title = (
        translate("exports.workbook.title", language, year=year)
        if year
        else translate("exports.workbook.contents", language)
    )
    set_safe_value(contents.cell(row=1, column=1), title)
    contents.cell(row=1, column=1).font = Font(bold=True, size=14, color=branding.primary.lstrip("#"))
    about = translate("exports.workbook.about", language, alliance=branding.name(language), day=as_of)
    set_safe_value(contents.cell(row=2, column=1), about)
    headers = (
        translate("exports.workbook.figure", language),
        translate("exports.workbook.sheet", language),
        translate("exports.workbook.figure_title", language),
    )
    fill = PatternFill("solid", fgColor=branding.primary.lstrip("#"))
    for column, text in enumerate(headers, start=1):
        cell = contents.cell(row=4, column=column)
        set_safe_value(cell, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
    for row, (sheet, name) in enumerate(zip(sheets, names, strict=True), start=5):
        set_safe_value(contents.cell(row=row, column=1), sheet.number)
        link = contents.cell(row=row, column=2)
        set_safe_value(link, name)
        link.hyperlink = f"#'{name}'!A1"
        link.font = Font(color="0563C1", underline="single")
        set_safe_value(contents.cell(row=row, column=3), sheet.title)
    contents.column_dimensions["A"].width = 8
    contents.column_dimensions["B"].width = max(24, max((text_width(name) for name in names), default=0) + 2)
    contents.column_dimensions["C"].width = max(40, max((text_width(s.title) for s in sheets), default=0) + 2)
    print_setup(contents, language, title_rows="4:4")


def _figure_sheet(worksheet: Worksheet, sheet: WorkbookSheet, language: Language) -> None:
    definition = translate("exports.workbook.definition", language, text=sheet.definition)
    table = readable_table(sheet.data, language, sheet.grain)
    lines = [definition, sheet.filters, sheet.source] if sheet.filters else [definition, sheet.source]
    annex_sheet(worksheet, sheet.title, lines, table, language)
