"""The template workbook: a sheet per table (header and one example row), the allowed values, the columns.

The example rows fit together (the example member holds the example role and speaks at the example
event), so the template itself imports cleanly; delete or overwrite them before importing real data.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from analysis.countries import read_country_reference
from analysis.spreadsheets.safe_cells import write_frame
from analysis.store.contract import CONTRACTS, Column

ALLOWED_VALUES_SHEET = "allowed values"
COLUMNS_SHEET = "columns"


def example_value(column: Column) -> object:
    """The example cell: a real date cell for dates, a number for counts, None for an empty example."""
    if column.example == "":
        return None
    if column.kind == "date":
        return dt.date.fromisoformat(str(column.example))
    return column.example


def allowed_values_frame() -> pd.DataFrame:
    """One column per field with a fixed list, plus the countries (ISO3 code and English name)."""
    lists: dict[str, list[str]] = {}
    for table, contract in CONTRACTS.items():
        for column in contract.columns:
            if column.choices:
                lists[f"{table}.{column.name}"] = list(column.choices)
    countries = read_country_reference().sort_values("name_en")
    lists["country code (ISO3)"] = countries["iso3"].tolist()
    lists["country name"] = countries["name_en"].tolist()
    longest = max(len(values) for values in lists.values())
    return pd.DataFrame({name: values + [None] * (longest - len(values)) for name, values in lists.items()})


def columns_frame() -> pd.DataFrame:
    """Every column of every table: whether it is required, what it holds."""
    return pd.DataFrame(
        [
            [table, column.name, "required" if column.required else "optional", column.description]
            for table, contract in CONTRACTS.items()
            for column in contract.columns
        ],
        columns=["table", "column", "required", "what it holds"],
    )


def template_workbook_bytes() -> bytes:
    """The template as .xlsx bytes."""
    workbook = Workbook()
    default = workbook.active
    for table, contract in CONTRACTS.items():
        example = pd.DataFrame(
            [[example_value(column) for column in contract.columns]],
            columns=list(contract.column_names),
            dtype=object,
        )
        write_frame(workbook.create_sheet(table), example)
    write_frame(workbook.create_sheet(ALLOWED_VALUES_SHEET), allowed_values_frame())
    columns_sheet = workbook.create_sheet(COLUMNS_SHEET)
    write_frame(columns_sheet, columns_frame())
    for cell in columns_sheet[1]:
        cell.font = Font(bold=True)
    if default is not None:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
