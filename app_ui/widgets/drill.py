"""Drill: under a clickable chart, the members or events behind what was clicked, listed and downloadable
(CSV, XLSX and PDF through the table's download menu). The list follows the page's remembered click
(app_ui/state/selection.py), so it stays through reruns and language changes, and goes with "clear selection".
"""

from __future__ import annotations

import streamlit as st

from analysis.figures.drill import describe_specs, event_table
from analysis.figures.membership import member_table
from analysis.filters import Filters
from analysis.i18n import translate
from analysis.page_data.drill import Kind, drill_specs, drilled_events, drilled_members
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import compute
from app_ui.widgets.table import show_table


def show_drill(page: DashboardPage, chart: str, filters: Filters, kind: Kind = "members") -> None:
    """The rows behind `chart`'s last click under `filters` (the page's, narrowed); nothing without a click."""
    points = page.selection.points_by_chart.get(chart)
    if not points or chart not in page.selection.by_chart:
        return
    specs = drill_specs(points, kind)
    if not specs:
        return
    language = page.language
    what = describe_specs(specs, filters.as_of, language)
    if kind == "members":
        rows = compute(drilled_members, filters, specs)
        table = member_table(rows, language)
        title = translate("ontrack.drill.members_title", language, what=what)
        count = translate("ontrack.drill.count_members", language, count=len(table))
    else:
        rows = compute(drilled_events, filters, specs)
        table = event_table(rows, language)
        title = translate("ontrack.drill.events_title", language, what=what)
        count = translate("ontrack.drill.count_events", language, count=len(table))
    st.markdown(f"**{title}** · {count}")
    if table.empty:
        st.info(translate("ontrack.drill.none", language))
        return
    show_table(table, key=f"{page.name}.{chart}.drill", title=title)
