"""The membership page: growth per period, members by type and by region, cohort retention, the member list.

Clicking a period, a member type or a region narrows the other charts and the list (pages/ui/selection.py).
"""

import streamlit as st

from analysis.figures import membership as figures
from analysis.i18n import translate
from analysis.metrics import (
    cohort_retention,
    member_list,
    member_mix_over_time,
    members_by_region_over_time,
    members_over_time,
)
from pages.ui.cache import compute
from pages.ui.chart import show_chart
from pages.ui.filter_bar import current_filters, current_grain, current_language
from pages.ui.selection import PageSelection
from pages.ui.table import show_table

language = current_language()
filters = current_filters()
grain = current_grain()
selection = PageSelection("membership")
selection.remember_clicks(["growth", "mix", "region"])

st.title(translate("membership.page_title", language))
st.caption(translate("membership.page_intro", language))
selection.show_clear_control(language)

growth = compute(members_over_time, selection.filters_for(filters, "growth"), grain)
growth_figure = figures.membership_growth_figure(growth, grain, language)
show_chart(
    growth_figure,
    growth,
    key=selection.chart_key("growth"),
    title=growth_figure.layout.title.text,
    selectable=True,
)

mix_column, region_column = st.columns(2)
with mix_column:
    mix = compute(member_mix_over_time, selection.filters_for(filters, "mix"), grain)
    mix_figure = figures.member_mix_figure(mix, grain, language)
    show_chart(
        mix_figure, mix, key=selection.chart_key("mix"), title=mix_figure.layout.title.text, selectable=True
    )
with region_column:
    regions = compute(members_by_region_over_time, selection.filters_for(filters, "region"), grain)
    region_figure = figures.members_by_region_figure(regions, grain, language)
    show_chart(
        region_figure,
        regions,
        key=selection.chart_key("region"),
        title=region_figure.layout.title.text,
        selectable=True,
    )

narrowed = selection.filters_for(filters, None)
cohorts = compute(cohort_retention, narrowed)
cohort_figure = figures.cohort_retention_figure(cohorts, language)
show_chart(cohort_figure, cohorts, key="membership.cohorts", title=cohort_figure.layout.title.text)

st.subheader(translate("membership.list.title", language))
members = compute(member_list, narrowed)
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
