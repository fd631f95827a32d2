"""The SQL console's example questions and Explore's "open this question as SQL", on the demo data.

Expected values were worked out from the demo CSV files (data/demo/*.csv) by hand: 97 members, all of
whom appear in participation.csv; EV-2024-I15 has 70 participants, EV-2024-02 62, EV-2022-05 55; event
EV-2023-04 has none; 11 Chinese members joined in 2020; member 001 took part in 26 events, 041 in 15.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.explore import ExploreQuestion, explore
from analysis.explore.as_sql import question_sql
from analysis.filters import Filters
from analysis.i18n import Language, translate
from analysis.sql_console import run_readonly_sql
from analysis.sql_console.examples import EXAMPLE_CODES, example_label_key, example_sql
from analysis.store.database import AllianceDatabase
from tests.app.apptest_pages import open_page, page_errors


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_example_answers_with_the_demo_facts(
    demo_database: AllianceDatabase, audit_log: Path, language: Language
) -> None:
    answers = {
        code: run_readonly_sql(demo_database, example_sql(code, language), audit_log=audit_log)
        for code in EXAMPLE_CODES
    }
    for code, result in answers.items():
        assert result.outcome == "answered", (code, result.reason)
        assert translate(example_label_key(code), language)  # a label in this language

    events = answers["events_by_participants"].frame
    assert len(events) == 27  # every event, with or without participants
    assert events["event_id"].tolist()[:3] == ["EV-2024-I15", "EV-2024-02", "EV-2022-05"]
    assert events["participating_members"].tolist()[:3] == [70, 62, 55]
    assert events.iloc[-1][["event_id", "participating_members"]].tolist() == ["EV-2023-04", 0]
    title = "理事会会议：新成员选举" if language == "zh" else "Council meeting: election of new members"
    assert events.loc[0, "title"] == title

    assert answers["members_never_attended"].frame.empty  # all 97 demo members took part somewhere

    by_country = answers["members_by_country_year"].frame
    assert by_country.iloc[0][["year", "country", "members_joined"]].tolist() == [2020, "CHN", 11]
    assert by_country.loc[0, "country_name"] == ("中国" if language == "zh" else "China")
    assert int(by_country["members_joined"].sum()) == 97

    by_year = answers["active_members_by_year"].frame.set_index("year")["members"]
    assert by_year.loc[2020:2024].tolist() == [19, 42, 59, 72, 95]  # FACTS.md

    most = answers["most_active_members"].frame
    assert len(most) == 10 and most.iloc[0][["member_id", "events"]].tolist() == ["001", 26]
    assert most.iloc[1][["member_id", "events"]].tolist() == ["041", 15]

    targets = answers["members_target_by_year"].frame
    assert targets[["year", "target"]].values.tolist() == [
        [2021, 40],
        [2022, 60],
        [2023, 75],
        [2024, 90],
        [2025, 110],
    ]
    assert targets["members_at_year_end"].tolist()[:4] == [42, 59, 72, 95]


def test_members_who_never_attended_are_listed(console_database: AllianceDatabase, audit_log: Path) -> None:
    # The fixture: m1 and m2 took part in e1 (m1 also in e2); m3 never did.
    result = run_readonly_sql(
        console_database, example_sql("members_never_attended", "en"), audit_log=audit_log
    )

    assert result.frame["member_id"].tolist() == ["m3"]


QUESTIONS = [
    (ExploreQuestion("members_active", "year"), Filters(as_of=dt.date(2024, 12, 31))),
    (ExploreQuestion("events", "year", "format"), Filters(as_of=dt.date(2024, 12, 31))),
    (ExploreQuestion("attendees", "format"), Filters(as_of=dt.date(2024, 12, 31))),
    (
        ExploreQuestion("engaged_members", "member_type"),
        Filters(as_of=dt.date(2024, 12, 31), start=dt.date(2024, 1, 1), regions=("Europe",)),
    ),
    (
        ExploreQuestion("members_joined", "country"),
        Filters(as_of=dt.date(2024, 12, 31), member_types=("economic",)),
    ),
    (ExploreQuestion("participations"), Filters(as_of=dt.date(2024, 12, 31))),
]


@pytest.mark.parametrize(("question", "filters"), QUESTIONS, ids=lambda value: str(value)[:40])
def test_an_explore_question_as_sql_counts_what_the_explorer_counts(
    demo_database: AllianceDatabase, audit_log: Path, question: ExploreQuestion, filters: Filters
) -> None:
    sql = question_sql(demo_database, filters, question)
    result = run_readonly_sql(demo_database, sql, audit_log=audit_log)
    expected = explore(demo_database, filters, question).table

    assert result.outcome == "answered", result.reason
    dimensions = list(question.dimensions)
    counted = expected[expected["value"] != 0].reset_index(drop=True)  # the console leaves out the zeros
    got = result.frame.copy()
    for name in dimensions:
        if name in ("year", "quarter", "month"):
            got[name] = pd.to_datetime(got[name]).dt.date
    got = got.sort_values(dimensions).reset_index(drop=True) if dimensions else got
    counted = counted.sort_values(dimensions).reset_index(drop=True) if dimensions else counted
    assert got[[*dimensions, "value"]].values.tolist() == counted[[*dimensions, "value"]].values.tolist()


def test_the_members_question_as_sql_gives_the_public_record(
    demo_database: AllianceDatabase, audit_log: Path
) -> None:
    sql = question_sql(
        demo_database, Filters(as_of=dt.date(2024, 12, 31)), ExploreQuestion("members_active", "year")
    )
    result = run_readonly_sql(demo_database, sql, audit_log=audit_log)

    assert sql.startswith("-- Explore: Members active – Year, 2020-")
    assert result.frame["value"].tolist() == [19, 42, 59, 72, 95]  # FACTS.md: the ends of 2020..2024


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_page_offers_examples_and_runs_one(
    demo_app: Path, audit_log: Path, language: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCE_SQL_AUDIT_LOG", str(audit_log))
    app = open_page("app_pages/explore.py", language=language, query={"as_of": "2024-12-31"})
    examples = app.selectbox(key="explore_sql_example")
    assert examples.label == translate("sqlconsole.examples_label", language)
    assert examples.options == [translate(example_label_key(code), language) for code in EXAMPLE_CODES]

    examples.set_value("events_by_participants").run()
    assert app.text_area(key="explore_sql").value == example_sql("events_by_participants", language)
    app.button(key="explore_sql_run").click().run()

    assert page_errors(app) == []
    table = app.dataframe[1].value
    assert table["participating_members"].tolist()[:3] == [70, 62, 55]


def test_explore_opens_its_question_in_the_console(
    demo_app: Path, audit_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCE_SQL_AUDIT_LOG", str(audit_log))
    app = open_page(
        "app_pages/explore.py", query={"as_of": "2024-12-31", "measure": "members_active", "rows": "year"}
    )
    app.button(key="explore_open_as_sql").click().run()

    sql = app.text_area(key="explore_sql").value
    assert sql is not None and sql.startswith("-- Explore: Members active – Year")
    assert [info.value for info in app.info][-1].startswith(
        "The query box holds the SQL of the question above"
    )
    app.button(key="explore_sql_run").click().run()

    assert page_errors(app) == []
    assert app.dataframe[1].value["value"].tolist() == [19, 42, 59, 72, 95]


def test_the_page_refuses_a_4mb_query_with_a_message(
    demo_app: Path, audit_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLIANCE_SQL_AUDIT_LOG", str(audit_log))
    app = open_page("app_pages/explore.py", query={"as_of": "2024-12-31"})
    huge = "SELECT 1" + "+1" * (2 * 1024 * 1024)

    # Typed or pasted: the box keeps the first 100,000 characters, which the worker refuses as too deep.
    app.text_area(key="explore_sql").set_value(huge).run()
    assert len(app.text_area(key="explore_sql").value or "") == 100_000
    app.button(key="explore_sql_run").click().run()
    assert [item.value for item in app.exception] == []
    assert [error.value for error in app.error] == [
        translate("sqlconsole.reason.too_deep", "en", limit="1,000")
    ]
    # Sent past the box (a crafted websocket message), the runner refuses it by its length before anything
    # parses it: tests/attacks/test_sql_console.py::test_a_huge_expression_is_refused_before_it_is_parsed.
