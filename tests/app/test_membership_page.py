"""The membership page in the app: numbers follow the filters, search narrows the list, a click narrows
the other charts. Expected figures are worked out by hand from tests/datasets.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.i18n import Language, translate
from tests.app.apptest_pages import open_page, page_errors, untranslated_texts
from tests.app.page_charts import caption_texts, chart, trace_names, trace_values
from tests.datasets import FIVE_MEMBER_AS_OF

PAGE = "app_pages/membership.py"
YEARLY = {"as_of": FIVE_MEMBER_AS_OF, "grain": "year"}


def count_caption(shown: int, total: int, language: Language = "en") -> str:
    return translate("membership.list.count", language, shown=shown, total=total)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_renders_translated_in_both_languages(demo_app: Path, language: Language) -> None:
    app = open_page(PAGE, language=language, query={"grain": "quarter"})
    assert page_errors(app) == []
    assert untranslated_texts(app, language) == []
    growth = chart(
        app, "membership.growth.title", language, grain=translate("common.grain_name.quarter", language)
    )
    assert trace_names(growth) == [
        translate(f"membership.growth.{name}", language) for name in ("joined", "left", "net", "cumulative")
    ]
    # The demo alliance reproduces the record: 95 members at the end of 2024 (Q4 2024 on the line).
    cumulative = trace_values(growth, translate("membership.growth.cumulative", language))
    quarter_label = translate("common.period.quarter", language, year=2024, quarter=4)
    assert cumulative[quarter_label] == 95
    assert app.dataframe[0].value.columns[0] == translate("membership.list.name", language)


def test_growth_and_list_on_the_small_alliance(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    assert page_errors(app) == []
    growth = chart(app, "membership.growth.title", grain="year")
    # 2020: M1, M2 join; 2021: M3, M4 join; 2022: M5 joins, M4 leaves (shown as -1).
    assert trace_values(growth, "Joined") == {"2020": 2, "2021": 2, "2022": 1}
    assert trace_values(growth, "Left") == {"2020": 0, "2021": 0, "2022": -1}
    assert trace_values(growth, "Members at period end") == {"2020": 2, "2021": 4, "2022": 4}
    assert count_caption(5, 5) in caption_texts(app)
    table = app.dataframe[0].value
    assert list(table["Member"]) == [
        "Academy One",
        "Economy Two",
        "Belgrade Three",
        "Berlin Four",
        "Tokyo Five",
    ]
    # M1 took part in E1, E2 and E3; M4 in E2 only; M5 in E3 only.
    assert dict(zip(table["Member"], table["Events attended"], strict=True))["Academy One"] == 3
    assert list(table["Roles"]) == ["Chair", "", "Vice chair", "", ""]
    assert list(table["Left"]) == ["", "", "", "2022-06-01", ""]


def test_a_member_type_filter_changes_the_numbers(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    app.multiselect(key="filter_member_types").set_value(["economic"]).run()
    assert page_errors(app) == []
    # Economic members: M2 (2020) and M3 (2021), neither left.
    growth = chart(app, "membership.growth.title", grain="year")
    assert trace_values(growth, "Joined") == {"2020": 1, "2021": 1, "2022": 0}
    assert trace_values(growth, "Members at period end") == {"2020": 1, "2021": 2, "2022": 2}
    assert count_caption(2, 2) in caption_texts(app)


@pytest.mark.parametrize(
    ("language", "search", "expected"),
    [
        ("en", "serb", ["Belgrade Three"]),  # the country name
        ("en", "ECONOMIC", ["Economy Two", "Belgrade Three"]),  # the type, any case
        ("zh", "塞尔维亚", ["贝尔格莱德三号"]),  # the Chinese country name, Chinese member name shown
        ("zh", "Berlin", ["Berlin Four"]),  # no Chinese name: the English one is shown and found
        # A role in the other language: 理事长单位 (chair) is also inside 副理事长单位 (vice chair).
        ("en", "理事长", ["Academy One", "Belgrade Three"]),
        ("en", "vice", ["Belgrade Three"]),
    ],
)
def test_search_narrows_the_member_list(
    five_member_app: Path, language: Language, search: str, expected: list[str]
) -> None:
    app = open_page(PAGE, language=language, query=YEARLY)
    app.text_input(key="membership.search").input(search).run()
    table = app.dataframe[0].value
    assert list(table[translate("membership.list.name", language)]) == expected
    assert count_caption(len(expected), 5, language) in caption_texts(app)


def test_a_clicked_member_type_narrows_the_other_charts_and_can_be_cleared(five_member_app: Path) -> None:
    app = open_page(PAGE, query=YEARLY)
    # What a click on an "Economic" bar of the member-type chart leaves behind (app_ui/state/selection.py).
    app.session_state["selection.membership"] = {"mix": {"member_types": ("economic",)}}
    app.run()
    assert page_errors(app) == []
    regions = chart(app, "membership.region.title", grain="year")
    # Economic members by region at each year end: M2 Americas from 2020, M3 Europe from 2021.
    assert trace_values(regions, "Americas") == {"2020": 1, "2021": 1, "2022": 1}
    assert trace_values(regions, "Europe") == {"2020": 0, "2021": 1, "2022": 1}
    assert "Asia" not in trace_names(regions)
    assert count_caption(2, 2) in caption_texts(app)
    # The clicked chart itself keeps every type, so the reader can pick another.
    mix = chart(app, "membership.mix.title", grain="year")
    assert trace_values(mix, "Science & technology") == {"2020": 1, "2021": 1, "2022": 1}
    assert [info.value for info in app.info] == [
        translate("common.selection.narrowed", "en", what="Economic")
    ]

    app.button(key="membership.clear_selection").click().run()
    assert count_caption(5, 5) in caption_texts(app)
    assert [info.value for info in app.info] == []
