"""The governance page in the app, on the five-member alliance of tests/datasets.py
(figures worked out by hand) and on the demo alliance in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.i18n import Language, translate
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts
from tests.app.page_charts import chart, trace_values
from tests.datasets import FIVE_MEMBER_AS_OF

PAGE = "app_pages/governance.py"
YEARLY = {"as_of": FIVE_MEMBER_AS_OF, "grain": "year"}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_renders_translated_in_both_languages(demo_app: Path, language: Language) -> None:
    app = open_page(PAGE, language=language, query={"as_of": "2023-11-19", "grain": "year"})
    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []
    # FACTS.md: BJAST chairs; CCG, Springer Nature, CASISD from 2021 and Guizhou from 2023 are vice chairs.
    holders = app.dataframe[0].value
    roles = list(holders[translate("governance.holders.role", language)])
    assert roles.count(translate("common.role.chair", language)) == 1
    assert roles.count(translate("common.role.vice_chair", language)) == 4
    meetings = chart(app, "governance.meetings.title", language)
    new_members = meetings["data"][0]["y"]
    assert new_members[-1] == 13  # the Guiyang council meeting, 2023-11-18/19: 13 new members


def test_figures_on_the_small_alliance(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    assert page_errors(app) == []
    roles = chart(app, "governance.roles.title", grain="year")
    assert trace_values(roles, "Chair") == {"2020": 1, "2021": 1, "2022": 1}
    assert trace_values(roles, "Vice chair") == {"2020": 0, "2021": 1, "2022": 1}
    holders = app.dataframe[0].value
    assert list(holders["Member"]) == ["Academy One", "Belgrade Three"]
    assert list(holders["Since"]) == ["19 September 2020", "23 September 2021"]
    meetings = chart(app, "governance.meetings.title")
    # Joined on the meeting's day: E2 (2021-09-23) M3 and M4; E3 (2022-09-24) M5. The founders M1, M2
    # joined at the founding forum, at no council meeting.
    assert trace_values(meetings, "New members") == {"23 September 2021": 2, "24 September 2022": 1}


def test_a_member_type_filter_changes_the_numbers(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    app.multiselect(key="filter_member_types").set_value(["economic"]).run()
    meetings = chart(app, "governance.meetings.title")
    # Economic members: M2 (a founder, at no meeting) and M3 (voted in at E2); none at E3.
    assert trace_values(meetings, "New members") == {"23 September 2021": 1, "24 September 2022": 0}
    assert list(app.dataframe[0].value["Member"]) == ["Belgrade Three"]


def test_a_clicked_period_shows_who_held_the_roles_then(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    app.session_state["selection.governance"] = {"roles": {"period": ("2020-01-01", "2020-12-31")}}
    app.run()
    assert page_errors(app) == []
    assert translate("governance.holders.title", "en", day="31 December 2020") in [
        s.value for s in app.subheader
    ]
    assert list(app.dataframe[0].value["Member"]) == ["Academy One"]
    # No council meeting by the end of 2020; the roles chart itself still shows every year.
    assert translate("governance.meetings.none", "en") in [info.value for info in app.info]
    roles = chart(app, "governance.roles.title", grain="year")
    assert list(trace_values(roles, "Chair")) == ["2020", "2021", "2022"]
