"""Every chart on every page goes through `show_chart`: one place for the chart element
(app_ui/widgets/plotly_chart.py), the plotly config (offline map), the click-to-filter selection and the
downloads (PNG/SVG/PDF of the whole figure, CSV/XLSX of its data).

Downloads are deferred: Streamlit calls the file's function only when the user clicks, so no image is
drawn on a rerun; the images come from one browser session shared by the whole app.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import Language
from analysis.rendering.browser import IMAGE_FORMATS
from analysis.rendering.chart_files import chart_image
from analysis.rendering.framing import caption_for
from analysis.report.single_chart import chart_pptx
from app_ui.state.filter_bar import current_filters, current_language
from app_ui.widgets.downloads import (
    Download,
    data_downloads,
    download_menu,
    page_pdf_download,
    register_page_chart,
)
from app_ui.widgets.plotly_chart import plotly_chart
from app_ui.widgets.plotly_config import chart_config


def show_chart(
    figure: go.Figure,
    data: pd.DataFrame,
    *,
    key: str,
    title: str,
    selectable: bool = False,
) -> None:
    """Render `figure` (built from `data`) with its download menu. When `selectable`, a click on it reruns
    the page with the selection in `st.session_state[key]` (read by app_ui/state/selection.py)."""
    language = current_language()
    plotly_chart(figure, key=key, config=chart_config(language), language=language, selectable=selectable)
    _download_menu(figure, data, key=key, title=title, language=language)


def _download_menu(
    figure: go.Figure, data: pd.DataFrame, *, key: str, title: str, language: Language
) -> None:
    """The image in three formats (drawn only when clicked), a one-slide PowerPoint (a native chart when
    it can be), the data in three, and the whole page as a PDF."""
    caption = caption_for(title, current_filters(), language)
    registry = register_page_chart(key, figure, caption)
    images = [
        Download(
            f"exports.download.{image_format}",
            partial(chart_image, figure, caption, image_format),
            image_format,
            True,
        )
        for image_format in IMAGE_FORMATS
    ]
    slide = Download("exports.download.pptx", partial(chart_pptx, figure, caption, language), "pptx")
    download_menu(
        [*images, slide, *data_downloads(data, caption, language), page_pdf_download(registry, language)],
        key=key,
        title=title,
        language=language,
        help_key="exports.download.image_help",
    )
