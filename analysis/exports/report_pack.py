"""The annual report pack: every report figure as PNG, SVG and PDF, figures.xlsx, report.pdf, slides.pptx,
highlights.md, and one ZIP of it all, built in one browser session.

`build_report_pack(database, request, out_dir, progress=...)` is what the report page's button and the
`report` command call. Without Chromium the images and report.pdf are left out with a clear message
(`ReportPack.warnings`); the data, the text and the slides' words are still written.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis.errors import AllianceError
from analysis.exports.browser import ImageJob, ImageRenderer, find_browser, shared_renderer
from analysis.exports.fonts import require_chinese_font
from analysis.exports.framing import caption_for, describe_filters, framed_figure, source_line
from analysis.exports.highlights import Highlights, report_highlights
from analysis.exports.report_document import split_pdf_pages
from analysis.exports.report_figures import ReportFigure, ReportRequest, figures_for
from analysis.exports.report_pages import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    Definition,
    cover_page,
    definition_pages,
    figure_page,
    highlights_page,
)
from analysis.exports.report_slides import FigureSlide, report_slides
from analysis.exports.report_workbook import WorkbookSheet, figures_workbook
from analysis.store.database import AllianceDatabase

Progress = Callable[[float, str], object]  # (fraction done, step name)
FIGURES_FOLDER = "figures"
IMAGES_PER_BATCH = 12  # images drawn together between progress reports
# One tab: each tab loads plotly.js (about 3 s of CPU on the 2-core machine), more than a second tab
# saves by drawing in parallel; measured the same wall time with one tab or two, and less CPU with one.
REPORT_TABS = 1


def _no_progress(fraction: float, message: str) -> None:
    return None


@dataclass(frozen=True)
class PreparedFigure:
    """A report figure with its data, its dressed plotly figure and its key numbers."""

    number: int
    spec: ReportFigure
    data: pd.DataFrame
    framed: go.Figure
    key_numbers: list[str]

    @property
    def stem(self) -> str:
        return f"{self.number:02d}_{self.spec.key}"

    def image_path(self, directory: Path, image_format: str) -> Path:
        return directory / FIGURES_FOLDER / f"{self.stem}.{image_format}"


@dataclass
class ReportPack:
    """What was written: the folder, every file in it, the ZIP, and anything left out (and why)."""

    directory: Path
    zip_path: Path
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    highlights: Highlights | None = None


def prepare_figures(database: AllianceDatabase, request: ReportRequest) -> list[PreparedFigure]:
    """Compute every chosen figure's data and draw it (no browser needed yet)."""
    filters, language = request.filters, request.language
    prepared = []
    for number, spec in enumerate(figures_for(request.sections), start=1):
        data = spec.compute(database, filters)
        caption = caption_for(spec.title(language), filters, language)
        framed = framed_figure(spec.build(data, language), caption)
        framed.update_layout(height=spec.height)
        prepared.append(
            PreparedFigure(number, spec, data, framed, spec.key_numbers(data, request.year, language))
        )
    return prepared


def build_report_pack(
    database: AllianceDatabase,
    request: ReportRequest,
    out_dir: Path,
    progress: Progress | None = None,
    renderer: ImageRenderer | None = None,
) -> ReportPack:
    """Write the pack for `request` into `out_dir` (created if needed) and zip it; see the module doc."""
    report = progress or _no_progress
    language, year = request.language, request.year
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / FIGURES_FOLDER).mkdir(exist_ok=True)
    zip_path = out_dir / f"alliance_report_{year}_{language}.zip"
    pack = ReportPack(directory=out_dir, zip_path=zip_path)

    # Chromium starts (seconds) on its own thread while the figures' data is computed and written.
    early = None if renderer is not None else _renderer_started_early(language)
    try:
        report(0.02, "figures")
        figures = prepare_figures(database, request)
        highlights = report_highlights(database, request.filters, year, language)
        pack.highlights = highlights
        subtitle = describe_filters(request.filters, language)

        report(0.12, "workbook")
        sheets = [
            WorkbookSheet(
                item.number,
                item.spec.key,
                item.spec.title(language),
                item.spec.definition(language),
                source_line(request.filters, language),
                item.data,
            )
            for item in figures
        ]
        pack.files.append(_write(out_dir / "figures.xlsx", figures_workbook(sheets, language)))
        pack.files.append(_write(out_dir / "highlights.md", highlights.to_markdown().encode("utf-8")))

        drawn = _draw_images(figures, pack, highlights, request, subtitle, renderer or early, report)
    finally:
        if early is not None:
            early.close()

    report(0.9, "slides")
    slides = [
        FigureSlide(
            item.spec.title(language),
            item.spec.caption(language),
            item.key_numbers,
            item.image_path(out_dir, "png") if drawn else None,
        )
        for item in figures
    ]
    pack.files.append(
        _write(out_dir / "slides.pptx", report_slides(year, subtitle, highlights, slides, language))
    )

    if pack.warnings:
        notes = "\n\n".join(pack.warnings) + "\n"
        pack.files.append(_write(out_dir / "IMAGES_MISSING.txt", notes.encode("utf-8")))
    report(0.95, "zip")
    _zip(pack)
    report(1.0, "done")
    return pack


def _renderer_started_early(language: str) -> ImageRenderer | None:
    """A browser session already starting, or None when images cannot be drawn (said later, by _draw_images)."""
    try:
        if language == "zh":
            require_chinese_font()
        session = ImageRenderer(tabs=REPORT_TABS)
    except AllianceError:
        return None
    session.start_opening()
    return session


def _draw_images(
    figures: list[PreparedFigure],
    pack: ReportPack,
    highlights: Highlights,
    request: ReportRequest,
    subtitle: str,
    renderer: ImageRenderer | None,
    report: Progress,
) -> bool:
    """Every figure's PNG/SVG/PDF and report.pdf in one browser session; False when there is no browser."""
    language = request.language
    try:
        find_browser()
        if language == "zh":
            require_chinese_font()
    except AllianceError as error:
        pack.warnings.append(str(error))
        return False
    out_dir = pack.directory
    # PNG and SVG of a figure come from one drawing of it (the renderer pairs them). A figure's PDF is its
    # print page (the figure with caption and key numbers, A4 landscape), so report.pdf is printed ONCE,
    # every page in one document, and each figure's PDF is its page taken out of it.
    jobs = [
        ImageJob(item.framed, image_format, item.image_path(out_dir, image_format), height=item.spec.height)
        for item in figures
        for image_format in ("png", "svg")
    ]
    pages = _text_pages(figures, highlights, request, subtitle)
    figure_pages = [
        figure_page(item.framed, item.spec.caption(language), item.key_numbers, language) for item in figures
    ]
    pages[2:2] = figure_pages  # cover, highlights, the figures, then the definitions
    own_renderer = renderer is None
    session = renderer or ImageRenderer()
    try:
        report(0.15, "browser")
        session.open()
        # report.pdf prints in one tab while the images are drawn in the other(s).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-pdf") as printer:
            printing = printer.submit(session.render_document, pages, PAGE_WIDTH, PAGE_HEIGHT)
            report(0.2, "images")
            for start in range(0, len(jobs), IMAGES_PER_BATCH):
                session.render_many(jobs[start : start + IMAGES_PER_BATCH])
                report(0.2 + 0.65 * min(1.0, (start + IMAGES_PER_BATCH) / len(jobs)), "images")
            document = printing.result()
    finally:
        if own_renderer:
            session.close()
    pack.files += [job.path for job in jobs if job.path is not None]
    pack.files.append(_write(out_dir / "report.pdf", document))
    for item, page_pdf in zip(figures, split_pdf_pages(document, first=2, count=len(figures)), strict=True):
        pack.files.append(_write(item.image_path(out_dir, "pdf"), page_pdf))
    return True


def _text_pages(
    figures: list[PreparedFigure], highlights: Highlights, request: ReportRequest, subtitle: str
) -> list[go.Figure]:
    """Cover, highlights, then the definitions page(s)."""
    language = request.language
    pages = [cover_page(request.year, subtitle, language), highlights_page(highlights, language)]
    definitions = [Definition(item.spec.title(language), item.spec.definition(language)) for item in figures]
    pages += definition_pages(definitions, language)
    return pages


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def _zip(pack: ReportPack) -> None:
    with zipfile.ZipFile(pack.zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in pack.files:
            archive.write(path, path.relative_to(pack.directory).as_posix())


def build_report_zip(
    database: AllianceDatabase, request: ReportRequest, progress: Progress | None = None
) -> tuple[str, bytes, list[str]]:
    """The pack built in a temporary folder, returned as (ZIP file name, ZIP bytes, warnings): for the page."""
    with tempfile.TemporaryDirectory(prefix="alliance-report-") as folder:
        pack = build_report_pack(
            database, request, Path(folder), progress=progress, renderer=shared_renderer_or_none()
        )
        return pack.zip_path.name, pack.zip_path.read_bytes(), pack.warnings


def shared_renderer_or_none() -> ImageRenderer | None:
    """The app's shared browser session when a browser exists (kept warm between builds), else None."""
    try:
        return shared_renderer()
    except AllianceError:
        return None
