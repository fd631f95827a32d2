"""One dashboard chart in the report's own file kinds: a slide on the branded template, Parquet for
analysts, and a workbook sheet laid out as figures.xlsx lays out its figures.

The images, PDFs and CSV of a chart are `analysis.rendering.chart_files`; these reuse the report's
slide, annex and workbook builders so a chart downloaded from the dashboard matches the pack.
"""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go

from analysis.i18n import Language, translate
from analysis.rendering.browser import ImageJob, ImageRenderer, browser_available, shared_renderer
from analysis.rendering.framing import Caption


def chart_pptx(
    figure: go.Figure, caption: Caption, language: Language, renderer: ImageRenderer | None = None
) -> bytes:
    """The chart as a one-slide PowerPoint deck on the branded template: a native, editable chart when
    PowerPoint can draw it (its data inside), else a picture of it (drawn in the shared browser)."""
    import tempfile
    from pathlib import Path

    from analysis.report.slides import (
        SLIDE_IMAGE_HEIGHT,
        SLIDE_IMAGE_WIDTH,
        FigureSlide,
        chart_slide,
        native_chart_data,
    )

    plain = go.Figure(figure)
    plain.update_layout(title=None, width=SLIDE_IMAGE_WIDTH, height=SLIDE_IMAGE_HEIGHT, autosize=False)
    with tempfile.TemporaryDirectory(prefix="alliance-slide-") as folder:
        image = None
        if native_chart_data(plain) is None and (renderer is not None or browser_available()):
            image = Path(folder) / "chart.png"
            job = ImageJob(plain, "png", image, width=SLIDE_IMAGE_WIDTH, height=SLIDE_IMAGE_HEIGHT, scale=2.0)
            (renderer or shared_renderer()).render_many([job])
        slide = FigureSlide(caption.title, caption.subtitle, [], image, figure=plain, source=caption.source)
        return chart_slide(slide, language)


def chart_parquet(data: pd.DataFrame) -> bytes:
    """Every row of the chart's data as Parquet (codes and full precision, typed columns), for analysts."""
    from analysis.report.pack import parquet_table

    buffer = io.BytesIO()
    parquet_table(data).to_parquet(buffer, index=False)
    return buffer.getvalue()


def chart_xlsx(data: pd.DataFrame, caption: Caption, language: Language) -> bytes:
    """The chart's data in one sheet, headed by the title, the filters and the source line."""
    from openpyxl import Workbook  # imported on a download, not on every page's first run (0.13 s)

    from analysis.report.annex import readable_table
    from analysis.report.workbook import annex_sheet
    from analysis.spreadsheets.safe_cells import sheet_name

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name(translate("exports.workbook.data_sheet", language))
    # The same readable table as the report's figures.xlsx: labels, translated headers, dates, rates.
    annex_sheet(
        sheet, caption.title, [caption.subtitle, caption.source], readable_table(data, language), language
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
