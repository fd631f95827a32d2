"""Workbooks written part by part (no spreadsheet program), so a test can build what an attacker would.

`xlsx(sheets, shared_strings)` packs the OOXML parts openpyxl needs: each sheet is either a list of
rows (a cell is an int, a str written inline, or `Shared(i)`: the i-th shared string) or raw XML.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@dataclass(frozen=True)
class Shared:
    """A cell showing shared string number `index`."""

    index: int


Cell = int | str | Shared | None
Sheet = list[list[Cell]] | bytes  # rows, or a worksheet part's bytes as they are


def sheet_xml(rows: list[list[Cell]]) -> bytes:
    lines = [f'<worksheet xmlns="{MAIN}"><sheetData>']
    for number, row in enumerate(rows, start=1):
        cells = []
        for position, value in enumerate(row, start=1):
            where = f"{get_column_letter(position)}{number}"
            if value is None:
                continue
            if isinstance(value, Shared):
                cells.append(f'<c r="{where}" t="s"><v>{value.index}</v></c>')
            elif isinstance(value, int):
                cells.append(f'<c r="{where}"><v>{value}</v></c>')
            else:
                cells.append(
                    f'<c r="{where}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
                )
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    lines.append("</sheetData></worksheet>")
    return "".join(lines).encode("utf-8")


def shared_strings_xml(strings: list[str]) -> bytes:
    items = "".join(f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings)
    return (f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()


def xlsx(sheets: dict[str, Sheet], shared_strings: list[str] | bytes | None = None) -> bytes:
    """A workbook with these sheets, in this order (and a shared-string table when given)."""
    overrides = [
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    ]
    sheet_entries, relations = [], []
    parts: dict[str, bytes] = {}
    for number, (name, sheet) in enumerate(sheets.items(), start=1):
        part = f"xl/worksheets/sheet{number}.xml"
        parts[part] = sheet if isinstance(sheet, bytes) else sheet_xml(sheet)
        overrides.append(f'<Override PartName="/{part}" ContentType="{WORKSHEET_TYPE}"/>')
        sheet_entries.append(f'<sheet name="{escape(name)}" sheetId="{number}" r:id="rId{number}"/>')
        relations.append(
            f'<Relationship Id="rId{number}" Type="{RELATIONSHIPS}/worksheet" '
            f'Target="worksheets/sheet{number}.xml"/>'
        )
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = (
            shared_strings if isinstance(shared_strings, bytes) else shared_strings_xml(shared_strings)
        )
        overrides.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>')
        relations.append(
            f'<Relationship Id="rId{len(sheets) + 1}" Type="{RELATIONSHIPS}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{"".join(sheet_entries)}</sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{"".join(relations)}</Relationships>',
        )
        for part, data in parts.items():
            archive.writestr(part, data)
    return buffer.getvalue()
