"""The overview page on the demo alliance and on tiny hand-made databases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.store.database import AllianceDatabase
from tests.app.apptest_pages import open_page, page_errors
from tests.datasets import add_event, add_member, add_participation


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_highlights_name_the_public_record_figures(demo_app: Path) -> None:
    # FACTS.md: 72 members from 12 countries on 2023-11-19; 59 a year earlier (2022-11-19, after the
    # 2022-09-24 council meeting nobody joined until Guiyang): 72 - 59 = 13 more, 13 / 59 = +22.0%.
    app = open_page("app_pages/overview.py", query={"as_of": "2023-11-19"})
    assert page_errors(app) == []
    text = " ".join(item.value for item in app.markdown)
    assert (
        "As of 19 November 2023, the Alliance has 72 member think tanks from 12 countries, "
        "13 more than a year ago (+22%)." in text
    )
    values = metric_values(app)
    assert values["Members"] == "72"
    assert values["Countries"] == "12"
    assert values["New members in 2023"] == "13"  # the 13 voted in at Guiyang, 2023-11-18/19


def test_highlights_in_chinese(demo_app: Path) -> None:
    # 31 December 2024: 95 members from 16 countries; a year earlier 72: +23, 23 / 72 = +31.9% -> +32%.
    app = open_page("app_pages/overview.py", language="zh", query={"as_of": "2024-12-31"})
    text = " ".join(item.value for item in app.markdown)
    assert "截至2024年12月31日，联盟共有成员智库95家，来自16个国家，比一年前增加23家（+32%）。" in text
    assert metric_values(app)["成员"] == "95"


def two_countries(database: AllianceDatabase) -> None:
    # 3 Chinese members, 2 American (one of them left before the as-of day), 1 Serbian joining late.
    add_member(database, "c1", "CHN", "2022-01-10")
    add_member(database, "c2", "CHN", "2022-03-01")
    add_member(database, "c3", "CHN", "2023-02-01", member_type="economic")
    add_member(database, "u1", "USA", "2022-05-05")
    add_member(database, "u2", "USA", "2022-06-01", left_on="2023-01-15")
    add_member(database, "s1", "SRB", "2023-07-01")
    add_event(database, "e1", "2023-03-10")
    add_participation(database, "e1", "c1")
    add_participation(database, "e1", "u1")


def test_changing_a_filter_changes_the_numbers(tiny_app: Callable[..., Path]) -> None:
    tiny_app(two_countries)
    app = open_page("app_pages/overview.py", query={"as_of": "2023-06-30"})
    # Active on 2023-06-30: c1 c2 c3 u1 (u2 left, s1 not yet) = 4, in 2 countries; a year earlier
    # (2022-06-30): c1 c2 u1 u2 = 4. Joined in 2023 to 30 June: c3 = 1.
    values = metric_values(app)
    assert (values["Members"], values["Countries"], values["New members in 2023"]) == ("4", "2", "1")
    # Engagement: 2 of the 4 active members (c1, u1) took part in the 2023 event = 50%.
    assert values["Engagement 2023"] == "50%"

    app.multiselect(key="filter_countries").set_value(["USA"]).run()
    values = metric_values(app)
    # USA only: u1 active (u2 left 2023-01-15); one country; nobody joined in 2023; u1 took part: 100%.
    assert (values["Members"], values["Countries"], values["New members in 2023"]) == ("1", "1", "0")
    assert values["Engagement 2023"] == "100%"

    app.multiselect(key="filter_countries").set_value([]).run()
    app.multiselect(key="filter_member_types").set_value(["economic"]).run()
    assert metric_values(app)["Members"] == "1"  # c3 is the only economic think tank


def test_an_empty_database_says_what_to_do(tiny_app: Callable[..., Path]) -> None:
    tiny_app(lambda database: None)
    app = open_page("app_pages/overview.py")
    assert page_errors(app) == []
    assert any(item.value.startswith("No members match these filters") for item in app.info)


def test_clicking_a_country_on_the_overview_map_narrows_the_cards(tiny_app: Callable[..., Path]) -> None:
    tiny_app(two_countries)
    app = open_page("app_pages/overview.py", query={"as_of": "2023-06-30"})
    app.session_state["overview.map.0"] = {
        "selection": {
            "points": [{"customdata": ["countries", "CHN"]}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    app.run()
    assert page_errors(app) == []
    # China only on 2023-06-30: c1 c2 c3 = 3 members, 1 country; c3 joined in 2023.
    values = metric_values(app)
    assert (values["Members"], values["Countries"], values["New members in 2023"]) == ("3", "1", "1")
    assert "the Alliance has 3 member think tanks from one country," in " ".join(
        item.value for item in app.markdown
    )
    app.button(key="overview.clear_selection").click().run()
    assert metric_values(app)["Members"] == "4"
