"""Every data table out again, as CSV files and one XLSX workbook, in the columns an import takes back.

Columns and their order are the import contract's, rows are ordered by key, so an export is also a
valid import: import -> export -> import gives the same tables.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from analysis.spreadsheets.safe_cells import csv_bytes, xlsx_bytes
from analysis.store.connection import AllianceDatabase
from analysis.store.contract import CONTRACTS, TableContract

WORKBOOK_NAME = "alliance_data.xlsx"
EXCEL_MAX_DATA_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows, one of them the header


def fits_in_one_workbook(frames: dict[str, pd.DataFrame]) -> bool:
    """Whether every table fits on one Excel sheet; when not, only the CSV files are written."""
    return all(len(frame) <= EXCEL_MAX_DATA_ROWS for frame in frames.values())


def table_frame(database: AllianceDatabase, contract: TableContract) -> pd.DataFrame:
    """One table in contract columns: text as str (None when empty), dates as dates, counts as Int64."""
    columns = ", ".join(contract.column_names)
    order = ", ".join(contract.key)
    with database.reading() as cursor:
        result = cursor.execute(f"select {columns} from {contract.name} order by {order}")  # noqa: S608 (contract names)
        rows = result.fetchall()
    frame = pd.DataFrame(rows, columns=list(contract.column_names), dtype=object)
    for column in contract.columns:
        if column.kind == "integer":
            frame[column.name] = frame[column.name].astype("Int64")
    return frame


def table_frames(database: AllianceDatabase) -> dict[str, pd.DataFrame]:
    """Every data table the secretariat keeps, parents first."""
    return {name: table_frame(database, contract) for name, contract in CONTRACTS.items()}


def workbook_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table (sheet name = table name), cells written safely."""
    return xlsx_bytes(frames)


def export_tables(database: AllianceDatabase, out_dir: str | Path) -> list[Path]:
    """Write `<table>.csv` for every table and `alliance_data.xlsx` into `out_dir`; returns the files.

    A table longer than an Excel sheet allows leaves the workbook out (the CSV files hold everything).
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    frames = table_frames(database)
    written = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        path.write_bytes(csv_bytes(frame))
        written.append(path)
    if fits_in_one_workbook(frames):
        workbook = folder / WORKBOOK_NAME
        workbook.write_bytes(workbook_bytes(frames))
        written.append(workbook)
    return written


def export_archive_bytes(database: AllianceDatabase) -> bytes:
    """A ZIP holding every table as CSV and the one workbook: the Data page's full export."""
    frames = table_frames(database)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, frame in frames.items():
            archive.writestr(f"{name}.csv", csv_bytes(frame))
        if fits_in_one_workbook(frames):
            archive.writestr(WORKBOOK_NAME, workbook_bytes(frames))
    return buffer.getvalue()
