"""The overview's "On track?" on the demo alliance and after a 2025 import through the real importer,
in both languages; the full-year view of a finished year; a year without targets; the year picker
across a change of language."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.importer import import_contents
from analysis.store.database import open_database
from tests.app.apptest_pages import open_page, page_errors, signed_in_app
from tests.app.held_labels import HeldLabels
from tests.app.test_language_switch import check_switch_keeps_view, small_app  # noqa: F401


def cards(app: AppTest) -> dict[str, tuple[str, str, str]]:
    """label -> (value, delta, note): a target card's note is the caption under it; a headline card's is
    what its change is against, from its help ("Here compared with 1 Jan–28 Mar 2024.")."""
    shown: dict[str, tuple[str, str, str]] = {}
    for column in app.columns:
        for metric in column.metric:
            captions = [str(caption.value) for caption in column.caption]
            note = captions[0] if captions else ""
            for marker in ("Here compared with ", "此处对比"):
                if marker in metric.proto.help:
                    note = metric.proto.help.split(marker)[1].rstrip(".。")
            shown[metric.label] = (metric.value, metric.delta, note)
    return shown


def texts(app: AppTest) -> str:
    return " ".join(
        [item.value for item in app.markdown]
        + [item.value for item in app.caption]
        + [item.value for item in app.subheader]
        + [item.value for item in app.info]
    )


def test_the_demo_opens_on_track_for_2025(demo_app: Path) -> None:
    app = open_page("app_pages/overview.py")
    assert page_errors(app) == []
    shown = cards(app)
    # 28 Mar 2025, the last data day. Targets 2025 (targets.csv): 110 members, 18 countries, 12 events,
    # 80 engaged. 95 / 110 = 86%; 16 / 18 = 89%, 2 to go; 1 / 12 = 8%, expected by now 12 x 87/365 =
    # 2.86 -> 3, behind; 40 / 80 = 50%, expected 80 x 87/365 = 19.07 -> 19, on track.
    assert shown["Members · target 110"][:2] == ("95", "86% of target · on track")
    assert shown["Members · target 110"][2] == (
        "about 112 by 31 Dec (range 95–116); target expected on 23 November 2025"
    )
    assert shown["Countries · target 18"][:2] == ("16", "89% of target · 2 to go")
    assert shown["Events · target 12"] == ("1", "8% of target · behind", "expected by now: 3")
    assert shown["Engaged members · target 80"] == ("40", "50% of target · on track", "expected by now: 19")
    # The year-to-date cards compare like with like, and say so.
    assert shown["Events in 2025"] == ("1", "-1 (-50%)", "1 Jan–28 Mar 2024")
    assert shown["Members"] == ("95", "+23 (+32%)", "28 March 2024")
    page = texts(app)
    assert "On track for 2025?" in page
    assert "Year to date: 1 Jan–28 Mar 2025 vs 1 Jan–28 Mar 2024." in page
    assert "The target of 110 members would be reached on 23 November 2025." in page


def test_the_demo_in_chinese(demo_app: Path) -> None:
    app = open_page("app_pages/overview.py", language="zh")
    assert page_errors(app) == []
    shown = cards(app)
    assert shown["成员单位 · 目标110"][:2] == ("95", "完成目标的86% · 进度正常")
    assert shown["成员单位 · 目标110"][2] == "预计12月31日约112（区间95–116）；预计2025年11月23日达成目标"
    assert shown["活动 · 目标12"] == ("1", "完成目标的8% · 落后于进度", "按进度应达3")
    page = texts(app)
    assert "2025年目标进度如何？" in page
    assert "年初至今：2025年1月1日–3月28日 对比 2024年1月1日–3月28日。" in page


def test_a_finished_year_in_full(demo_app: Path) -> None:
    app = open_page("app_pages/overview.py")
    assert app.selectbox(key="overview.year").options[:2] == ["2025 to date (to 28 Mar)", "2024 in full"]
    app.selectbox(key="overview.year").set_value(2024).run()
    assert page_errors(app) == []
    assert app.query_params["year"] == ["2024"] or app.query_params["year"] == "2024"
    shown = cards(app)
    # Targets 2024: 90 members (95 on 31 Dec: 106%), 15 countries (16: 107%), 10 events (7: 70%, missed),
    # 70 engaged (87: 124%). The whole of 2024 against the whole of 2023: 23 joined against 13.
    assert shown["Members · target 90"][:2] == ("95", "106% of target · reached")
    assert shown["Members · target 90"][2] == "reached on 20 November 2024"
    assert shown["Events · target 10"][:2] == ("7", "70% of target · missed")
    assert shown["Engaged members · target 70"][:2] == ("87", "124% of target · reached")
    assert shown["New members in 2024"] == ("23", "+10 (+77%)", "2023 in full")
    page = texts(app)
    assert "2024 in full: plan against actual" in page
    assert "Full years: 2024 vs 2023." in page
    assert "As of 31 December 2024" in page
    # A link opens the same view: a new session lands on the overview (the frame's default page).
    linked = signed_in_app()
    linked.query_params.update({"year": "2024"})
    linked.run()
    assert cards(linked)["Members · target 90"][:2] == ("95", "106% of target · reached")
    app.selectbox(key="overview.year").set_value(2025).run()
    assert "year" not in app.query_params


def test_a_year_without_targets_says_how_to_add_them(demo_app: Path) -> None:
    app = open_page("app_pages/overview.py", query={"as_of": "2026-02-01"})
    assert page_errors(app) == []
    assert "No targets for 2026 yet." in texts(app)
    assert "targets import sheet (targets.csv" in texts(app)
    app = open_page("app_pages/overview.py", language="zh", query={"as_of": "2026-02-01"})
    assert "尚无2026年的目标。" in texts(app)


MEMBERS_2025 = """member_id,name_en,name_zh,country,member_type,joined_on
200,New Think Tank A,新智库甲,CHN,economic,2025-06-15
201,New Think Tank B,新智库乙,CHN,comprehensive,2025-06-15
202,New Think Tank C,新智库丙,CHN,industry,2025-06-15
203,New Think Tank D,新智库丁,CHN,economic,2025-06-15
204,Nairobi Policy Institute,内罗毕政策研究所,KEN,comprehensive,2025-09-20
205,Mombasa Institute,蒙巴萨研究所,KEN,economic,2025-09-20
"""
EVENTS_2025 = """event_id,title_en,title_zh,event_type,start_date,end_date,city,city_zh,country,format
EV-2025-10,Summer forum 2025,2025年夏季论坛,forum,2025-06-15,2025-06-15,Beijing,北京,CHN,in_person
EV-2025-11,Online seminar 2025,2025年线上研讨会,seminar,2025-09-20,2025-09-20,,,CHN,online
EV-2025-12,Year-end forum 2025,2025年年终论坛,forum,2025-11-30,2025-11-30,Beijing,北京,CHN,in_person
"""
PARTICIPATION_2025 = """event_id,member_id,role
EV-2025-10,200,participant
EV-2025-11,204,speaker
"""


def test_after_a_2025_import(demo_app: Path) -> None:
    database = open_database(demo_app)
    try:
        report = import_contents(
            database,
            [
                ("members_2025.csv", MEMBERS_2025.encode()),
                ("events_2025.csv", EVENTS_2025.encode()),
                ("participation_2025.csv", PARTICIPATION_2025.encode()),
            ],
        )
        assert not report.problems
    finally:
        database.close()
    app = open_page("app_pages/overview.py")  # opens on the new last data day, 30 Nov 2025
    assert page_errors(app) == []
    shown = cards(app)
    # 95 + 6 = 101 members (92% of 110); 16 + Kenya = 17 countries (94% of 18, 1 to go); events 1 + 3 = 4
    # (33% of 12), expected by now 12 x 334/365 = 10.98 -> 11: behind; engaged 40 + 200 + 204 = 42 (52%
    # of 80), expected 80 x 334/365 = 73.2 -> 73: behind.
    members_label = "Members · target 110"
    assert shown[members_label][:2] == ("101", "92% of target · behind")
    assert shown["Countries · target 18"][:2] == ("17", "94% of target · 1 to go")
    assert shown["Events · target 12"] == ("4", "33% of target · behind", "expected by now: 11")
    assert shown["Engaged members · target 80"] == ("42", "52% of target · behind", "expected by now: 73")
    assert shown[members_label][2].startswith("about 10")
    # 30 Nov closes a month: the window reads "Jan–Nov"; the 23 of 2024 had all joined by 30 Nov 2024.
    assert shown["New members in 2025"] == ("6", "-17 (-74%)", "Jan–Nov 2024")
    page = texts(app)
    assert "Year to date: Jan–Nov 2025 vs Jan–Nov 2024." in page
    app = open_page("app_pages/overview.py", language="zh")
    assert cards(app)["成员单位 · 目标110"][:2] == ("101", "完成目标的92% · 落后于进度")


def test_the_year_picker_holds_its_year_across_languages(small_app: Path) -> None:  # noqa: F811
    app = open_page("app_pages/overview.py", query={"as_of": "2023-06-30"})
    held = HeldLabels(app)
    check_switch_keeps_view(app, held)
    held.choose(app.selectbox(key="overview.year"), 2022)
    assert cards(app)["Members"][0] == "3"  # 31 Dec 2022: c1, c2, j1
    check_switch_keeps_view(app, held)
    assert app.selectbox(key="overview.year").value == 2022
