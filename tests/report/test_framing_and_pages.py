"""The words around an exported figure, and the text layout of the report's pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.filters import Filters
from analysis.rendering.chart_files import file_name, localized_columns
from analysis.rendering.framing import caption_for, describe_filters, framed_figure
from analysis.rendering.pages import display_width, wrapped_lines
from analysis.report.catalogue import figures_for, report_filters

AS_OF = dt.date(2023, 11, 19)


def test_subtitle_names_the_as_of_day_and_every_filter() -> None:
    assert describe_filters(Filters(as_of=AS_OF), "en") == (
        "As of 19 November 2023 · all countries · all regions · all member types"
    )
    narrowed = Filters(as_of=AS_OF, countries=("CHN", "DEU"), member_types=("economic",), formats=("online",))
    assert describe_filters(narrowed, "en") == (
        "As of 19 November 2023 · countries: China, Germany · all regions · member types: Economic · formats: Online"
    )
    assert (
        describe_filters(Filters(as_of=AS_OF), "zh") == "截至2023年11月19日；全部国家；全部地区；全部成员类型"
    )


def test_framed_figure_carries_title_subtitle_and_source_without_touching_the_original() -> None:
    original = go.Figure(go.Bar(x=["a"], y=[1]))
    caption = caption_for("Members by type", Filters(as_of=AS_OF), "en")
    framed = framed_figure(original, caption)
    assert framed.layout.title.text == "Members by type"
    assert framed.layout.title.subtitle.text.startswith("As of 19 November 2023")
    assert framed.layout.annotations[-1].text == (
        "Source: ZGC Global High-level Think Tank Alliance member and event records; as of 19 November 2023."
    )
    assert original.layout.title.text is None and not original.layout.annotations


def test_wrapping_counts_chinese_characters_double() -> None:
    assert display_width("ab中文") == 6  # 1 + 1 + 2 + 2
    assert wrapped_lines("one two three four", 9) == ["one two", "three", "four"]
    assert wrapped_lines("成员数量变化", 4) == ["成员", "数量", "变化"]  # two characters fill four half-ems
    assert wrapped_lines("增加13家。今年", 8) == ["增加13家。", "今年"]  # "。" never opens a line
    assert wrapped_lines("增加13家（+22%）", 10) == ["增加13家", "（+22%）"]  # "（" never closes one


def test_report_is_taken_on_the_last_day_of_the_year() -> None:
    filters = report_filters(2023, Filters(as_of=AS_OF, countries=("CHN",)))
    assert filters.as_of == dt.date(2023, 12, 31)
    assert filters.countries == ("CHN",) and filters.start is None


def test_sections_choose_figures() -> None:
    keys = [figure.key for figure in figures_for(("geography",))]
    assert keys == ["members_map", "countries_over_time", "country_first_join"]
    assert len(figures_for(("membership", "geography", "events", "governance", "plan"))) >= 12


def test_download_names_and_translated_headers() -> None:
    assert file_name("Members by type / 2023", "png") == "Members_by_type_2023.png"
    assert file_name("成员数量变化", "csv") == "成员数量变化.csv"
    frame = pd.DataFrame({"period_start": [AS_OF], "members_end": [72], "unknown_column": [1]})
    assert list(localized_columns(frame, "zh").columns) == ["期初日期", "期末成员数", "unknown_column"]


def test_table_pages_stop_at_the_limit_and_say_how_many_rows_are_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from analysis.rendering import table_pdf

    rows = pd.DataFrame({"n": list(range(60))})
    caption = caption_for("List", Filters(as_of=AS_OF), "en")
    assert len(table_pdf.table_pages(rows, caption, "en")) == 3  # ceil(60 / 25)
    monkeypatch.setattr(table_pdf, "MAX_PAGES", 1)
    pages = table_pdf.table_pages(rows, caption, "en")
    assert len(pages) == 1
    assert "page 1 of 3 · 35 more rows in the CSV and XLSX" in pages[0].layout.annotations[0].text  # 60 - 25
