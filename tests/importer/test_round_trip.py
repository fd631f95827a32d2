"""import -> export -> import is lossless, through CSV and through the workbook, for awkward text too."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.countries import read_country_reference
from analysis.importer import TableCounts, import_contents, import_files
from analysis.spreadsheets.safe_cells import csv_bytes
from analysis.spreadsheets.tables import WORKBOOK_NAME, export_tables, table_frames, workbook_bytes
from analysis.store.connection import AllianceDatabase, open_database
from tests.importer.conftest import write

AWKWARD_MEMBERS = (
    "member_id,name_en,name_zh,country,city,city_zh,member_type,joined_on,left_on,website,source\n"
    '007,"Commas, ""quotes"" and\na new line",中关村全球高端智库联盟,NA,Windhoek,温得和克,economic,2020-09-19,,,illustrative\n'
    '0010,=HYPERLINK("http://x"),,SRB,-Belgrade,-贝尔格莱德,comprehensive,2021-01-01,2023-01-01,@site,+plus\n'
    "Q1,'=SUM(1),''=kept apostrophe,DEU,'t Hooft town,'=城,industry,2022-02-02,,,\n"  # protected as our CSV export does
    "A-1,\tTab first,,CHN,Beijing,,enterprise,2022-03-03,,https://example.org/?a=1&b=2,\n"
)
EVENTS = (
    "event_id,title_en,title_zh,event_type,start_date,end_date,city,city_zh,country,format,attendees,countries_represented,online_viewers\n"
    'E1,Forum,论坛,forum,2021-05-01,2021-05-03,Windhoek,"温得和克, 纳米比亚",NAM,online,0,12,1500000\n'
)
OTHER_TABLES = {
    "roles.csv": "member_id,role,start_date,end_date\n007,chair,2020-09-19,2022-09-19\n0010,vice_chair,2021-01-01,\n",
    "participation.csv": "event_id,member_id,role\nE1,007,host\nE1,A-1,co_host\n",
    "targets.csv": "year,metric,target\n2025,members,110\n2025,countries,20\n",
}


@pytest.fixture
def awkward(database: AllianceDatabase, tmp_path: Path) -> AllianceDatabase:
    files = [write(tmp_path, "members.csv", AWKWARD_MEMBERS), write(tmp_path, "events.csv", EVENTS)]
    files += [write(tmp_path, name, text) for name, text in OTHER_TABLES.items()]
    report = import_files(database, files)
    assert report.ok, report.problems
    return database


def test_awkward_text_is_stored_exactly_as_written(awkward: AllianceDatabase) -> None:
    with awkward.reading() as cursor:
        stored = cursor.execute(
            "select member_id, name_en, name_zh, country, city, city_zh, website, source from members order by 1"
        ).fetchall()
        events = cursor.execute("select event_id, city, city_zh from events").fetchall()
    assert stored == [
        ("0010", '=HYPERLINK("http://x")', None, "SRB", "-Belgrade", "-贝尔格莱德", "@site", "+plus"),
        (
            "007",
            'Commas, "quotes" and\na new line',
            "中关村全球高端智库联盟",
            "NAM",
            "Windhoek",
            "温得和克",
            None,
            "illustrative",
        ),
        ("A-1", "\tTab first", None, "CHN", "Beijing", None, "https://example.org/?a=1&b=2", None),
        ("Q1", "=SUM(1)", "'=kept apostrophe", "DEU", "'t Hooft town", "=城", None, None),
    ]
    assert events == [("E1", "Windhoek", "温得和克, 纳米比亚")]


@pytest.mark.parametrize("through", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_tables(
    awkward: AllianceDatabase, tmp_path: Path, through: str
) -> None:
    written = export_tables(awkward, tmp_path / "export")
    files = [path for path in written if path.suffix == f".{through}"]
    fresh = open_database(tmp_path / f"fresh-{through}.duckdb")

    report = import_files(fresh, files)

    assert report.ok, report.problems
    assert report.rows_added == 4 + 1 + 2 + 2 + 2  # members, events, roles, participation, targets
    for table, frame in table_frames(awkward).items():
        pd.testing.assert_frame_equal(table_frames(fresh)[table], frame, obj=table)
    fresh.close()


def test_importing_an_export_into_its_own_database_changes_nothing(
    awkward: AllianceDatabase, tmp_path: Path
) -> None:
    written = export_tables(awkward, tmp_path / "export")

    report = import_files(awkward, [tmp_path / "export" / WORKBOOK_NAME])

    assert report.ok
    assert report.counts["members"] == TableCounts(unchanged=4)
    assert (report.rows_added, report.rows_updated) == (0, 0)
    assert len(written) == 6


def test_exports_keep_formulas_as_text_numbers_as_numbers_and_namibia_as_na(
    awkward: AllianceDatabase, tmp_path: Path
) -> None:
    export_tables(awkward, tmp_path / "export")
    members_csv = (tmp_path / "export" / "members.csv").read_text(encoding="utf-8-sig")
    assert '0010,"\'=HYPERLINK(""http://x"")",,SRB,\'-Belgrade,' in members_csv  # OWASP apostrophe
    assert "Q1,'=SUM(1),''=kept apostrophe," in members_csv  # "'=kept" gets one more, so it comes back
    assert "'t Hooft town" in members_csv and "''t Hooft" not in members_csv
    workbook = openpyxl.load_workbook(tmp_path / "export" / WORKBOOK_NAME)
    members = workbook["members"]
    formula_cell = members.cell(row=2, column=2)  # row 1 header, row 2 is member 0010 (sorted first)
    assert (formula_cell.value, formula_cell.data_type) == ('=HYPERLINK("http://x")', "s")
    events = workbook["events"]
    assert [cell.value for cell in events[2]][10:13] == [0, 12, 1500000]  # numbers stay numbers
    assert events.cell(row=2, column=5).value == dt.datetime(2021, 5, 1)  # a real date cell
    assert [cell.value for cell in members[3]][3] == "NAM"  # member 007


COUNTRY_CODES = read_country_reference()["iso3"].tolist()
awkward_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(["\n", "\t", ",", '"', "'", "=", "-", "+", "@", "中"]),
    ),
    min_size=1,
    max_size=30,
).filter(lambda text: bool(text.strip()))
member_rows = st.lists(
    st.tuples(
        st.from_regex(r"[0-9A-Za-z_\-']{1,8}", fullmatch=True),
        awkward_text,
        st.one_of(st.none(), awkward_text),
        st.one_of(st.none(), awkward_text),
        st.sampled_from(COUNTRY_CODES),
        st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda row: row[0],
)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=member_rows)
def test_round_trip_property_any_text_survives_csv_and_xlsx(
    rows: list[tuple[str, str, str | None, str | None, str, dt.date]],
) -> None:
    given_frame = pd.DataFrame(
        [
            [member_id, name, city, city_zh, country, "economic", joined]
            for member_id, name, city, city_zh, country, joined in rows
        ],
        columns=["member_id", "name_en", "city", "city_zh", "country", "member_type", "joined_on"],
        dtype=object,
    )
    for name, content in (
        ("members.csv", csv_bytes(given_frame)),
        ("members.xlsx", workbook_bytes({"members": given_frame})),
    ):
        fresh = open_database(":memory:")
        report = import_contents(fresh, [(name, content)])
        assert report.ok, report.problems
        stored = table_frames(fresh)["members"]
        expected = given_frame.sort_values("member_id").reset_index(drop=True)
        assert stored["member_id"].tolist() == expected["member_id"].tolist()
        assert stored["name_en"].tolist() == expected["name_en"].tolist(), name
        for column in ("city", "city_zh"):
            assert stored[column].tolist() == [
                None if c is None or not c.strip() else c for c in expected[column]
            ], (name, column)
        assert stored["joined_on"].tolist() == expected["joined_on"].tolist()
        exported = io.BytesIO(workbook_bytes(table_frames(fresh)))
        again = import_contents(fresh, [("export.xlsx", exported.getvalue())])
        assert again.counts["members"] == TableCounts(unchanged=len(rows))
        fresh.close()


def test_tables_longer_than_an_excel_sheet_are_exported_as_csv_only(
    awkward: AllianceDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import analysis.spreadsheets.tables as tables

    monkeypatch.setattr(tables, "EXCEL_MAX_DATA_ROWS", 3)  # members has 4 rows: one too many for this "sheet"

    written = export_tables(awkward, tmp_path / "export")

    assert sorted(path.name for path in written) == [
        "events.csv",
        "members.csv",
        "participation.csv",
        "roles.csv",
        "targets.csv",
    ]
