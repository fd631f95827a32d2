"""The report page: choose the year, language and sections; one button builds the annual report pack."""

import streamlit as st

from analysis.i18n import LANGUAGES, translate
from analysis.report.catalogue import SECTIONS, ReportRequest, report_years
from analysis.report.pack import build_report_zips
from app_ui.state.cache import compute
from app_ui.state.coded_choice import keep_codes_across_languages
from app_ui.state.database import shared_database
from app_ui.state.filter_bar import current_filters, current_language

language = current_language()
st.title(translate("exports.page.title", language))
st.caption(translate("exports.page.intro", language))

years = compute(report_years)
if not years:
    st.info(translate("exports.page.no_data", language))
    st.stop()

year_column, language_column = st.columns([1, 2])
year = year_column.selectbox(
    translate("exports.page.year", language), years, index=len(years) - 1, key="report-year"
)
BOTH = "both"  # one click builds the English and the Chinese pack
report_language = language_column.radio(
    translate("exports.page.language", language),
    (*LANGUAGES, BOTH),
    index=LANGUAGES.index(language),
    format_func=lambda code: translate(f"exports.page.language.{code}", language),
    horizontal=True,
    key="report-language",
)
# Seeded here rather than by `default=`, so the chosen sections can be carried across a language change.
st.session_state.setdefault("report-sections", list(SECTIONS))
keep_codes_across_languages("report-sections", language)
sections = st.multiselect(
    translate("exports.page.sections", language),
    SECTIONS,
    format_func=lambda section: translate(f"exports.section.{section}", language),
    key="report-sections",
)
use_filters = st.checkbox(
    translate("exports.page.use_filters", language), value=False, key="report-use-filters"
)

BUILD_REQUESTED = "report-build-requested"


def _request_build() -> None:
    """A click is remembered in the session (a callback survives the frame's own reruns)."""
    st.session_state[BUILD_REQUESTED] = True


st.button(
    translate("exports.page.build_both" if report_language == BOTH else "exports.page.build", language),
    type="primary",
    disabled=not sections,
    key="report-build",
    on_click=_request_build,
)
if st.session_state.pop(BUILD_REQUESTED, False) and sections:
    bar = st.progress(0.0, text=translate("exports.progress.figures", language))
    requests = [
        ReportRequest(
            year=int(year),
            language=pack_language,
            sections=tuple(sections),
            base_filters=current_filters() if use_filters else None,
        )
        for pack_language in LANGUAGES
        if report_language in (BOTH, pack_language)
    ]
    st.session_state["report-packs"] = build_report_zips(
        shared_database(),
        requests,
        progress=lambda fraction, step: bar.progress(
            min(1.0, fraction), text=translate(f"exports.progress.{step}", language)
        ),
    )

if "report-packs" in st.session_state:
    packs = st.session_state["report-packs"]
    for warning in dict.fromkeys(warning for _, _, warnings in packs for warning in warnings):
        st.warning(warning)
    names = ", ".join(name for name, _, _ in packs)
    st.success(
        translate(
            "exports.page.ready_both" if len(packs) > 1 else "exports.page.ready",
            language,
            name=names,
            names=names,
        )
    )
    for name, content, _ in packs:
        st.download_button(
            f"{translate('exports.page.download', language)}: {name}"
            if len(packs) > 1
            else translate("exports.page.download", language),
            data=content,
            file_name=name,
            mime="application/zip",
            type="primary",
            icon=":material/download:",
            key=f"report-download-{name}" if len(packs) > 1 else "report-download",
            on_click="ignore",
        )
