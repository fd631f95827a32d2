"""The governance page: chair and vice-chair units over time and who they are, new members per council meeting.

Clicking a period's bar shows who held the roles at that period's end and the meetings up to it
(app_ui/state/selection.py).
"""

import streamlit as st

from analysis import metrics
from analysis.figures import governance as figures
from analysis.i18n import format_date, translate
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.widgets.partial import marked_partial
from app_ui.widgets.table import show_table

page = DashboardPage("governance", selectable_charts=["roles"])
language, grain = page.language, page.grain
page.heading()

holders_over_time = compute(metrics.role_holders_over_time, page.filters_for("roles"), grain)
page.chart(
    "roles",
    marked_partial(  # the last, incomplete period drawn lighter and labelled "to 28 Mar"
        figures.role_holders_figure, holders_over_time, grain, language, holders_over_time, grain, language
    ),
    holders_over_time,
)

narrowed = page.filters_for(None)
holders_title = translate("governance.holders.title", language, day=format_date(narrowed.as_of, language))
st.subheader(holders_title)
holders = compute(metrics.role_holders_on, narrowed)
if holders.empty:
    st.info(translate("governance.holders.none", language))
else:
    show_table(figures.role_holders_table(holders, language), key="governance.holders", title=holders_title)

meetings = compute(metrics.new_members_per_council_meeting, narrowed)
if meetings.empty:
    st.info(translate("governance.meetings.none", language))
else:
    page.chart(
        "meetings", cached_figure(figures.new_members_per_meeting_figure, meetings, language), meetings
    )
