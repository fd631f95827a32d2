"""Click to filter: a bar (or map country) clicked in one chart narrows the other charts on its page.

The convention every figure builder follows: each selectable point carries `customdata` whose first
items name what it stands for, `[field, value]` with field one of SELECTABLE_FIELDS
(e.g. `["member_types", "economic"]`, `["countries", "CHN"]`), or `["period", start_iso, end_iso]`.
So this helper needs no knowledge of any particular chart.

A page keeps what was clicked in its own session entry (chart -> narrowing), because Streamlit forgets a
chart's selection whenever the chart's figure changes (which is what narrowing does to the other
charts). `PageSelection.filters_for(chart)` gives the filters narrowed by every OTHER chart's click, so
the clicked chart keeps showing all its bars. `show_clear_control()` is the visible way back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from analysis.filters import Filters
from analysis.i18n import Language, country_name, format_date, translate

SELECTABLE_FIELDS = ("countries", "regions", "member_types", "event_types", "formats", "period")
Narrowing = dict[str, tuple[str, ...]]

_LABEL_KEYS = {
    "regions": "common.region.{}",
    "member_types": "common.member_type.{}",
    "event_types": "common.event_type.{}",
    "formats": "common.format.{}",
}


def narrowing_from_points(points: Iterable[Mapping[str, Any]]) -> Narrowing:
    """What the selected points stand for, field -> values (a period as (start_iso, end_iso)).

    Points without the `[field, value]` customdata convention are ignored. When several periods are
    selected, the narrowing spans from the earliest start to the latest end.
    """
    values: dict[str, list[str]] = {}
    for point in points:
        custom = point.get("customdata")
        if not isinstance(custom, list | tuple) or len(custom) < 2 or custom[0] not in SELECTABLE_FIELDS:
            continue
        field = str(custom[0])
        if field == "period":
            if len(custom) < 3:
                continue
            values.setdefault("period", []).extend([str(custom[1]), str(custom[2])])
        elif str(custom[1]) not in values.setdefault(field, []):
            values[field].append(str(custom[1]))
    narrowing: Narrowing = {field: tuple(found) for field, found in values.items() if field != "period"}
    if "period" in values:
        days = sorted(values["period"])
        narrowing["period"] = (days[0], days[-1])
    return narrowing


def narrow_filters(filters: Filters, narrowing: Mapping[str, tuple[str, ...]]) -> Filters:
    """`filters` narrowed to the selection: list filters replaced by the selected values; a period
    becomes the date range (and the as-of day moves back to the period's end when that is earlier)."""
    changes: dict[str, Any] = {
        field: tuple(values) for field, values in narrowing.items() if field != "period" and values
    }
    if narrowing.get("period"):
        start, end = (dt.date.fromisoformat(day) for day in narrowing["period"])
        changes.update(start=start, end=end, as_of=min(filters.as_of, end))
    return replace(filters, **changes) if changes else filters


def describe_narrowing(narrowing: Mapping[str, tuple[str, ...]], language: Language) -> str:
    """The selection in words for the "narrowed by" line: "Economic, Europe" / "经济智库、欧洲"."""
    parts: list[str] = []
    for field in SELECTABLE_FIELDS:
        values = narrowing.get(field, ())
        if not values:
            continue
        if field == "period":
            start, end = (dt.date.fromisoformat(day) for day in values)
            parts.append(f"{format_date(start, language)} – {format_date(end, language)}")
        elif field == "countries":
            parts.extend(country_name(code, language) for code in values)
        else:
            parts.extend(translate(_LABEL_KEYS[field].format(code), language) for code in values)
    return ("、" if language == "zh" else ", ").join(parts)


class PageSelection:
    """The click-to-filter state of one page: which chart narrowed what, and the charts' widget keys."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._state_key = f"selection.{page}"
        self._generation_key = f"selection.{page}.generation"
        self._points_key = f"selection.{page}.points"
        st.session_state.setdefault(self._state_key, {})
        st.session_state.setdefault(self._generation_key, 0)
        st.session_state.setdefault(self._points_key, {})

    @property
    def points_by_chart(self) -> dict[str, list[dict[str, Any]]]:
        """chart name -> the points of its latest click ({"customdata": [...], "y": ...}): what the drill
        list (app_ui/widgets/drill.py) reads. Codes and days only, so it holds in every language."""
        points: dict[str, list[dict[str, Any]]] = st.session_state[self._points_key]
        return points

    @property
    def by_chart(self) -> dict[str, Narrowing]:
        """chart name -> what a click in it selected."""
        by_chart: dict[str, Narrowing] = st.session_state[self._state_key]
        return by_chart

    def chart_key(self, chart: str) -> str:
        """The widget key for `chart`; a new one after "clear selection", so the charts forget their clicks."""
        return f"{self.page}.{chart}.{st.session_state[self._generation_key]}"

    def remember_clicks(self, charts: Iterable[str]) -> None:
        """Copy each chart's latest click into the page state (call once at the top of the page).

        An empty selection does not erase a remembered one: Streamlit empties a chart's selection
        whenever its figure changes, which is what narrowing does; "clear selection" is the way back.
        """
        for chart in charts:
            event = st.session_state.get(self.chart_key(chart))
            if not event:
                continue
            selection = event.get("selection") or {}
            points = selection.get("points") or []
            narrowing = narrowing_from_points(points)
            if narrowing:
                self.by_chart[chart] = narrowing
                self.points_by_chart[chart] = [
                    {"customdata": point.get("customdata"), "y": point.get("y")} for point in points
                ]

    def narrowing_except(self, chart: str | None) -> Narrowing:
        """Every chart's narrowing but `chart`'s, merged (a later click on the same field wins)."""
        merged: Narrowing = {}
        for name, narrowing in self.by_chart.items():
            if name != chart:
                merged.update(narrowing)
        return merged

    def filters_for(self, filters: Filters, chart: str | None) -> Filters:
        """The filters for `chart`: narrowed by the clicks in the other charts (all of them when None)."""
        return narrow_filters(filters, self.narrowing_except(chart))

    def clear(self) -> None:
        st.session_state[self._state_key] = {}
        st.session_state[self._points_key] = {}
        st.session_state[self._generation_key] += 1

    def show_clear_control(self, language: Language) -> None:
        """The hint when nothing is selected; else what narrows the page and a "clear selection" button."""
        narrowing = self.narrowing_except(None)
        if not narrowing:
            st.caption(translate("common.selection.hint", language))
            return
        text_column, button_column = st.columns([4, 1])
        text_column.info(
            translate("common.selection.narrowed", language, what=describe_narrowing(narrowing, language))
        )
        button_column.button(
            translate("common.selection.clear", language),
            key=f"{self.page}.clear_selection",
            on_click=self.clear,
            icon=":material/filter_alt_off:",
        )
