"""The download menu under a chart or table: one button per file, each file made only when clicked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from analysis.exports.browser import browser_available
from analysis.exports.chart_export import MIME_TYPES, chart_csv, chart_xlsx, file_name
from analysis.exports.framing import Caption
from analysis.i18n import Language, translate


@dataclass(frozen=True)
class Download:
    label_key: str  # catalogue key of the button's label
    make: Callable[[], bytes]  # called by Streamlit when the button is clicked (a deferred download)
    extension: str
    needs_browser: bool = False


def data_downloads(data: pd.DataFrame, caption: Caption, language: Language) -> list[Download]:
    """Every row of `data` as safe CSV and XLSX."""
    return [
        Download("exports.download.csv", partial(chart_csv, data, language), "csv"),
        Download("exports.download.xlsx", partial(chart_xlsx, data, caption, language), "xlsx"),
    ]


def download_menu(
    downloads: list[Download], *, key: str, title: str, language: Language, help_key: str
) -> None:
    """A popover of download buttons; image buttons give way to an install hint when there is no browser."""
    with st.popover(translate("exports.download.menu", language), icon=":material/download:"):
        has_browser = browser_available()
        if not has_browser and any(download.needs_browser for download in downloads):
            st.caption(translate("exports.download.no_browser", language))
        for download in downloads:
            if download.needs_browser and not has_browser:
                continue
            st.download_button(
                translate(download.label_key, language),
                data=download.make,
                file_name=file_name(title, download.extension),
                mime=MIME_TYPES[download.extension],
                key=f"{key}-download-{download.extension}",
                help=translate(help_key, language),
                on_click="ignore",
                width="stretch",
            )
