"""The overview: headline cards, the highlights paragraph, members over time with events, the world map."""

import streamlit as st

from analysis.branding import load_branding
from analysis.figures.geography import members_map
from analysis.figures.overview import headline_cards, members_over_time_figure
from analysis.i18n import format_date, translate
from analysis.metrics.geography import members_by_country
from analysis.narrative import highlights
from analysis.page_data.overview import overview_data
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.widgets.chart import show_chart

page = DashboardPage("overview", selectable_charts=["map"])
language, filters, grain, selection = page.language, page.filters, page.grain, page.selection
data = compute(overview_data, page.filters_for(None), grain)

st.title(translate("overview.title", language, alliance=load_branding().name(language)))
st.caption(translate("overview.subtitle", language, as_of=format_date(filters.as_of, language)))
if selection.narrowing_except(None):
    selection.show_clear_control(language)

if data.headline.members == 0 and not selection.narrowing_except(None):
    st.info(translate("overview.empty", language))
    st.stop()

for column, card in zip(st.columns(5), headline_cards(data, grain, language), strict=True):
    column.metric(
        card.label,
        card.value,
        card.delta,
        help=card.help,
        chart_data=card.trend or None,
        chart_type="line",
        border=True,
    )
st.caption(translate("overview.card.caption", language))

st.subheader(translate("overview.highlights", language))
st.markdown(highlights(data.headline, language))

chart_column, map_column = st.columns([1, 1])
with chart_column:
    show_chart(
        cached_figure(members_over_time_figure, data.members_over_time, data.events, grain, language),
        data.members_over_time,
        key=selection.chart_key("members_over_time"),
        title=translate("overview.chart.members_over_time", language),
    )
with map_column:
    by_country = compute(members_by_country, page.filters_for("map"))
    show_chart(
        cached_figure(
            members_map, by_country, language, title=translate("overview.chart.map", language), height=330
        ),
        by_country,
        key=selection.chart_key("map"),
        title=translate("overview.chart.map", language),
        selectable=True,
    )
    if not selection.narrowing_except(None):
        st.caption(translate("geography.map.hint", language))
