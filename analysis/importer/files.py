"""Reading import files safely: type decided by content, sizes and zip bombs refused, every cell kept raw.

A file is an Excel workbook when it is a ZIP holding the OOXML parts, CSV when it decodes as UTF-8
text (a byte-order mark is allowed); anything else is refused with a message saying what to do.
Workbooks are parsed by openpyxl, which uses defusedxml when installed (it is pinned in
requirements.txt), and only after the ZIP directory shows sizes a real workbook could have: a shared
string table of at most MAX_SHARED_STRINGS_BYTES, at most MAX_SHEETS sheets. Only the sheets named
after a table are parsed (streamed, read-only), and a text longer than MAX_CELL_CHARS is cut while
streaming (`CutText` keeps its full length for the message), so one huge shared string that a
thousand cells point at costs its own size once, never a thousand times.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd

from analysis.importer.cells import MAX_CELL_CHARS, CutText
from analysis.importer.report import ImportProblem, problem
from analysis.limits import max_upload_bytes
from analysis.store.contract import TABLE_NAMES

MAX_UNPACKED_BYTES = 400 * 1024 * 1024  # all parts of a workbook, unpacked
MAX_PART_RATIO = 200  # unpacked / packed size of one large part; real sheets stay well below
RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # small parts may compress extremely well, harmlessly
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024  # xl/sharedStrings.xml unpacked: every text of a workbook
MAX_SHEETS = 50  # sheets in one workbook (a workbook with a sheet per table has 5)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and password-protected workbooks
NEWLINE = b"\n"
TABLE_LIST = ", ".join(TABLE_NAMES)
_FILE_NAME_SEPARATORS = re.compile(r"[\s_\-.(\[]")


@dataclass(frozen=True)
class RawTable:
    """One table's cells as found in one file or sheet, before any checking.

    `header` is the first row as written; `cells` holds the rows below it (positional columns, raw
    values: text from CSV; text, numbers or datetimes from a workbook); `rows` the spreadsheet row
    number of each (header = row 1).
    """

    label: str
    table: str
    header: list[object]
    cells: pd.DataFrame
    rows: pd.Series
    from_csv: bool


def read_upload(name: str, content: bytes) -> tuple[list[RawTable], list[ImportProblem]]:
    """The tables one file holds, or the problems that stop it being read at all."""
    if len(content) == 0:
        return [], [_file_problem(name, "empty_file")]
    if len(content) > max_upload_bytes():
        return [], [too_big(name, len(content))]
    if content.startswith(b"PK\x03\x04"):
        return _read_workbook(name, content)
    if content.startswith(OLE_SIGNATURE):
        return [], [_file_problem(name, "old_excel")]
    return _read_csv(name, content)


def table_for_file_name(name: str) -> str | None:
    """The table a file is named after: `members.csv`, `Members.xlsx`, `members_2024.csv`, `members (1).csv`."""
    stem = PurePath(name).stem.strip().lower()
    for table in TABLE_NAMES:
        if stem == table or (stem.startswith(table) and _FILE_NAME_SEPARATORS.match(stem[len(table)])):
            return table
    return None


def _read_csv(name: str, content: bytes) -> tuple[list[RawTable], list[ImportProblem]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _looks_binary(content):
            return [], [_file_problem(name, "neither")]
        return [], [
            _file_problem(
                name,
                "not_utf8",
                line=content.count(NEWLINE, 0, error.start) + 1,
                byte=f"0x{content[error.start]:02X}",
            )
        ]
    if "\x00" in text[:8192] or _looks_binary(content):
        return [], [_file_problem(name, "neither")]
    if not text.strip():
        return [], [_file_problem(name, "no_header")]
    table = table_for_file_name(name)
    if table is None:
        return [], [_file_problem(name, "unknown_table", tables=TABLE_LIST)]
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=_delimiter(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as error:
        reason = str(error).strip().replace("Error tokenizing data. C error: ", "")
        return [], [_file_problem(name, "csv_unreadable", error=reason)]
    return [_raw_table(name, table, frame, from_csv=True)], []


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab some Excel locales write, judged by the header line."""
    first_line = text.split("\n", 1)[0]
    counts = {separator: first_line.count(separator) for separator in (",", ";", "\t")}
    return max(counts, key=lambda separator: (counts[separator], separator == ","))


def _read_workbook(name: str, content: bytes) -> tuple[list[RawTable], list[ImportProblem]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return [], [_file_problem(name, "zip_damaged")]
    part_names = {part.filename for part in parts}
    if "[Content_Types].xml" not in part_names or "xl/workbook.xml" not in part_names:
        return [], [
            _file_problem(name, "zip_xlsb" if "xl/workbook.bin" in part_names else "zip_not_workbook")
        ]
    unpacked = sum(part.file_size for part in parts)
    worst = max(
        (
            part.file_size / max(part.compress_size, 1)
            for part in parts
            if part.file_size >= RATIO_CHECKED_FROM_BYTES
        ),
        default=0.0,
    )
    if unpacked > MAX_UNPACKED_BYTES or worst > MAX_PART_RATIO:
        return [], [
            _file_problem(
                name,
                "zip_bomb",
                unpacked=_megabytes(unpacked),
                ratio=f"{worst:.0f}",
                max_unpacked=_megabytes(MAX_UNPACKED_BYTES),
                max_ratio=MAX_PART_RATIO,
            )
        ]
    try:
        return _read_workbook_sheets(name, content)
    except (
        Exception
    ) as error:  # openpyxl raises many kinds on a damaged workbook; all mean the same to a person
        return [], [_file_problem(name, "workbook_unreadable", error=_root_cause(error))]


class _TooManySheets(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def _sheets_to_read(sheet_names: list[str], name: str) -> dict[str, str]:
    """table -> sheet: the sheets named after a table, else the first sheet of a file named after one."""
    by_table = {sheet.strip().lower(): sheet for sheet in sheet_names if sheet.strip().lower() in TABLE_NAMES}
    if by_table:
        return by_table
    table = table_for_file_name(name)
    return {table: sheet_names[0]} if table is not None and sheet_names else {}


def _read_workbook_sheets(name: str, content: bytes) -> tuple[list[RawTable], list[ImportProblem]]:
    """The table sheets of a workbook whose ZIP directory passed; the shared strings and sheet count checked first."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.workbook.defined_name import DefinedNameList
    from openpyxl.xml.constants import SHARED_STRINGS

    class TableSheetsReader(ExcelReader):
        """openpyxl's reader, opening only the sheets the import reads.

        Loading a read-only workbook opens every sheet to learn its size, and parses a sheet to its end
        when it declares none: 200 junk sheets cost all their parsing before one cell is read. Here the
        list is cut as soon as workbook.xml is read, before any sheet is opened (defined names are
        dropped too: they point at sheets by position, and the import uses none).
        """

        def read_workbook(self) -> None:
            super().read_workbook()
            sheets = list(self.parser.sheets)
            if len(sheets) > MAX_SHEETS:
                raise _TooManySheets(len(sheets))
            wanted = set(_sheets_to_read([sheet.name for sheet in sheets], name).values())
            self.parser.sheets = [sheet for sheet in sheets if sheet.name in wanted]
            parser: Any = self.parser  # the stubs omit the attribute (openpyxl 3.1.5 sets it in __init__)
            parser.defined_names = DefinedNameList()

    reader = TableSheetsReader(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    reader.read_manifest()
    strings = reader.package.find(SHARED_STRINGS)
    if strings is not None:
        strings_size = reader.archive.getinfo(strings.PartName.lstrip("/")).file_size
        if strings_size > MAX_SHARED_STRINGS_BYTES:
            return [], [
                _file_problem(
                    name,
                    "shared_strings_too_big",
                    size=_megabytes(strings_size),
                    limit=_megabytes(MAX_SHARED_STRINGS_BYTES),
                )
            ]
    try:
        reader.read()
    except _TooManySheets as refused:
        reader.archive.close()
        return [], [
            _file_problem(name, "too_many_sheets", count=refused.count, limit=MAX_SHEETS, tables=TABLE_LIST)
        ]
    workbook = reader.wb
    # Cut once per long shared string (alive as long as the workbook, so its id stays its own).
    long_shared = {
        id(text): CutText.of(text)
        for text in reader.shared_strings
        if isinstance(text, str) and len(text) > MAX_CELL_CHARS
    }
    try:
        to_read = _sheets_to_read(list(workbook.sheetnames), name)
        if not to_read:
            return [], [_file_problem(name, "no_sheet_named", tables=TABLE_LIST)]
        frames = {table: _sheet_frame(workbook[sheet], long_shared) for table, sheet in to_read.items()}
        if any(sheet.strip().lower() == table for table, sheet in to_read.items()):
            # a table's sheet left wholly empty (not even a header) is simply not imported
            return [
                _raw_table(f"{name} [{to_read[table]}]", table, frame, from_csv=False)
                for table, frame in frames.items()
                if not frame.empty
            ], []
        ((table, frame),) = frames.items()
        return [_raw_table(name, table, frame, from_csv=False)], []
    finally:
        workbook.close()


def _sheet_frame(sheet: Any, long_shared: dict[int, CutText]) -> pd.DataFrame:
    """One sheet's cells (positional columns, raw values, None when empty), streamed row by row.

    What pandas' read_excel would give (numbers, text, datetimes; error cells empty), except that a
    text longer than MAX_CELL_CHARS is cut to a `CutText` of MAX_CELL_CHARS + 1 characters (a long
    shared string is cut once, in `long_shared`, however many cells show it).
    """
    from openpyxl.cell.cell import TYPE_ERROR

    sheet.reset_dimensions()  # declared dimensions may lie (pandas does the same, GH 39486)
    rows: list[list[object]] = []
    last_filled = -1
    for number, row in enumerate(sheet.rows):
        values: list[object] = []
        for cell in row:
            value = cell.value
            if value is None or cell.data_type == TYPE_ERROR:
                value = None
            elif isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                value = long_shared.get(id(value)) or CutText.of(value)
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        if values:
            last_filled = number
        rows.append(values)
    rows = rows[: last_filled + 1]
    if not rows:
        return pd.DataFrame()
    width = max(len(values) for values in rows)
    return pd.DataFrame([values + [None] * (width - len(values)) for values in rows], dtype=object)


def _raw_table(label: str, table: str, frame: pd.DataFrame, *, from_csv: bool) -> RawTable:
    """Split the header row off; drop rows with no value at all (they keep their numbers for the rest)."""
    if frame.empty:
        return RawTable(label, table, [], pd.DataFrame(), pd.Series([], dtype="int64"), from_csv)
    header = list(frame.iloc[0])
    cells = frame.iloc[1:].reset_index(drop=True)
    rows = pd.Series(range(2, len(cells) + 2), dtype="int64")
    filled: list[bool] = _filled_rows(cells, from_csv=from_csv) if not cells.empty else []
    cells, rows = cells.loc[filled].reset_index(drop=True), rows.loc[filled].reset_index(drop=True)
    return RawTable(label, table, header, cells, rows, from_csv)


def too_big(name: str, size: int) -> ImportProblem:
    """A file above the upload limit (Streamlit's server.maxUploadSize, the same for the command line)."""
    return _file_problem(name, "too_big", size=_megabytes(size), limit=_megabytes(max_upload_bytes()))


def _root_cause(error: BaseException) -> str:
    """The innermost error's type and first line (pandas wraps openpyxl's and defusedxml's errors)."""
    inner: BaseException | None = error
    while inner is not None:
        error, inner = inner, inner.__cause__ or inner.__context__
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__


def _filled_rows(cells: pd.DataFrame, *, from_csv: bool) -> list[bool]:
    """Which rows hold at least one value (CSV cells are text: checked a column at a time)."""
    if from_csv:
        filled = pd.Series(False, index=cells.index)
        for column in cells.columns:
            filled |= cells[column].fillna("").astype("str").str.strip().ne("")
        return filled.tolist()
    return cells.map(_is_filled).any(axis=1).tolist()


def _is_filled(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return not (isinstance(value, float) and pd.isna(value))


def _looks_binary(content: bytes) -> bool:
    sample = content[:8192]
    control = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return control > max(1, len(sample) // 100)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _file_problem(name: str, key: str, **details: object) -> ImportProblem:
    return problem(name, None, None, None, key, **details)
