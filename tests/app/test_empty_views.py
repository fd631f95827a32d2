"""Nothing to show is not an error: each page under filters that match nothing, and on an empty
database, renders without an exception or error box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.i18n import Language, translate
from analysis.store.database import AllianceDatabase
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts
from tests.datasets import FIVE_MEMBER_AS_OF

PAGES = ("app_pages/membership.py", "app_pages/events.py", "app_pages/governance.py")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_filters_matching_nothing(five_member_app: Path, page: str, language: Language) -> None:
    # The small alliance has no enterprise think tank and no hybrid event.
    query = {"as_of": FIVE_MEMBER_AS_OF, "member_types": "enterprise", "formats": "hybrid"}
    app = open_page(page, language=language, query=query)
    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []


def test_the_member_list_says_when_no_member_matches(five_member_app: Path) -> None:
    app = open_page(
        "app_pages/membership.py", query={"as_of": FIVE_MEMBER_AS_OF, "member_types": "enterprise"}
    )
    assert translate("membership.empty", "en") in [info.value for info in app.info]


def test_the_events_page_says_when_no_event_matches(five_member_app: Path) -> None:
    app = open_page("app_pages/events.py", query={"as_of": FIVE_MEMBER_AS_OF, "formats": "hybrid"})
    assert translate("events.empty", "en") in [info.value for info in app.info]


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_database(tiny_app: Callable[[Callable[[AllianceDatabase], None]], Path], page: str) -> None:
    tiny_app(lambda database: None)
    app = open_page(page)
    assert page_errors(app) == []


def test_every_builder_accepts_a_frame_with_no_rows() -> None:
    import pandas as pd

    from analysis.figures import events, governance, membership

    def empty(*columns: str) -> pd.DataFrame:
        return pd.DataFrame(columns=list(columns))

    period = ("period_start", "period_end")
    figures = [
        membership.membership_growth_figure(
            empty(*period, "joined", "left", "net_change", "members_end"), "year", "zh"
        ),
        membership.member_mix_figure(empty(*period, "member_type", "members"), "year", "zh"),
        membership.members_by_region_figure(empty(*period, "region", "members"), "year", "zh"),
        membership.cohort_retention_figure(
            empty("join_year", "year_end", "joined", "still_active", "share_active"), "zh"
        ),
        events.event_timeline_figure(
            empty(
                "title_en", "title_zh", "event_type", "format", "start_date", "city", "country", "attendees"
            ),
            "zh",
        ),
        events.events_by_period_figure(
            empty(*period, "event_type", "format", "events"), "format", "year", "zh"
        ),
        events.attendance_figure(
            empty(*period, "event_type", "format", "events", "attendees", "online_viewers"), "year", "zh"
        ),
        events.engagement_figure(
            empty(*period, "active_members", "engaged_members", "engagement_rate"), "year", "zh"
        ),
        events.most_active_members_figure(
            empty("name_en", "name_zh", "country", "events_attended", "last_event_on"), "zh"
        ),
        governance.role_holders_figure(empty(*period, "role", "holders"), "year", "zh"),
        governance.new_members_per_meeting_figure(
            empty("title_en", "title_zh", "start_date", "new_members"), "zh"
        ),
    ]
    for figure in figures:
        assert figure.layout.title.text  # titled, in Chinese, even with nothing to draw
    member_columns = (
        "name_en",
        "name_zh",
        "country",
        "region",
        "member_type",
        "joined_on",
        "left_on",
        "roles",
    )
    assert len(membership.member_table(empty(*member_columns, "events_attended"), "zh", "x")) == 0
    assert events.participants_table(empty("name_en", "name_zh", "country", "role"), "zh").empty
    assert governance.role_holders_table(
        empty("name_en", "name_zh", "country", "role", "start_date", "end_date"), "zh"
    ).empty
