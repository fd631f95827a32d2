"""Tables on pages with the same downloads as charts: every row as safe CSV/XLSX and a paginated PDF.

`show_table(frame, key=, title=)` replaces `st.dataframe(frame, ...)` where a table should leave the
dashboard in full (Streamlit's own table download writes CSV without the formula guard).
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from analysis.exports.browser import browser_available
from analysis.exports.chart_export import MIME_TYPES, chart_csv, chart_xlsx, file_name
from analysis.exports.framing import caption_for
from analysis.exports.table_pdf import table_pdf
from analysis.i18n import translate
from pages.ui.filter_bar import current_filters, current_language


def show_table(frame: pd.DataFrame, *, key: str, title: str) -> None:
    """`frame` as an interactive table, with a download menu under it (files made only when clicked)."""
    language = current_language()
    st.dataframe(frame, hide_index=True, width="stretch", key=key)
    caption = caption_for(title, current_filters(), language)
    with st.popover(translate("exports.download.menu", language), icon=":material/download:"):
        if browser_available():
            st.download_button(
                translate("exports.download.table_pdf", language),
                data=partial(table_pdf, frame, caption, language),
                file_name=file_name(title, "pdf"),
                mime=MIME_TYPES["pdf"],
                key=f"{key}-download-pdf",
                on_click="ignore",
                width="stretch",
            )
        st.download_button(
            translate("exports.download.csv", language),
            data=partial(chart_csv, frame, language),
            file_name=file_name(title, "csv"),
            mime=MIME_TYPES["csv"],
            key=f"{key}-download-csv",
            on_click="ignore",
            width="stretch",
        )
        st.download_button(
            translate("exports.download.xlsx", language),
            data=partial(chart_xlsx, frame, caption, language),
            file_name=file_name(title, "xlsx"),
            mime=MIME_TYPES["xlsx"],
            key=f"{key}-download-xlsx",
            on_click="ignore",
            width="stretch",
        )
