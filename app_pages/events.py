"""The events page: timeline, events per period by type and by format, attendance, engagement, the most
engaged members, and one chosen event with its participants.

Clicking an event type, a format or a period's attendance bar narrows the other charts (app_ui/state/selection.py)
and lists the events behind the click (app_ui/widgets/drill.py). "Compare with a year earlier" overlays the same
periods a year before on the events-per-period charts. The last, incomplete period is drawn lighter.
"""

import streamlit as st

from analysis import metrics
from analysis.figures import events as figures
from analysis.figures.compare import add_year_earlier_events, year_earlier
from analysis.i18n import translate
from analysis.i18n.labels import markdown_literal
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.widgets.drill import show_drill
from app_ui.widgets.partial import Step, marked_partial
from app_ui.widgets.table import show_table

page = DashboardPage("events", selectable_charts=["by_type", "by_format", "attendance"])
language, grain = page.language, page.grain
page.heading()

narrowed = page.filters_for(None)
events = compute(metrics.event_list, narrowed)
page.chart("timeline", cached_figure(figures.event_timeline_figure, events, language), events)

compare = st.toggle(
    translate("ontrack.compare.toggle", language),
    key="events.compare",
    help=translate("ontrack.compare.help", language),
)


def events_chart(chart: str, split: str) -> None:
    """Events per period split by type or format, with the year-earlier overlay when asked for."""
    chart_filters = page.filters_for(chart)
    per_period = compute(metrics.events_by_period, chart_filters, grain)
    steps: tuple[Step, ...] = ()
    if compare:
        earlier = compute(metrics.events_by_period, year_earlier(chart_filters), grain)
        steps = ((add_year_earlier_events, (per_period, earlier, grain, language)),)
    figure = marked_partial(
        figures.events_by_period_figure,
        per_period,
        grain,
        language,
        per_period,
        split,
        grain,
        language,
        steps=steps,
    )
    page.chart(chart, figure, per_period)


type_column, format_column = st.columns(2)
with type_column:
    events_chart("by_type", "event_type")
with format_column:
    events_chart("by_format", "format")
show_drill(page, "by_type", narrowed, "events")
show_drill(page, "by_format", narrowed, "events")

attendance_column, engagement_column = st.columns(2)
with attendance_column:
    per_period = compute(metrics.events_by_period, page.filters_for("attendance"), grain)
    attendance_figure = marked_partial(
        figures.attendance_figure, per_period, grain, language, per_period, grain, language
    )
    page.chart("attendance", attendance_figure, figures.attendance_totals(per_period))
with engagement_column:
    engagement = compute(metrics.engagement_over_time, narrowed, grain)
    page.chart(
        "engagement",
        marked_partial(figures.engagement_figure, engagement, grain, language, engagement, grain, language),
        engagement,
    )
    st.caption(translate("events.engagement.caption", language))
show_drill(page, "attendance", narrowed, "events")

most_active = compute(metrics.most_active_members, narrowed)
page.chart(
    "most_active", cached_figure(figures.most_active_members_figure, most_active, language), most_active
)

st.subheader(translate("events.detail.title", language))
if events.empty:
    st.info(translate("events.empty", language))
else:
    # Built once per view and shared (read only): 0.36 s a rerun for 50,000 events.
    options = cached_figure(figures.event_option_labels, events, language)
    keep_codes_across_languages("events.chosen", language)
    chosen = st.selectbox(
        translate("events.detail.choose", language),
        list(options),
        format_func=options.__getitem__,
        key="events.chosen",
    )
    details = figures.event_details(events, chosen, language)
    for row_start in range(0, len(details), 4):
        for column, (label, value) in zip(st.columns(4), details[row_start : row_start + 4], strict=False):
            column.markdown(f"**{label}**  \n{markdown_literal(value)}")  # data: shown as typed
    participants = compute(metrics.event_participants, chosen)
    st.markdown(f"**{translate('events.detail.participants', language)}**")
    if participants.empty:
        st.info(translate("events.detail.no_participants", language))
    else:
        show_table(
            figures.participants_table(participants, language),
            key="events.participants",
            title=translate("events.detail.participants", language),
        )
