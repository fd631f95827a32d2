"""The Explore page in the app: the question in widgets and in the URL, the pivot, the chart, the SQL console."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1.element_tree import DownloadButton

from analysis.exports.browser import browser_available
from analysis.i18n import Language, translate
from analysis.sql_console.audit import AUDIT_LOG_ENVIRONMENT_VARIABLE
from analysis.store.database import AllianceDatabase
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts

PAGE = "app_pages/explore.py"
# Dataframes on the page, in order: the pivot table, the SQL result (once run), then the schema browser's
# tables, columns and shared definitions.
END_OF_2024 = {"as_of": "2024-12-31"}


@pytest.fixture
def page_audit_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "sql_audit.jsonl"
    monkeypatch.setenv(AUDIT_LOG_ENVIRONMENT_VARIABLE, str(path))
    return path


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_bookmarked_question_opens_translated_in_both_languages(
    demo_app: Path, page_audit_log: Path, language: Language
) -> None:
    app = open_page(
        PAGE, language=language, query={**END_OF_2024, "measure": "members_active", "rows": "year"}
    )

    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []
    assert app.selectbox(key="explore_measure").value == "members_active"
    assert app.selectbox(key="explore_rows").value == "year"
    table = app.dataframe[0].value
    assert list(table.columns) == [
        translate("explore.dimension.year", language),
        translate("explore.measure.members_active", language),
    ]
    # FACTS.md: 19, 42, 59, 72 and 95 members at the ends of 2020..2024.
    assert table.iloc[:, 1].tolist() == [19, 42, 59, 72, 95]
    assert table.iloc[-1, 0] == translate("common.period.year", language, year=2024)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_result_is_offered_once_in_each_format(
    demo_app: Path, page_audit_log: Path, language: Language
) -> None:
    app = open_page(PAGE, language=language, query={**END_OF_2024, "measure": "events", "rows": "year"})

    assert page_errors(app) == []
    buttons = [button for button in app.get("download_button") if isinstance(button, DownloadButton)]
    offered = Counter(
        found.group(0)
        for button in buttons
        if (found := re.search(r"PNG|SVG|PDF|CSV|XLSX|Parquet|PowerPoint", button.label))
    )
    # the chart's PDF, and the whole page as PDF
    images = {"PNG": 1, "SVG": 1, "PDF": 2} if browser_available() else {}
    # One download menu, the chart's: the data as CSV, XLSX and Parquet, a slide, and the images.
    assert offered == {"CSV": 1, "XLSX": 1, "Parquet": 1, "PowerPoint": 1, **images}
    assert len(buttons) == sum(offered.values())
    suffixes = {"csv", "xlsx", "parquet", "pptx"} | ({"png", "svg", "pdf", "page_pdf"} if images else set())
    assert {button.key for button in buttons} == {f"explore_chart-download-{name}" for name in suffixes}


def test_changing_the_question_writes_it_to_the_url_and_the_url_reopens_it(
    demo_app: Path, page_audit_log: Path
) -> None:
    app = open_page(PAGE, query=END_OF_2024)
    app.selectbox(key="explore_measure").set_value("events").run()
    app.selectbox(key="explore_rows").set_value("year").run()
    app.selectbox(key="explore_columns").set_value("format").run()

    assert page_errors(app) == []
    url = {name: app.query_params[name] for name in ("measure", "rows", "cols")}
    assert url == {"measure": "events", "rows": "year", "cols": "format"}
    first = app.dataframe[0].value

    reopened = open_page(PAGE, query={**END_OF_2024, **url})

    assert page_errors(reopened) == []
    assert reopened.selectbox(key="explore_columns").value == "format"
    second = reopened.dataframe[0].value
    assert second.equals(first)
    assert list(second.columns) == ["Year", "In person", "Online", "Hybrid"]
    assert int(second.iloc[:, 1:].to_numpy().sum()) == 26  # the demo's 26 events up to 2024


def test_a_link_with_a_breakdown_that_does_not_fit_is_partly_restored(
    demo_app: Path, page_audit_log: Path
) -> None:
    app = open_page(PAGE, query={**END_OF_2024, "measure": "events", "rows": "member_type", "cols": "format"})

    assert [warning.value for warning in app.warning] == [
        translate("explore.ignored", "en", details="rows=member_type")
    ]
    assert app.selectbox(key="explore_rows").value == "format"


def test_the_sql_console_answers_refuses_and_logs(demo_app: Path, page_audit_log: Path) -> None:
    app = open_page(PAGE, query=END_OF_2024)
    app.text_area(key="explore_sql").set_value("SELECT count(*) AS members FROM members").run()
    app.button(key="explore_sql_run").click().run()

    assert page_errors(app) == []
    assert app.dataframe[1].value["members"].tolist() == [97]  # 95 active + 2 who left

    app.text_area(key="explore_sql").set_value("DROP TABLE members").run()
    app.button(key="explore_sql_run").click().run()

    assert [error.value for error in app.error] == [
        translate("explore.sql.reason.changes_schema", "en", detail="DROP")
    ]
    entries = [json.loads(line) for line in page_audit_log.read_text(encoding="utf-8").splitlines()]
    assert [(entry["sql"], entry["refused"], entry["user"]) for entry in entries] == [
        ("SELECT count(*) AS members FROM members", False, "dashboard-test"),
        ("DROP TABLE members", True, "dashboard-test"),
    ]


def test_a_truncated_result_is_flagged_on_the_page(demo_app: Path, page_audit_log: Path) -> None:
    app = open_page(PAGE, query=END_OF_2024)
    app.text_area(key="explore_sql").set_value("SELECT * FROM range(20000)").run()
    app.button(key="explore_sql_run").click().run()

    assert len(app.dataframe[1].value) == 10_000
    assert [warning.value for warning in app.warning] == [
        translate("explore.sql.truncated", "en", limit="10,000")
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_empty_database_says_there_is_nothing_to_count(
    tiny_app: Callable[[Callable[[AllianceDatabase], None]], Path], page_audit_log: Path, language: Language
) -> None:
    tiny_app(lambda database: None)  # the schema and countries only

    app = open_page(PAGE, language=language, query={"measure": "events", "rows": "year"})

    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []
    assert [info.value for info in app.info] == [translate("explore.empty", language)]


def test_an_unwritable_audit_log_stops_the_query_with_a_reason(
    demo_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log's folder should be", encoding="utf-8")
    monkeypatch.setenv(AUDIT_LOG_ENVIRONMENT_VARIABLE, str(blocker / "sql_audit.jsonl"))
    app = open_page(PAGE, query=END_OF_2024)
    app.text_area(key="explore_sql").set_value("SELECT 1").run()
    app.button(key="explore_sql_run").click().run()

    assert not app.exception
    messages = [str(error.value) for error in app.error]
    assert len(messages) == 1
    assert messages[0].startswith("The SQL audit log") and "no query was run" in messages[0]
