"""Tables on pages with the same downloads as charts: every row as safe CSV/XLSX and a paginated PDF.

`show_table(frame, key=, title=)` replaces `st.dataframe(frame, ...)` where a table should leave the
dashboard in full (Streamlit's own table download writes CSV without the formula guard).
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from analysis.exports.framing import caption_for
from analysis.exports.table_pdf import table_pdf
from app_ui.state.filter_bar import current_filters, current_language
from app_ui.widgets.downloads import Download, data_downloads, download_menu


def show_table(frame: pd.DataFrame, *, key: str, title: str) -> None:
    """`frame` as an interactive table, with a download menu under it (files made only when clicked)."""
    language = current_language()
    st.dataframe(frame, hide_index=True, width="stretch", key=key)
    caption = caption_for(title, current_filters(), language)
    pages = Download("exports.download.table_pdf", partial(table_pdf, frame, caption, language), "pdf", True)
    download_menu(
        [pages, *data_downloads(frame, caption, language)],
        key=key,
        title=title,
        language=language,
        help_key="exports.download.data_help",
    )
