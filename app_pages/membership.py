"""The membership page: growth per period, members by type and by region, cohort retention, the member list.

Clicking a period, a member type or a region narrows the other charts and the list (app_ui/state/selection.py)
and lists the members behind the click (app_ui/widgets/drill.py). "Compare with a year earlier" overlays the same
periods a year before on the growth chart. The last, incomplete period is drawn lighter.
"""

import streamlit as st

from analysis import metrics
from analysis.figures import membership as figures
from analysis.figures.compare import add_year_earlier_members, year_earlier
from analysis.i18n import translate
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.widgets.drill import show_drill
from app_ui.widgets.partial import Step, marked_partial
from app_ui.widgets.table import show_table

page = DashboardPage("membership", selectable_charts=["growth", "mix", "region"])
language, grain = page.language, page.grain
page.heading()

compare = st.toggle(
    translate("ontrack.compare.toggle", language),
    key="membership.compare",
    help=translate("ontrack.compare.help", language),
)
growth_filters = page.filters_for("growth")
growth = compute(metrics.members_over_time, growth_filters, grain)
steps: tuple[Step, ...] = ()
if compare:
    earlier = compute(metrics.members_over_time, year_earlier(growth_filters), grain)
    steps = ((add_year_earlier_members, (growth, earlier, grain, language)),)
page.chart(
    "growth",
    marked_partial(
        figures.membership_growth_figure, growth, grain, language, growth, grain, language, steps=steps
    ),
    growth,
)

narrowed = page.filters_for(None)
show_drill(page, "growth", narrowed)

mix_column, region_column = st.columns(2)
with mix_column:
    mix = compute(metrics.member_mix_over_time, page.filters_for("mix"), grain)
    page.chart(
        "mix", marked_partial(figures.member_mix_figure, mix, grain, language, mix, grain, language), mix
    )
with region_column:
    regions = compute(metrics.members_by_region_over_time, page.filters_for("region"), grain)
    page.chart(
        "region",
        marked_partial(figures.members_by_region_figure, regions, grain, language, regions, grain, language),
        regions,
    )
show_drill(page, "mix", narrowed)
show_drill(page, "region", narrowed)

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
