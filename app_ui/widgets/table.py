"""Tables on pages with the same downloads as charts: every row as safe CSV/XLSX and a paginated PDF.

`show_table(frame, key=, title=)` replaces `st.dataframe(frame, ...)` where a table should leave the
dashboard in full (Streamlit's own table download writes CSV without the formula guard).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from analysis.figures.table_layout import text_width
from analysis.rendering.framing import caption_for
from analysis.rendering.table_pdf import table_pdf
from app_ui.state.filter_bar import current_filters, current_language
from app_ui.widgets.downloads import Download, data_downloads, download_menu


def column_widths(frame: pd.DataFrame) -> dict[str, Any]:
    """A width per text column that fits its longest value: the grid sizes columns from its first rows
    only, so a column empty at the top ("Roles") cut the values further down ("Vice cha")."""
    return {
        str(column): st.column_config.Column(width=text_width(frame[column], str(column)))
        for column in frame.columns
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
    }


def show_table(frame: pd.DataFrame, *, key: str, title: str) -> None:
    """`frame` as an interactive table, with a download menu under it (files made only when clicked)."""
    language = current_language()
    st.dataframe(frame, hide_index=True, width="stretch", key=key, column_config=column_widths(frame))
    caption = caption_for(title, current_filters(), language)
    pages = Download("exports.download.table_pdf", partial(table_pdf, frame, caption, language), "pdf", True)
    download_menu(
        [pages, *data_downloads(frame, caption, language)],
        key=key,
        title=title,
        language=language,
        help_key="exports.download.data_help",
    )
