"""The overview: headline cards, "On track?" (targets against actuals, the members projection), the
highlights paragraph, members over time with events, the world map (click a country for its members).

A year picker shows the current year to date or an earlier year in full (measured on its 31 December).
"""

import streamlit as st

from analysis.branding import load_branding
from analysis.figures.geography import members_map
from analysis.figures.overview import members_over_time_figure
from analysis.i18n import format_date, translate
from analysis.metrics.geography import members_by_country
from analysis.narrative import on_track as on_track_text
from analysis.narrative.cards import headline_cards
from analysis.narrative.comparison import comparison_sentence
from analysis.narrative.paragraph import highlights_paragraph
from analysis.page_data.on_track import on_track, selectable_years, year_filters
from analysis.page_data.overview import overview_data
from app_ui.frame.dashboard_page import DashboardPage
from app_ui.state.cache import cached_figure, compute
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.widgets.chart import show_chart
from app_ui.widgets.drill import show_drill
from app_ui.widgets.partial import marked_partial

page = DashboardPage("overview", selectable_charts=["map"])
language, filters, grain, selection = page.language, page.filters, page.grain, page.selection

YEAR_KEY = "overview.year"
YEAR_PARAMETER = "year"  # in the URL, so a link opens "2024 in full" too (absent: the as-of year)
years = compute(selectable_years, filters)
if YEAR_KEY not in st.session_state and st.query_params.get(YEAR_PARAMETER, "").isdigit():
    st.session_state[YEAR_KEY] = int(st.query_params[YEAR_PARAMETER])
if st.session_state.get(YEAR_KEY) not in years:
    st.session_state[YEAR_KEY] = years[0]  # the as-of year (also after the as-of day moved)


def _write_year() -> None:
    """The year picker's callback: the URL names an earlier year, and says nothing for the as-of year."""
    chosen = st.session_state.get(YEAR_KEY)
    if chosen == years[0]:
        st.query_params.pop(YEAR_PARAMETER, None)
    else:
        st.query_params[YEAR_PARAMETER] = str(chosen)


title_column, year_column = st.columns([3, 1], vertical_alignment="bottom")
with year_column:
    keep_codes_across_languages(YEAR_KEY, language)
    year = st.selectbox(
        translate("ontrack.year.label", language),
        years,
        key=YEAR_KEY,
        format_func=lambda option: on_track_text.year_option(option, filters.as_of, language),
        help=translate("ontrack.year.help", language),
        on_change=_write_year,
    )
shown = year_filters(filters, year)  # the as-of day, or 31 December of a finished year
with title_column:
    st.title(translate("overview.title", language, alliance=load_branding().name(language)))
    st.caption(translate("overview.subtitle", language, as_of=format_date(shown.as_of, language)))
if selection.narrowing_except(None):
    selection.show_clear_control(language)

narrowed = year_filters(page.filters_for(None), year)
data = compute(overview_data, narrowed, grain)
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
# What the changes are against, in words (on a card, beside the change, it would be cut on a wide screen).
st.caption(comparison_sentence(shown.as_of, language))

plan = compute(on_track, narrowed, year)
st.subheader(on_track_text.heading(plan, language))
if not plan.has_targets:
    st.info(on_track_text.no_targets_message(plan.year, language))
else:
    target_cards = on_track_text.target_cards(plan, language)
    for column, card in zip(st.columns(len(target_cards)), target_cards, strict=True):
        column.metric(
            card.label,
            card.value,
            card.delta,
            help=card.help,
            border=True,
            delta_color=card.delta_color,  # type: ignore[arg-type]
            delta_arrow=card.delta_arrow,  # type: ignore[arg-type]
        )
        if card.delta_description:  # under the card: beside the delta it would be cut on a wide screen
            column.caption(card.delta_description)
    st.caption(translate("ontrack.measured", language, day=format_date(plan.measured_on, language)))
sentences = on_track_text.projection_sentences(plan, language)
if sentences:
    st.markdown(" ".join(sentences))
with st.expander(translate("ontrack.method", language)):
    st.markdown(translate("plan.projection.method", language))
    st.markdown(translate("ontrack.method.status", language))

st.subheader(translate("overview.highlights", language))
st.markdown(highlights_paragraph(data.headline, language))

chart_column, map_column = st.columns([1, 1])
with chart_column:
    show_chart(
        marked_partial(
            members_over_time_figure,
            data.members_over_time,
            grain,
            language,
            data.members_over_time,
            data.events,
            grain,
            language,
        ),
        data.members_over_time,
        key=selection.chart_key("members_over_time"),
        title=translate("overview.chart.members_over_time", language),
    )
with map_column:
    by_country = compute(members_by_country, year_filters(page.filters_for("map"), year))
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

show_drill(page, "map", narrowed)
