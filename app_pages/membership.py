"""The membership page: growth per period, members by type and by region, cohort retention, the member list.

Clicking a period, a member type or a region narrows the other charts and the list (app_ui/state/selection.py).
"""

import streamlit as st

from analysis import metrics
from analysis.figures import membership as figures
from analysis.i18n import translate
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.widgets.table import show_table

page = DashboardPage("membership", selectable_charts=["growth", "mix", "region"])
language, grain = page.language, page.grain
page.heading()

growth = compute(metrics.members_over_time, page.filters_for("growth"), grain)
page.chart("growth", cached_figure(figures.membership_growth_figure, growth, grain, language), growth)

mix_column, region_column = st.columns(2)
with mix_column:
    mix = compute(metrics.member_mix_over_time, page.filters_for("mix"), grain)
    page.chart("mix", cached_figure(figures.member_mix_figure, mix, grain, language), mix)
with region_column:
    regions = compute(metrics.members_by_region_over_time, page.filters_for("region"), grain)
    page.chart("region", cached_figure(figures.members_by_region_figure, regions, grain, language), regions)

narrowed = page.filters_for(None)
cohorts = compute(metrics.cohort_retention, narrowed)
page.chart("cohorts", cached_figure(figures.cohort_retention_figure, cohorts, language), cohorts)

st.subheader(translate("membership.list.title", language))
members = compute(metrics.member_list, narrowed)
search = st.text_input(
    translate("membership.list.search", language),
    key="membership.search",
    placeholder=translate("membership.list.search_placeholder", language),
)
table = figures.member_table(members, language, search)
st.caption(translate("membership.list.count", language, shown=len(table), total=len(members)))
if members.empty:
    st.info(translate("membership.empty", language))
else:
    show_table(table, key="membership.list", title=translate("membership.list.title", language))
