"""The governance page: chair and vice-chair units over time and who they are, new members per council meeting.

Clicking a period's bar shows who held the roles at that period's end and the meetings up to it
(pages/ui/selection.py).
"""

import streamlit as st

from analysis.figures import governance as figures
from analysis.i18n import format_date, translate
from analysis.metrics import new_members_per_council_meeting, role_holders_on, role_holders_over_time
from pages.ui.cache import compute
from pages.ui.chart import show_chart
from pages.ui.filter_bar import current_filters, current_grain, current_language
from pages.ui.selection import PageSelection
from pages.ui.table import show_table

language = current_language()
filters = current_filters()
grain = current_grain()
selection = PageSelection("governance")
selection.remember_clicks(["roles"])

st.title(translate("governance.page_title", language))
st.caption(translate("governance.page_intro", language))
selection.show_clear_control(language)

holders_over_time = compute(role_holders_over_time, selection.filters_for(filters, "roles"), grain)
roles_figure = figures.role_holders_figure(holders_over_time, grain, language)
show_chart(
    roles_figure,
    holders_over_time,
    key=selection.chart_key("roles"),
    title=roles_figure.layout.title.text,
    selectable=True,
)

narrowed = selection.filters_for(filters, None)
holders_title = translate("governance.holders.title", language, day=format_date(narrowed.as_of, language))
st.subheader(holders_title)
holders = compute(role_holders_on, narrowed)
if holders.empty:
    st.info(translate("governance.holders.none", language))
else:
    show_table(figures.role_holders_table(holders, language), key="governance.holders", title=holders_title)

meetings = compute(new_members_per_council_meeting, narrowed)
if meetings.empty:
    st.info(translate("governance.meetings.none", language))
else:
    meetings_figure = figures.new_members_per_meeting_figure(meetings, language)
    show_chart(meetings_figure, meetings, key="governance.meetings", title=meetings_figure.layout.title.text)
