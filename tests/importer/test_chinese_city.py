"""city_zh, the city's Chinese name, is an optional column of members and events in CSV and XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.importer import TableCounts, import_contents, import_files
from analysis.spreadsheets.safe_cells import csv_bytes
from analysis.spreadsheets.tables import workbook_bytes
from analysis.spreadsheets.template import template_workbook_bytes
from analysis.store.connection import AllianceDatabase
from tests.importer.conftest import write

MEMBERS = pd.DataFrame(
    {
        "member_id": ["M1", "M2"],
        "name_en": ["Guizhou Academy", "Belgrade Forum"],
        "country": ["CHN", "SRB"],
        "city": ["Guiyang", "Belgrade"],
        "city_zh": ["贵阳", None],  # M2 has no Chinese city name
        "member_type": ["comprehensive", "economic"],
        "joined_on": ["2023-11-18", "2021-01-01"],
    },
    dtype=object,
)
EVENTS = pd.DataFrame(
    {
        "event_id": ["E1"],
        "title_en": ["Council meeting in Guiyang"],
        "event_type": ["council_meeting"],
        "start_date": ["2023-11-18"],
        "end_date": ["2023-11-19"],
        "city": ["Guiyang"],
        "city_zh": ["贵阳"],
        "country": ["CHN"],
        "format": ["in_person"],
    },
    dtype=object,
)


def stored(database: AllianceDatabase, sql: str) -> list[tuple[object, ...]]:
    with database.reading() as cursor:
        return cursor.execute(sql).fetchall()


@pytest.mark.parametrize("through", ["csv", "xlsx"])
def test_city_zh_is_imported_from_csv_and_xlsx(database: AllianceDatabase, through: str) -> None:
    if through == "csv":
        contents = [("members.csv", csv_bytes(MEMBERS)), ("events.csv", csv_bytes(EVENTS))]
    else:
        contents = [("alliance.xlsx", workbook_bytes({"members": MEMBERS, "events": EVENTS}))]

    report = import_contents(database, contents)

    assert report.ok, report.problems
    assert stored(database, "select member_id, city, city_zh from members order by 1") == [
        ("M1", "Guiyang", "贵阳"),
        ("M2", "Belgrade", None),
    ]
    assert stored(database, "select event_id, city, city_zh from events") == [("E1", "Guiyang", "贵阳")]


def test_a_file_without_city_zh_imports_and_keeps_the_stored_chinese_names(
    database: AllianceDatabase, tmp_path: Path
) -> None:
    import_contents(database, [("members.csv", csv_bytes(MEMBERS))])
    # the README's older layout: no city_zh column at all; M1 moves to another city spelling
    older_layout = (
        "member_id,name_en,country,city,member_type,joined_on\n"
        "M1,Guizhou Academy,CHN,Guiyang City,comprehensive,2023-11-18\n"
        "M3,New member,DEU,Berlin,industry,2024-01-01\n"
    )

    report = import_files(database, [write(tmp_path, "members.csv", older_layout)])

    assert report.ok, report.problems
    assert report.counts == {"members": TableCounts(added=1, updated=1)}
    assert stored(database, "select member_id, city, city_zh from members order by 1") == [
        ("M1", "Guiyang City", "贵阳"),
        ("M2", "Belgrade", None),
        ("M3", "Berlin", None),
    ]


def test_an_empty_city_zh_cell_clears_the_stored_chinese_name(database: AllianceDatabase) -> None:
    import_contents(database, [("members.csv", csv_bytes(MEMBERS))])
    cleared = MEMBERS.assign(city_zh=[" ", ""])  # a blank cell is no value

    report = import_contents(database, [("members.csv", csv_bytes(cleared))])

    assert report.counts == {"members": TableCounts(updated=1, unchanged=1)}
    assert stored(database, "select member_id, city_zh from members order by 1") == [
        ("M1", None),
        ("M2", None),
    ]


def test_the_template_offers_city_zh_next_to_city_with_an_example() -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook_bytes()))
    for table, example in (("members", "柏林"), ("events", "北京")):
        header, values = book[table].iter_rows(values_only=True)
        position = header.index("city_zh")
        assert header[position - 1] == "city"
        assert values[position] == example
    described = {row[:3] for row in book["columns"].iter_rows(values_only=True)}
    assert {("members", "city_zh", "optional"), ("events", "city_zh", "optional")} <= described
