"""OWASP's CSV-injection rule in every CSV and XLSX: formulas stay text, numbers stay numbers, NA stays NA."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from analysis.exports.chart_export import chart_csv, chart_xlsx
from analysis.exports.framing import Caption
from analysis.filters import Filters
from analysis.metrics.membership import member_list
from analysis.spreadsheets.safe_cells import csv_bytes, escaped_text, sheet_name, xlsx_bytes
from analysis.store.database import AllianceDatabase
from tests.datasets import add_member

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 10 1234", "'+86 10 1234"),
        ("-note", "'-note"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("NA", "NA"),  # Namibia, not a missing value
        ("Plain name", "Plain name"),
        ("a=b", "a=b"),  # only the first character matters
    ],
)
def test_csv_text_escaping(text: str, written: str) -> None:
    assert escaped_text(text) == written


def test_sheet_names_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("a/b:c", taken) == "a_b_c"
    assert sheet_name("a/b:c", taken) == "a_b_c (2)"
    assert len(sheet_name("x" * 40, taken)) == 31


def _member_named_hyperlink(database: AllianceDatabase) -> pd.DataFrame:
    add_member(database, "M1", "NAM", "2023-01-05", name_en=HYPERLINK, name_zh="NA")
    add_member(database, "M2", "CHN", "2023-02-01", name_en="Plain Institute")
    return member_list(database, Filters(as_of=dt.date(2023, 12, 31)))


def test_member_named_like_a_formula_is_text_in_csv(database: AllianceDatabase) -> None:
    members = _member_named_hyperlink(database)
    rows = list(csv.DictReader(io.StringIO(chart_csv(members, "en").decode("utf-8-sig"))))
    by_id = {row["Member ID"]: row for row in rows}
    assert by_id["M1"]["Name (English)"] == "'" + HYPERLINK  # a leading apostrophe: text, not a formula
    assert by_id["M1"]["Name (Chinese)"] == "NA"
    assert by_id["M1"]["Country"] == "NAM"
    assert by_id["M2"]["Name (English)"] == "Plain Institute"


def test_member_named_like_a_formula_is_text_in_xlsx(database: AllianceDatabase) -> None:
    members = _member_named_hyperlink(database)
    caption = Caption("Members", "As of 31 December 2023", "Source: test")
    workbook = openpyxl.load_workbook(io.BytesIO(chart_xlsx(members, caption, "en")))
    sheet = workbook["Data"]
    header = [cell.value for cell in sheet[5]]
    name_column = header.index("Name (English)") + 1
    id_column = header.index("Member ID") + 1
    cells = {
        sheet.cell(row=row, column=id_column).value: sheet.cell(row=row, column=name_column) for row in (6, 7)
    }
    assert cells["M1"].value == HYPERLINK
    assert cells["M1"].data_type == "s"  # a string cell; a formula would be "f"
    assert cells["M2"].value == "Plain Institute"
    assert sheet["A1"].value == "Members" and sheet["A3"].value == "Source: test"


def test_numbers_dates_and_missing_values_keep_their_kind() -> None:
    frame = pd.DataFrame(
        {
            "country": ["NA", "CHN"],
            "members": [-3, 12],
            "share": [0.25, None],
            "day": [dt.date(2023, 1, 2), dt.date(2023, 12, 31)],
        }
    )
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"))))
    assert rows[1] == ["NA", "-3", "0.25", "2023-01-02"]  # -3 is a number, not escaped text
    assert rows[2] == ["CHN", "12", "", "2023-12-31"]  # a missing share is an empty cell

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({"t": frame})))["t"]
    assert [sheet.cell(row=2, column=column).value for column in (1, 2, 3)] == ["NA", -3, 0.25]
    assert sheet.cell(row=2, column=2).data_type == "n"
    assert sheet.cell(row=3, column=3).value is None
    assert sheet.cell(row=2, column=4).value == dt.datetime(2023, 1, 2)
