"""What every chart page starts from: the filter bar's language, filters and grain, the page's
click-to-filter selection, its heading, and one way to show its charts.

    page = DashboardPage("events", selectable_charts=["by_type", "by_format"])
    page.heading()
    by_type = compute(events_by_period, page.filters_for("by_type"), page.grain)
    page.chart("by_type", events_by_period_figure(by_type, "event_type", page.grain, page.language), by_type)
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.filters import Filters
from analysis.i18n import translate
from app_ui.state.filter_bar import current_filters, current_grain, current_language
from app_ui.state.selection import PageSelection
from app_ui.widgets.chart import show_chart


class DashboardPage:
    """One page's view of the filter bar and of its clicks; `selectable_charts` narrow the page's other charts."""

    def __init__(self, name: str, selectable_charts: Sequence[str] = ()) -> None:
        self.name = name
        self.language = current_language()
        self.filters = current_filters()
        self.grain = current_grain()
        self.selection = PageSelection(name)
        self.selectable_charts = tuple(selectable_charts)
        self.selection.remember_clicks(self.selectable_charts)

    def heading(self) -> None:
        """The page's title and intro (`<name>.page_title`, `<name>.page_intro`), then the selection line."""
        st.title(translate(f"{self.name}.page_title", self.language))
        st.caption(translate(f"{self.name}.page_intro", self.language))
        self.selection.show_clear_control(self.language)

    def filters_for(self, chart: str | None) -> Filters:
        """The filters narrowed by the clicks in every chart but `chart` (in all of them when None)."""
        return self.selection.filters_for(self.filters, chart)

    def chart(self, chart: str, figure: go.Figure, data: pd.DataFrame) -> None:
        """`figure` (titled in its layout) with its downloads of `data`; a selectable chart's clicks narrow
        the others, so its key changes with "clear selection"."""
        selectable = chart in self.selectable_charts
        key = self.selection.chart_key(chart) if selectable else f"{self.name}.{chart}"
        show_chart(figure, data, key=key, title=figure.layout.title.text, selectable=selectable)
