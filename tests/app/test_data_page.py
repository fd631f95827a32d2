"""The Data page in the real frame (AppTest): both languages, a rejected upload, a good one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis.i18n import Language
from analysis.paths import DATABASE_ENVIRONMENT_VARIABLE
from analysis.store.database import AllianceDatabase, open_database
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts
from tests.datasets import add_event, add_member
from tests.importer.conftest import fingerprint

DATA_PAGE = "app_pages/data.py"


@pytest.fixture(autouse=True)
def clear_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def app_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two members and an event in a closed file the app opens through $ALLIANCE_DB."""
    path = tmp_path / "app.ducklake"
    database = open_database(path)
    add_member(database, "M01", "SRB", "2020-09-19")
    add_member(database, "007", "NAM", "2021-01-05")
    add_event(database, "E01", "2021-03-18")
    database.close()
    monkeypatch.setenv(DATABASE_ENVIRONMENT_VARIABLE, str(path))
    return path


def same_process_database() -> AllianceDatabase:
    """The app's own handle (one DuckDB file is opened once per process)."""
    from app_ui.state.database import shared_database

    return shared_database()


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def upload(app: AppTest, name: str, content: bytes) -> AppTest:
    app.file_uploader(key="data-upload").set_value((name, content, "text/csv"))
    app.button(key="data-import").click()
    return app.run()


@pytest.mark.parametrize(
    ("language", "title", "members_label"), [("en", "Data", "Members"), ("zh", "数据", "成员")]
)
def test_the_page_shows_counts_forms_and_history_in_either_language(
    app_database: Path, language: Language, title: str, members_label: str
) -> None:
    app = open_page(DATA_PAGE, language=language)

    assert page_errors(app) == []
    assert app.title[0].value == title
    assert metric_values(app)[members_label] == "2"
    assert app.file_uploader(key="data-upload").accept_multiple_files
    assert untranslated_texts(app, language) == []


def test_a_bad_upload_shows_every_problem_and_changes_nothing(app_database: Path) -> None:
    app = open_page(DATA_PAGE)
    before = fingerprint(same_process_database())
    bad = (
        b"member_id,name_en,country,member_type,joined_on\n"
        b"M02,Belgrade Institute,Serbai,economic,2021-01-01\n"
        b"M03,Other,DEU,club,2021-01-01\n"
    )

    app = upload(app, "members.csv", bad)

    assert page_errors(app) == [
        "Nothing was imported: 2 problem(s) found. The database is unchanged. "
        "Correct the rows below and import the files again."
    ]
    problems = app.table[0].value
    assert list(problems.columns) == ["File", "Row", "Column", "Value", "Problem"]
    assert problems[["Row", "Column", "Value"]].values.tolist() == [
        [2, "country", "Serbai"],
        [3, "member_type", "club"],
    ]
    assert problems["Problem"].iloc[0] == "country 'Serbai' is not a known country; did you mean Serbia?"
    assert fingerprint(same_process_database()) == before
    assert metric_values(app)["Members"] == "2"


def test_a_good_upload_lands_and_the_counts_follow(app_database: Path) -> None:
    app = open_page(DATA_PAGE, language="zh")
    good = (
        "member_id,name_en,country,member_type,joined_on\nM02,Belgrade Institute,Serbia,economic,2021-01-01\n"
    )

    app = upload(app, "members.csv", good.encode())

    assert page_errors(app) == []
    assert [item.value for item in app.success] == ["第 1 次导入已完成：新增 1 行，更新 0 行，0 行已是最新。"]
    assert metric_values(app)["成员"] == "3"
    history = next(frame.value for frame in app.dataframe if "新增行数" in frame.value.columns)
    assert history[["导入", "操作人", "文件", "新增行数", "更新行数"]].values.tolist() == [
        [1, "dashboard-test", "members.csv", 1, 0]
    ]
    with same_process_database().reading() as cursor:
        assert cursor.execute(
            "select country, imported_by from members, imports where member_id = 'M02'"
        ).fetchall() == [("SRB", "dashboard-test")]


def test_in_chinese_the_problems_are_explained_in_chinese(app_database: Path) -> None:
    app = open_page(DATA_PAGE, language="zh")

    app = upload(
        app,
        "members.csv",
        b"member_id,name_en,country,member_type,joined_on\nM02,B,Serbai,economic,2021-01-01\n",
    )

    problems = app.table[0].value
    assert list(problems.columns) == ["文件", "行", "列", "值", "问题"]
    assert problems["问题"].tolist() == ["国家“Serbai”无法识别；您是否指 Serbia？"]
