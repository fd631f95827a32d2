"""The annual report pack: every report figure as PNG, SVG and PDF, each figure's data as CSV and Parquet,
figures.xlsx, report.pdf, slides.pptx, highlights.md, and one ZIP of it all, built in one browser session.

`build_report_pack(database, request, out_dir, progress=...)` is what the report page's button and the
`report` command call; `build_report_packs` builds several languages in one browser session. Without
Chromium the images and report.pdf are left out with a clear message (`ReportPack.warnings`); the data,
the text and the slides (native charts included) are still written.

A year still under way is taken on its last data day: its last period is partial, and every export says
so (a lighter bar, "to 28 Mar" in its label, see `annex.mark_partial_period`).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis.branding import load_branding
from analysis.errors import AllianceError
from analysis.filters import Filters
from analysis.filters.options import last_data_day
from analysis.i18n import format_date, translate
from analysis.narrative.highlights import Highlights, report_highlights
from analysis.rendering.browser import (
    ImageJob,
    ImageRenderer,
    find_browser,
    missing_print_fonts,
    shared_renderer,
)
from analysis.rendering.fonts import require_chinese_font
from analysis.rendering.framing import caption_for, describe_filters, framed_figure, source_line
from analysis.rendering.pages import PAGE_HEIGHT, PAGE_WIDTH
from analysis.report.annex import analyst_table, mark_partial_period
from analysis.report.catalogue import ReportFigure, ReportRequest, figures_for
from analysis.report.document import (
    Definition,
    DocumentInfo,
    FigurePage,
    report_html,
    split_pdf_pages,
    with_metadata,
)
from analysis.report.slides import (
    SLIDE_IMAGE_HEIGHT,
    SLIDE_IMAGE_WIDTH,
    FigureSlide,
    native_chart_data,
    report_slides,
)
from analysis.report.workbook import WorkbookSheet, figures_workbook
from analysis.spreadsheets.safe_cells import write_csv
from analysis.store.connection import AllianceDatabase

Progress = Callable[[float, str], object]  # (fraction done, step name)
# Each figure's data by (figure, filters): the languages of one build compute it once and share it.
ComputedData = dict[tuple[str, Filters], pd.DataFrame]
FIGURES_FOLDER = "figures"
DATA_FOLDER = "data"
SLIDE_IMAGE_SCALE = 2.0  # 1210 px * 2: sharp on a projector, a fraction of the print PNG's size


def _no_progress(fraction: float, message: str) -> None:
    return None


@dataclass(frozen=True)
class PreparedFigure:
    """A report figure with its data, its dressed plotly figure, its slide figure and its key numbers."""

    number: int
    spec: ReportFigure
    data: pd.DataFrame
    framed: go.Figure  # with title, filters and source line: the PNG, SVG and PDF of the figure
    plain: go.Figure  # without them: the slide has its own title
    key_numbers: list[str]

    @property
    def stem(self) -> str:
        return f"{self.number:02d}_{self.spec.key}"

    def image_path(self, directory: Path, image_format: str) -> Path:
        return directory / FIGURES_FOLDER / f"{self.stem}.{image_format}"

    def slide_image_path(self, directory: Path) -> Path:
        return directory / FIGURES_FOLDER / "slides" / f"{self.stem}.png"

    @property
    def native_on_slide(self) -> bool:
        return native_chart_data(self.plain) is not None


@dataclass
class ReportPack:
    """What was written: the folder, every file in it, the ZIP, and anything left out (and why)."""

    directory: Path
    zip_path: Path
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    highlights: Highlights | None = None


def prepare_figures(
    database: AllianceDatabase, request: ReportRequest, computed: ComputedData | None = None
) -> list[PreparedFigure]:
    """Compute every chosen figure's data (or take it from `computed`, which it fills) and draw it (no
    browser needed yet)."""
    filters, language = request.filters, request.language
    computed = {} if computed is None else computed
    prepared = []
    for number, spec in enumerate(figures_for(request.sections), start=1):
        if (spec.key, filters) not in computed:
            computed[spec.key, filters] = spec.compute(database, filters)
        data = computed[spec.key, filters].copy()  # each language's figure gets a frame of its own
        built = spec.build(data, language)
        mark_partial_period(built, data, spec.grain, language)
        caption = caption_for(spec.title(language), filters, language)
        framed = framed_figure(built, caption)
        framed.update_layout(height=spec.height)
        plain = go.Figure(built)
        plain.update_layout(
            title=None,
            width=SLIDE_IMAGE_WIDTH,
            height=SLIDE_IMAGE_HEIGHT,
            paper_bgcolor="white",
            autosize=False,
        )
        prepared.append(
            PreparedFigure(number, spec, data, framed, plain, spec.key_numbers(data, request.year, language))
        )
    return prepared


def with_data_day(database: AllianceDatabase, request: ReportRequest) -> ReportRequest:
    """`request` knowing the last data day (so a year under way is taken on it), unless it knows already."""
    if request.data_until is not None:
        return request
    return replace(request, data_until=last_data_day(database))


def pack_name(request: ReportRequest) -> str:
    return f"alliance_report_{request.year}_{request.language}.zip"


def build_report_pack(
    database: AllianceDatabase,
    request: ReportRequest,
    out_dir: Path,
    progress: Progress | None = None,
    renderer: ImageRenderer | None = None,
    computed: ComputedData | None = None,
) -> ReportPack:
    """Write the pack for `request` into `out_dir` (created if needed) and zip it; see the module doc.
    `computed` shares the figures' data with the other languages of the same build."""
    report = progress or _no_progress
    request = with_data_day(database, request)
    language, year = request.language, request.year
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / FIGURES_FOLDER).mkdir(exist_ok=True)
    pack = ReportPack(directory=out_dir, zip_path=out_dir / pack_name(request))

    # Chromium starts (a second or two) on its own thread while the figures' data is computed and written.
    early = None if renderer is not None else _renderer_started_early(language)
    try:
        report(0.02, "figures")
        figures = prepare_figures(database, request, computed)
        highlights = report_highlights(database, request.filters, year, language)
        pack.highlights = highlights
        subtitle = describe_filters(request.filters, language)
        source = source_line(request.filters, language)

        report(0.12, "workbook")
        sheets = [
            WorkbookSheet(
                item.number,
                item.spec.key,
                item.spec.title(language),
                item.spec.definition(language),
                source,
                item.data,
                item.spec.grain,
                item.spec.sheet_title(language),
                subtitle,
            )
            for item in figures
        ]
        as_of = format_date(request.filters.as_of, language)
        pack.files.append(_write(out_dir / "figures.xlsx", figures_workbook(sheets, language, year, as_of)))
        pack.files.append(_write(out_dir / "highlights.md", highlights.to_markdown().encode("utf-8")))
        pack.files += _write_data(figures, out_dir)

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
            item.slide_image_path(out_dir) if drawn and not item.native_on_slide else None,
            figure=item.plain,
            source=source,
            notes=[item.spec.definition(language)],
        )
        for item in figures
    ]
    pack.files.append(
        _write(out_dir / "slides.pptx", report_slides(year, subtitle, highlights, slides, language, source))
    )
    shutil.rmtree(out_dir / FIGURES_FOLDER / "slides", ignore_errors=True)  # inside slides.pptx now

    if pack.warnings:
        notes = "\n\n".join(pack.warnings) + "\n"
        pack.files.append(_write(out_dir / "IMAGES_MISSING.txt", notes.encode("utf-8")))
    report(0.95, "zip")
    _zip(pack)
    report(1.0, "done")
    return pack


def build_report_packs(
    database: AllianceDatabase,
    requests: Sequence[ReportRequest],
    out_dir: Path,
    progress: Progress | None = None,
    renderer: ImageRenderer | None = None,
) -> list[ReportPack]:
    """One pack per request (e.g. English and Chinese), each in `out_dir/<language>/` when there are
    several, drawn in ONE browser session."""
    report = progress or _no_progress
    own = renderer is None and _can_draw(requests)
    session = renderer or (ImageRenderer() if own else None)
    if own and session is not None:
        session.start_opening()
    packs = []
    computed: ComputedData = {}  # the figures' data, computed for the first language, reused by the next
    try:
        for index, request in enumerate(requests):
            folder = out_dir if len(requests) == 1 else out_dir / request.language
            share = 1 / len(requests)

            def step(fraction: float, name: str, index: int = index, share: float = share) -> object:
                return report((index + fraction) * share, name)

            packs.append(
                build_report_pack(
                    database, request, folder, progress=step, renderer=session, computed=computed
                )
            )
    finally:
        if own and session is not None:
            session.close()
    return packs


def _can_draw(requests: Sequence[ReportRequest]) -> bool:
    try:
        find_browser()
        if any(request.language == "zh" for request in requests):
            require_chinese_font()
    except AllianceError:
        return False
    return True


def _write_data(figures: Sequence[PreparedFigure], out_dir: Path) -> list[Path]:
    """Each figure's data for analysts: CSV (codes, full precision) and Parquet (typed) side by side."""
    folder = out_dir / DATA_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for item in figures:
        table = analyst_table(item.data)
        csv_path = folder / f"{item.stem}.csv"
        write_csv(table, csv_path)
        parquet_path = folder / f"{item.stem}.parquet"
        parquet_table(item.data).to_parquet(parquet_path, index=False)
        written += [csv_path, parquet_path]
    return written


def parquet_table(data: pd.DataFrame) -> pd.DataFrame:
    """The data as Parquet stores it well: text columns as strings, numbers and dates typed."""
    table = data.copy()
    for column in table.columns:
        values = table[column]
        if values.dtype == object and all(value is None or isinstance(value, str) for value in values):
            table[column] = values.astype("string")
    return table


def _renderer_started_early(language: str) -> ImageRenderer | None:
    """A browser session already starting, or None when images cannot be drawn (said later, by _draw_images)."""
    try:
        if language == "zh":
            require_chinese_font()
        session = ImageRenderer()
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
    """Every figure's PNG/SVG/PDF, the slides' pictures and report.pdf in one browser session; False when
    there is no browser."""
    language = request.language
    try:
        find_browser()
        if language == "zh":
            require_chinese_font()
    except AllianceError as error:
        pack.warnings.append(str(error))
        return False
    missing = missing_print_fonts()
    if missing:
        pack.warnings.append(
            "report.pdf prints its text in TrueType fonts so that it can be searched and copied; missing: "
            + ", ".join(str(path) for path in missing)
            + ". Install them with `apt-get install fonts-liberation2 fonts-droid-fallback`."
        )
    out_dir = pack.directory
    jobs = [
        ImageJob(item.framed, image_format, item.image_path(out_dir, image_format), height=item.spec.height)
        for item in figures
        for image_format in ("png", "svg")
    ]
    jobs += [
        ImageJob(
            item.plain,
            "png",
            item.slide_image_path(out_dir),
            width=SLIDE_IMAGE_WIDTH,
            height=SLIDE_IMAGE_HEIGHT,
            scale=SLIDE_IMAGE_SCALE,
        )
        for item in figures
        if not item.native_on_slide
    ]
    own_renderer = renderer is None
    session = renderer or ImageRenderer()
    try:
        report(0.15, "browser")
        session.open()
        report(0.2, "images")
        images = session.render_many(jobs)
        report(0.75, "images")
        svgs = {
            job.path: image.decode("utf-8")
            for job, image in zip(jobs, images, strict=True)
            if job.image_format == "svg"
        }
        title = translate("exports.report.title", language, year=request.year)
        html = report_html(
            title=title,
            year=request.year,
            subtitle=subtitle,
            highlights=highlights,
            figures=[
                FigurePage(
                    svgs[item.image_path(out_dir, "svg")], item.spec.caption(language), item.key_numbers
                )
                for item in figures
            ],
            definitions=[
                Definition(item.spec.title(language), item.spec.definition(language)) for item in figures
            ],
            language=language,
        )
        document = session.print_html(html, PAGE_WIDTH, PAGE_HEIGHT)
    finally:
        if own_renderer:
            session.close()
    branding = load_branding()
    as_of = format_date(request.filters.as_of, language)
    info = DocumentInfo(
        title=title,
        author=branding.secretariat(language),
        subject=translate("exports.pdf.subject", language, year=request.year, day=as_of),
        keywords=translate("exports.pdf.keywords", language, year=request.year),
        language=language,
    )
    document = with_metadata(document, info)
    pack.files += [job.path for job in jobs if job.path is not None and job.path.parent.name != "slides"]
    pack.files.append(_write(out_dir / "report.pdf", document))
    page_infos = [replace(info, title=item.spec.title(language)) for item in figures]
    for item, page_pdf in zip(figures, split_pdf_pages(document, 2, page_infos), strict=True):
        pack.files.append(_write(item.image_path(out_dir, "pdf"), page_pdf))
    return True


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


def build_report_zips(
    database: AllianceDatabase,
    requests: Sequence[ReportRequest],
    progress: Progress | None = None,
) -> list[tuple[str, bytes, list[str]]]:
    """Several packs (both languages) for the page, in the app's shared browser session."""
    with tempfile.TemporaryDirectory(prefix="alliance-report-") as folder:
        packs = build_report_packs(
            database, requests, Path(folder), progress=progress, renderer=shared_renderer_or_none()
        )
        return [(pack.zip_path.name, pack.zip_path.read_bytes(), pack.warnings) for pack in packs]


def shared_renderer_or_none() -> ImageRenderer | None:
    """The app's shared browser session when a browser exists (kept warm between builds), else None."""
    try:
        return shared_renderer()
    except AllianceError:
        return None
