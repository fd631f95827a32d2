"""Geography: the world map of members per country (click a country to narrow the page), countries over
time, the year each country joined, members by region and country, host-country share and diversity."""

import streamlit as st

from analysis.figures.geography import (
    countries_over_time_figure,
    country_first_join_figure,
    members_by_country_figure,
    members_by_region_figure,
    members_map,
)
from analysis.i18n import format_date, translate
from analysis.metrics.geography import members_by_country
from analysis.narrative.cards import geography_cards
from analysis.page_data.geography import geography_data
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.widgets.chart import show_chart
from app_ui.widgets.drill import show_drill
from app_ui.widgets.partial import marked_partial

page = DashboardPage("geography", selectable_charts=["map", "regions"])
language, filters, grain, selection = page.language, page.filters, page.grain, page.selection

st.title(translate("geography.title", language))
st.caption(translate("geography.subtitle", language, as_of=format_date(filters.as_of, language)))
if selection.narrowing_except(None):
    selection.show_clear_control(language)
else:
    st.caption(translate("geography.map.hint", language))

by_country = compute(members_by_country, page.filters_for("map"))
show_chart(
    cached_figure(members_map, by_country, language),
    by_country,
    key=selection.chart_key("map"),
    title=translate("geography.map.title", language),
    selectable=True,
)

show_drill(page, "map", page.filters_for(None))

data = compute(geography_data, page.filters_for(None), grain)
if data.members_by_country.empty:
    st.info(translate("geography.empty", language))
    st.stop()

for column, card in zip(st.columns(2), geography_cards(data, filters.host_country, language), strict=True):
    column.metric(card.label, card.value, card.delta, help=card.help, border=True)
st.caption(translate("geography.cards.caption", language))

left, right = st.columns(2)
with left:
    show_chart(
        marked_partial(
            countries_over_time_figure,
            data.countries_over_time,
            grain,
            language,
            data.countries_over_time,
            grain,
            language,
        ),
        data.countries_over_time,
        key=selection.chart_key("countries_over_time"),
        title=translate(
            "geography.countries_over_time.title",
            language,
            grain=translate(f"common.grain_name.{grain}", language),
        ),
    )
    regions = compute(geography_data, page.filters_for("regions"), grain).members_by_region
    show_chart(
        cached_figure(members_by_region_figure, regions, language),
        regions,
        key=selection.chart_key("regions"),
        title=translate("geography.by_region.title", language),
        selectable=True,
    )
with right:
    show_chart(
        cached_figure(country_first_join_figure, data.country_first_join, language),
        data.country_first_join,
        key=selection.chart_key("first_join"),
        title=translate("geography.first_join.title", language),
    )
show_chart(
    cached_figure(members_by_country_figure, data.members_by_country, language),
    data.members_by_country,
    key=selection.chart_key("by_country"),
    title=translate("geography.by_country.title", language),
)
