"""The download menu under a chart or table: one button per file, each file made only when clicked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.i18n import Language, translate
from analysis.rendering.browser import browser_available
from analysis.rendering.chart_files import (
    MIME_TYPES,
    chart_csv,
    file_name,
    page_pdf,
)
from analysis.rendering.framing import Caption
from analysis.report.single_chart import chart_parquet, chart_xlsx


@dataclass(frozen=True)
class Download:
    label_key: str  # catalogue key of the button's label
    make: Callable[[], bytes]  # called by Streamlit when the button is clicked (a deferred download)
    extension: str
    needs_browser: bool = False


def data_downloads(data: pd.DataFrame, caption: Caption, language: Language) -> list[Download]:
    """Every row of `data` as safe CSV, XLSX (the report annex's readable table) and Parquet."""
    return [
        Download("exports.download.csv", partial(chart_csv, data, language), "csv"),
        Download("exports.download.xlsx", partial(chart_xlsx, data, caption, language), "xlsx"),
        Download("exports.download.parquet", partial(chart_parquet, data), "parquet"),
    ]


PAGE_CHARTS = "page-charts"  # session state: the charts the page drew in its latest run, in order


def register_page_chart(key: str, figure: go.Figure, caption: Caption) -> dict[str, Any]:
    """Remember a chart drawn on the current page, for the page's PDF; returns the page's registry.

    A run draws each chart key once, so a key seen again means the page is being drawn afresh (or
    another page is shown): the list starts over. The registry object stays the same, so a download
    made from it later reads the charts of the latest run."""
    registry: dict[str, Any] = st.session_state.setdefault(PAGE_CHARTS, {"page": None, "charts": {}})
    page = urlparse(st.context.url or "").path
    if registry["page"] != page or key in registry["charts"]:
        registry["page"], registry["charts"] = page, {}
    registry["charts"][key] = (figure, caption)
    return registry


def _page_pdf_from(registry: dict[str, Any], language: Language) -> bytes:
    return page_pdf(list(registry["charts"].values()), language)


def page_pdf_download(registry: dict[str, Any], language: Language) -> Download:
    """Every chart of the page (with the filters and as-of day on each), one per PDF page."""
    return Download("exports.download.page_pdf", partial(_page_pdf_from, registry, language), "pdf", True)


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
                key=f"{key}-download-{download.label_key.rsplit('.', 1)[-1]}",
                help=translate(help_key, language),
                on_click="ignore",
                width="stretch",
            )
