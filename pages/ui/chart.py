"""Every chart on every page goes through `show_chart`: one place for the plotly config (offline map),
the click-to-filter selection and the downloads (PNG/SVG/PDF of the whole figure, CSV/XLSX of its data).

Downloads are deferred: Streamlit calls the file's function only when the user clicks, so no image is
drawn on a rerun; the images come from one browser session shared by the whole app.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.exports.browser import IMAGE_FORMATS, browser_available
from analysis.exports.chart_export import MIME_TYPES, chart_csv, chart_image, chart_xlsx, file_name
from analysis.exports.framing import caption_for
from analysis.i18n import translate
from pages.ui.filter_bar import current_filters, current_language
from pages.ui.plotly_config import chart_config


def show_chart(
    figure: go.Figure,
    data: pd.DataFrame,
    *,
    key: str,
    title: str,
    selectable: bool = False,
) -> Any:
    """Render `figure` (built from `data`) with its download menu; returns the selection event when `selectable`."""
    event = st.plotly_chart(
        figure,
        key=key,
        width="stretch",
        config=chart_config(current_language()),
        theme=None,  # the alliance template (analysis/figures/theme.py), not Streamlit's chart theme
        on_select="rerun" if selectable else "ignore",
    )
    _download_menu(figure, data, key=key, title=title)
    return event


def _download_menu(figure: go.Figure, data: pd.DataFrame, *, key: str, title: str) -> None:
    """A small menu under the chart: the image in three formats, the data in two."""
    language = current_language()
    caption = caption_for(title, current_filters(), language)
    with st.popover(translate("exports.download.menu", language), icon=":material/download:"):
        if browser_available():
            for image_format in IMAGE_FORMATS:
                st.download_button(
                    translate(f"exports.download.{image_format}", language),
                    data=partial(chart_image, figure, caption, image_format),
                    file_name=file_name(title, image_format),
                    mime=MIME_TYPES[image_format],
                    key=f"{key}-download-{image_format}",
                    help=translate("exports.download.image_help", language),
                    on_click="ignore",
                    width="stretch",
                )
        else:
            st.caption(translate("exports.download.no_browser", language))
        st.download_button(
            translate("exports.download.csv", language),
            data=partial(chart_csv, data, language),
            file_name=file_name(title, "csv"),
            mime=MIME_TYPES["csv"],
            key=f"{key}-download-csv",
            help=translate("exports.download.data_help", language),
            on_click="ignore",
            width="stretch",
        )
        st.download_button(
            translate("exports.download.xlsx", language),
            data=partial(chart_xlsx, data, caption, language),
            file_name=file_name(title, "xlsx"),
            mime=MIME_TYPES["xlsx"],
            key=f"{key}-download-xlsx",
            help=translate("exports.download.data_help", language),
            on_click="ignore",
            width="stretch",
        )
