"""One dashboard chart as files: the whole figure as PNG/SVG/PDF with its title, filters and source line,
and the data behind it as CSV/XLSX with column names in the chosen language.

Called by `app_ui/widgets/chart.py` when the user clicks a download (never on every rerun: images need the
browser). The images come from the process's one shared browser session (`shared_renderer`).
"""

from __future__ import annotations

import io
import re

import pandas as pd
import plotly.graph_objects as go

from analysis.exports.browser import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    ImageFormat,
    ImageJob,
    ImageRenderer,
    shared_renderer,
)
from analysis.exports.framing import Caption, framed_figure
from analysis.i18n import Language, catalog
from analysis.spreadsheets.safe_cells import csv_bytes, set_safe_value, write_frame

MIME_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TABLE_HEADER_ROW = 5
CAPTION_ROOM = 160  # px of title, subtitle and source line added above and below the chart


def file_name(title: str, extension: str) -> str:
    """A file name from the chart's title: letters, digits and Chinese kept, the rest made '_'."""
    stem = re.sub(r"[^\w\u4e00-\u9fff]+", "_", title).strip("_")[:80] or "chart"
    return f"{stem}.{extension}"


def chart_image(
    figure: go.Figure, caption: Caption, image_format: ImageFormat, renderer: ImageRenderer | None = None
) -> bytes:
    """The whole figure, captioned, at print size (PNG 3000 px wide); drawn in the shared browser."""
    framed = framed_figure(figure, caption)
    # The page's height plus room for the caption, so a short dashboard chart (the map is 440 px) keeps its size.
    height = max(EXPORT_HEIGHT, int(figure.layout.height or 0) + CAPTION_ROOM)
    job = ImageJob(framed, image_format, width=EXPORT_WIDTH, height=height)
    return (renderer or shared_renderer()).render_many([job])[0]


def localized_columns(data: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The same table with column names in the language where the catalogue knows them."""
    messages = catalog(language)
    names = {column: messages.get(f"exports.column.{column}", str(column)) for column in data.columns}
    return data.rename(columns=names)


def chart_csv(data: pd.DataFrame, language: Language) -> bytes:
    """Every row of the chart's data as safe CSV (UTF-8 with BOM, so Excel reads Chinese)."""
    return csv_bytes(localized_columns(data, language))


def chart_xlsx(data: pd.DataFrame, caption: Caption, language: Language) -> bytes:
    """The chart's data in one sheet, headed by the title, the filters and the source line."""
    from openpyxl import Workbook  # imported on a download, not on every page's first run (0.13 s)
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "data"
    for row, text in enumerate((caption.title, caption.subtitle, caption.source), start=1):
        set_safe_value(sheet.cell(row=row, column=1), text)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    write_frame(sheet, localized_columns(data, language), start_row=TABLE_HEADER_ROW)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
