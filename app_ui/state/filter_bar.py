"""The one filter bar shared by every page, bound to the URL query parameters.

The URL is the view's memory: a fresh session reads it (`analysis.filters.url_state.parse_query`), the widgets
then hold the state, and every change is written back to the URL (codes, not labels, so a link opens the
same view in either language). Each write is a new entry in the browser's history, and Back or Forward
reruns the app with that entry's URL while the widgets still hold the newer view: so whenever the URL's
view is not the one the app last read or wrote, it is read again the same way and the widgets follow it.
Pages only call `current_filters()`, `current_language()` and `current_grain()`; the frame calls
`render_filter_bar()` once per run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, cast

import streamlit as st

from analysis.countries import known_country_codes
from analysis.filters import GRAINS, REGIONS, Filters
from analysis.filters.options import countries_in_use, default_as_of
from analysis.filters.url_state import (
    DEFAULT_GRAIN,
    DEFAULT_LANGUAGE,
    EARLIEST_DAY,
    VIEW_PARAMETERS,
    ViewState,
    browser_changed_view,
    parse_query,
    view_parameters,
)
from analysis.i18n import LANGUAGES, Language, country_name, format_date, translate
from analysis.metrics.periods import Grain
from analysis.store.contract import EVENT_FORMATS, EVENT_TYPES, MEMBER_TYPES
from app_ui.state.cache import compute
from app_ui.state.coded_choice import keep_codes_across_languages

# Year first, as both languages write a day ("2025/03/28"): the default "YYYY-MM-DD" shows as
# "yyyy - mm - dd" with spaces, read as English in the Chinese page.
DATE_FORMAT = "YYYY/MM/DD"
KEY_AS_OF = "filter_as_of"
KEY_START = "filter_start"
KEY_END = "filter_end"
KEY_GRAIN = "filter_grain"
KEY_LANGUAGE = "filter_language"
KEY_COUNTRIES = "filter_countries"
KEY_REGIONS = "filter_regions"
KEY_MEMBER_TYPES = "filter_member_types"
KEY_EVENT_TYPES = "filter_event_types"
KEY_FORMATS = "filter_formats"
# The view parameters the widgets are in step with: the URL they were last seeded from, or last wrote.
_URL_IN_STEP = "filter_url_in_step"
_REJECTED = "filter_rejected_from_url"


def current_filters() -> Filters:
    """The filters the user chose (restored from the URL when opened from a link)."""
    return current_view().filters


def current_language() -> Language:
    """The display language chosen in the frame ("en" or "zh")."""
    _seed_from_url()
    return _language_in_widgets()


def current_grain() -> Grain:
    """The period grain chosen for charts over time (month, quarter or year)."""
    _seed_from_url()
    return _grain_in_widgets()


def current_view() -> ViewState:
    """Filters, grain and language as the widgets hold them now."""
    _seed_from_url()
    return _view_in_widgets()


def _view_in_widgets() -> ViewState:
    state = st.session_state
    start, end = state.get(KEY_START), state.get(KEY_END)
    if start and end and start > end:
        start = end = None  # the bar shows why; the charts keep working meanwhile
    filters = Filters(
        as_of=state.get(KEY_AS_OF) or _default_as_of(),
        start=start,
        end=end,
        countries=_codes(KEY_COUNTRIES, known_country_codes()),
        regions=_codes(KEY_REGIONS, REGIONS),
        member_types=_codes(KEY_MEMBER_TYPES, MEMBER_TYPES),
        event_types=_codes(KEY_EVENT_TYPES, EVENT_TYPES),
        formats=_codes(KEY_FORMATS, EVENT_FORMATS),
    )
    return ViewState(filters, _grain_in_widgets(), _language_in_widgets())


def _codes(key: str, valid: Collection[str]) -> tuple[str, ...]:
    """A list filter's codes: whatever else a widget might hold (a label) never reaches the view or the URL."""
    return tuple(value for value in st.session_state.get(key) or () if value in valid)


def _language_in_widgets() -> Language:
    language = st.session_state.get(KEY_LANGUAGE, DEFAULT_LANGUAGE)
    return cast(Language, language if language in LANGUAGES else DEFAULT_LANGUAGE)


def _grain_in_widgets() -> Grain:
    grain = st.session_state.get(KEY_GRAIN, DEFAULT_GRAIN)
    return cast(Grain, grain if grain in GRAINS else DEFAULT_GRAIN)


def _date_picker(key: str, label: str, help_text: str | None = None) -> None:
    """One of the filter bar's days: from the first data day to the last selectable one, in the URL."""
    st.date_input(
        label,
        key=key,
        min_value=EARLIEST_DAY,
        max_value=_latest_selectable_day(),
        format=DATE_FORMAT,
        help=help_text,
        on_change=_write_url,
    )


def render_filter_bar() -> None:
    """The language switch and the filters, in the sidebar; keeps the URL in step with them."""
    language = current_language()

    def text(key: str, **values: object) -> str:
        return translate(f"frame.{key}", language, **values)

    with st.sidebar:
        st.radio(
            text("language"),
            LANGUAGES,
            key=KEY_LANGUAGE,
            format_func=lambda code: text(f"language.{code}"),
            horizontal=True,
            on_change=_write_url,
        )
        st.subheader(text("filters.heading"))
        _show_rejected(language)
        _date_picker(KEY_AS_OF, text("filters.as_of"), text("filters.as_of_help"))
        # One under the other: side by side, the sidebar cut a chosen day to "2024 - 12 - 3".
        _date_picker(KEY_START, text("filters.start"), text("filters.range_help"))
        _date_picker(KEY_END, text("filters.end"))
        start, end = st.session_state.get(KEY_START), st.session_state.get(KEY_END)
        if start and end and start > end:
            st.warning(
                text(
                    "filters.range_reversed",
                    start=format_date(start, language),
                    end=format_date(end, language),
                )
            )
        keep_codes_across_languages(KEY_GRAIN, language)
        st.selectbox(
            text("filters.grain"),
            GRAINS,
            key=KEY_GRAIN,
            format_func=lambda grain: translate(f"common.grain.{grain}", language),
            on_change=_write_url,
        )
        _multiselect(
            KEY_COUNTRIES,
            text("filters.countries"),
            sorted(_country_choices(), key=lambda iso3: country_name(iso3, language)),  # by name as read
            lambda iso3: country_name(iso3, language),
            language,
            also_valid=known_country_codes(),
        )
        _multiselect(
            KEY_REGIONS,
            text("filters.regions"),
            REGIONS,
            lambda region: translate(f"common.region.{region}", language),
            language,
        )
        _multiselect(
            KEY_MEMBER_TYPES,
            text("filters.member_types"),
            MEMBER_TYPES,
            lambda code: translate(f"common.member_type.{code}", language),
            language,
        )
        _multiselect(
            KEY_EVENT_TYPES,
            text("filters.event_types"),
            EVENT_TYPES,
            lambda code: translate(f"common.event_type.{code}", language),
            language,
        )
        _multiselect(
            KEY_FORMATS,
            text("filters.formats"),
            EVENT_FORMATS,
            lambda code: translate(f"common.format.{code}", language),
            language,
        )
        st.button(text("filters.reset"), key="filter_reset", on_click=_reset_filters)
    _write_url()


def _multiselect(
    key: str,
    label: str,
    options: tuple[str, ...] | list[str],
    label_of: Any,
    language: Language,
    also_valid: Collection[str] = (),
) -> None:
    keep_codes_across_languages(key, language)
    # Keep a chosen code selectable when the data no longer holds it (e.g. a country, after a restore);
    # only a code, never any other text (such as a label sent back from the browser).
    chosen = [
        value for value in st.session_state.get(key) or () if value not in options and value in also_valid
    ]
    st.multiselect(
        label,
        [*options, *chosen],
        key=key,
        format_func=label_of,
        placeholder=translate("frame.filters.all", language),
        on_change=_write_url,
    )


def _seed_from_url() -> None:
    """Put the view the URL asks for into the widgets' state: on a session's first run, and whenever the
    browser changed the URL (Back, Forward) rather than the app."""
    state = st.session_state
    in_url = _view_in_url()
    if _URL_IN_STEP in state and not browser_changed_view(in_url, state[_URL_IN_STEP]):
        return
    parsed = parse_query(in_url, _default_as_of(), known_country_codes(), _latest_selectable_day())
    view = parsed.view
    filters = view.filters
    state[KEY_AS_OF] = filters.as_of
    state[KEY_START] = filters.start
    state[KEY_END] = filters.end
    state[KEY_GRAIN] = view.grain
    state[KEY_LANGUAGE] = view.language
    state[KEY_COUNTRIES] = list(filters.countries)
    state[KEY_REGIONS] = list(filters.regions)
    state[KEY_MEMBER_TYPES] = list(filters.member_types)
    state[KEY_EVENT_TYPES] = list(filters.event_types)
    state[KEY_FORMATS] = list(filters.formats)
    state[_REJECTED] = parsed.rejected
    state[_URL_IN_STEP] = in_url


def _write_url() -> None:
    """Make the URL hold the widgets' view (other pages' own parameters are left as they are).

    Also the widgets' callback, so it never re-seeds the widgets from the URL: a change by hand is made on
    the view shown, and the URL a rerun brings can lag behind the app's last write by a message's travel.
    """
    wanted = _view_in_widgets().to_query()
    if _view_in_url() != wanted:
        others = {
            name: st.query_params.get_all(name) for name in st.query_params if name not in VIEW_PARAMETERS
        }
        st.query_params.from_dict({**others, **wanted})
    st.session_state[_URL_IN_STEP] = wanted


def _view_in_url() -> dict[str, str]:
    return view_parameters(st.query_params.to_dict())


def _reset_filters() -> None:
    state = st.session_state
    state[KEY_AS_OF] = _default_as_of()
    state[KEY_START] = None
    state[KEY_END] = None
    for key in (KEY_COUNTRIES, KEY_REGIONS, KEY_MEMBER_TYPES, KEY_EVENT_TYPES, KEY_FORMATS):
        state[key] = []
    state[_REJECTED] = {}
    _write_url()


def _show_rejected(language: Language) -> None:
    rejected: dict[str, str] = st.session_state.get(_REJECTED) or {}
    if rejected:
        details = "; ".join(f"{name}={value}" for name, value in rejected.items())
        st.warning(translate("frame.filters.ignored", language, details=details))


def _default_as_of() -> dt.date:
    return compute(default_as_of, dt.date.today())


def _country_choices() -> list[str]:
    return list(compute(countries_in_use)["country"])


def _latest_selectable_day() -> dt.date:
    return max(dt.date.today(), _default_as_of()) + dt.timedelta(days=366 * 5)
