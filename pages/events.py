"""The events page: timeline, events per period by type and by format, attendance, engagement, the most
engaged members, and one chosen event with its participants.

Clicking an event type, a format or a period's attendance bar narrows the other charts (pages/ui/selection.py).
"""

import streamlit as st

from analysis.figures import events as figures
from analysis.i18n import translate
from analysis.metrics import (
    engagement_over_time,
    event_list,
    event_participants,
    events_by_period,
    most_active_members,
)
from pages.ui.cache import compute
from pages.ui.chart import show_chart
from pages.ui.filter_bar import current_filters, current_grain, current_language
from pages.ui.selection import PageSelection
from pages.ui.table import show_table

language = current_language()
filters = current_filters()
grain = current_grain()
selection = PageSelection("events")
selection.remember_clicks(["by_type", "by_format", "attendance"])

st.title(translate("events.page_title", language))
st.caption(translate("events.page_intro", language))
selection.show_clear_control(language)

narrowed = selection.filters_for(filters, None)
events = compute(event_list, narrowed)
timeline_figure = figures.event_timeline_figure(events, language)
show_chart(timeline_figure, events, key="events.timeline", title=timeline_figure.layout.title.text)

type_column, format_column = st.columns(2)
with type_column:
    by_type = compute(events_by_period, selection.filters_for(filters, "by_type"), grain)
    type_figure = figures.events_by_period_figure(by_type, "event_type", grain, language)
    show_chart(
        type_figure,
        by_type,
        key=selection.chart_key("by_type"),
        title=type_figure.layout.title.text,
        selectable=True,
    )
with format_column:
    by_format = compute(events_by_period, selection.filters_for(filters, "by_format"), grain)
    format_figure = figures.events_by_period_figure(by_format, "format", grain, language)
    show_chart(
        format_figure,
        by_format,
        key=selection.chart_key("by_format"),
        title=format_figure.layout.title.text,
        selectable=True,
    )

attendance_column, engagement_column = st.columns(2)
with attendance_column:
    per_period = compute(events_by_period, selection.filters_for(filters, "attendance"), grain)
    attendance_figure = figures.attendance_figure(per_period, grain, language)
    show_chart(
        attendance_figure,
        figures.attendance_totals(per_period),
        key=selection.chart_key("attendance"),
        title=attendance_figure.layout.title.text,
        selectable=True,
    )
with engagement_column:
    engagement = compute(engagement_over_time, narrowed, grain)
    engagement_figure = figures.engagement_figure(engagement, grain, language)
    show_chart(
        engagement_figure, engagement, key="events.engagement", title=engagement_figure.layout.title.text
    )
    st.caption(translate("events.engagement.caption", language))

most_active = compute(most_active_members, narrowed)
most_active_figure = figures.most_active_members_figure(most_active, language)
show_chart(
    most_active_figure, most_active, key="events.most_active", title=most_active_figure.layout.title.text
)

st.subheader(translate("events.detail.title", language))
if events.empty:
    st.info(translate("events.empty", language))
else:
    options = figures.event_option_labels(events, language)
    chosen = st.selectbox(
        translate("events.detail.choose", language),
        list(options),
        format_func=options.__getitem__,
        key="events.chosen",
    )
    details = figures.event_details(events, chosen, language)
    for row_start in range(0, len(details), 4):
        for column, (label, value) in zip(st.columns(4), details[row_start : row_start + 4], strict=False):
            column.markdown(f"**{label}**  \n{value}")
    participants = compute(event_participants, chosen)
    st.markdown(f"**{translate('events.detail.participants', language)}**")
    if participants.empty:
        st.info(translate("events.detail.no_participants", language))
    else:
        show_table(
            figures.participants_table(participants, language),
            key="events.participants",
            title=translate("events.detail.participants", language),
        )
