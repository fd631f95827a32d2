"""What a schedule sends: the monthly one-page summary, one page as a PDF with its filters, the annual pack.

Each is built from the store as the recipient may see it (their scope's handle when they have one),
in the recipient's language, by the same code as the dashboard's exports and `python -m analysis report`.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from analysis.countries import known_country_codes
from analysis.delivery.settings import Schedule
from analysis.filters import Filters
from analysis.filters.url_state import ViewState, parse_query
from analysis.i18n import Language, translate
from analysis.narrative.highlights import report_highlights
from analysis.narrative.mail import pack_mail, page_mail, summary_mail, summary_title
from analysis.rendering.browser import ImageRenderer
from analysis.rendering.fonts import require_chinese_font
from analysis.rendering.framing import caption_for, describe_filters, framed_figure
from analysis.rendering.pages import PAGE_HEIGHT, PAGE_WIDTH
from analysis.report.catalogue import ReportRequest, figures_for
from analysis.report.document import FigurePage, pages_html
from analysis.report.pack import build_report_pack
from analysis.store.connection import AllianceDatabase
from analysis.store.lake import fetch_scalar

PAGE_SECTIONS = {
    "membership": "membership",
    "geography": "geography",
    "events": "events",
    "governance": "governance",
}
PAGE_PATHS = {
    "overview": "",
    "membership": "membership",
    "geography": "geography",
    "events": "events",
    "governance": "governance",
}


@dataclass(frozen=True)
class Attachment:
    file_name: str
    content: bytes
    mime: str  # "application/pdf", "application/zip"


@dataclass(frozen=True)
class Content:
    subject: str
    body: str
    link: str
    attachments: tuple[Attachment, ...]


def report_day(due: dt.datetime) -> dt.date:
    """Figures of a delivery are taken on the day before it is due: a summary due on 1 March covers February."""
    return due.date() - dt.timedelta(days=1)


def view_link(dashboard_url: str, page: str, view: ViewState) -> str:
    path = PAGE_PATHS.get(page, page)
    return f"{dashboard_url.rstrip('/')}/{path}?{urllib.parse.urlencode(view.to_query())}"


def schedule_filters(schedule: Schedule, as_of: dt.date) -> ViewState:
    """The schedule's filters (codes as in a dashboard link), on `as_of` unless they pin their own day."""
    query = dict(urllib.parse.parse_qsl(schedule.filters))
    known = known_country_codes()
    parsed = parse_query(query, as_of, known)
    if parsed.rejected:
        from analysis.errors import AllianceError

        listed = ", ".join(f"{name}={value!r}" for name, value in parsed.rejected.items())
        raise AllianceError(
            f"schedule {schedule.name}: filters hold values the dashboard does not know: {listed}"
        )
    return parsed.view


def build_content(
    database: AllianceDatabase,
    schedule: Schedule,
    language: Language,
    due: dt.datetime,
    dashboard_url: str,
    renderer: ImageRenderer,
) -> Content:
    if language == "zh":
        require_chinese_font()
    day = report_day(due)
    if schedule.what == "summary":
        return _summary(database, language, day, dashboard_url, renderer)
    if schedule.what == "page":
        return _page(database, schedule, language, day, dashboard_url, renderer)
    return _pack(database, schedule, language, day, dashboard_url, renderer)


def _summary(
    database: AllianceDatabase, language: Language, day: dt.date, url: str, renderer: ImageRenderer
) -> Content:
    filters = Filters(as_of=day)
    highlights = report_highlights(database, filters, day.year, language)
    document = renderer.print_html(
        pages_html(title=summary_title(day, language), language=language, highlights=highlights),
        PAGE_WIDTH,
        PAGE_HEIGHT,
    )
    link = view_link(url, "overview", ViewState(filters, language=language))
    mail = summary_mail(day, highlights, link, language)
    return Content(
        mail.subject,
        mail.body,
        link,
        (Attachment(f"summary_{day.isoformat()}_{language}.pdf", document, "application/pdf"),),
    )


def _page(
    database: AllianceDatabase,
    schedule: Schedule,
    language: Language,
    day: dt.date,
    url: str,
    renderer: ImageRenderer,
) -> Content:
    page = schedule.page or "overview"
    view = schedule_filters(schedule, day)
    filters = view.filters
    title = translate(f"frame.nav.{page}", language)
    highlights = None
    figure_pages: list[FigurePage] = []
    if page == "overview":
        highlights = report_highlights(database, filters, filters.as_of.year, language)
    else:
        for spec in figures_for((PAGE_SECTIONS[page],)):
            data = spec.compute(database, filters)
            framed = framed_figure(
                spec.build(data, language), caption_for(spec.title(language), filters, language)
            )
            framed.update_layout(height=spec.height)
            key_numbers = spec.key_numbers(data, filters.as_of.year, language)
            (svg,) = renderer.svgs([framed], PAGE_WIDTH, spec.height)
            figure_pages.append(FigurePage(svg, spec.caption(language), key_numbers))
    document = renderer.print_html(
        pages_html(title=title, language=language, highlights=highlights, figures=figure_pages),
        PAGE_WIDTH,
        PAGE_HEIGHT,
    )
    link = view_link(url, page, ViewState(filters, view.grain, language))
    mail = page_mail(title, filters.as_of, describe_filters(filters, language), link, language)
    return Content(
        mail.subject,
        mail.body,
        link,
        (Attachment(f"{page}_{filters.as_of.isoformat()}_{language}.pdf", document, "application/pdf"),),
    )


def _pack(
    database: AllianceDatabase,
    schedule: Schedule,
    language: Language,
    day: dt.date,
    url: str,
    renderer: ImageRenderer,
) -> Content:
    year = schedule.year or (day.year if day.month == 12 and day.day == 31 else day.year - 1)
    request = ReportRequest(year=year, language=language, sections=schedule.sections)
    with tempfile.TemporaryDirectory(prefix="alliance-pack-") as folder:
        pack = build_report_pack(database, request, Path(folder), renderer=renderer)
        content = pack.zip_path.read_bytes()
        name = pack.zip_path.name
    link = f"{url.rstrip('/')}/report?{urllib.parse.urlencode({'lang': language})}"
    mail = pack_mail(year, link, language)
    return Content(
        mail.subject,
        mail.body,
        link,
        (Attachment(name, content, "application/zip"),),
    )


def latest_data_day(database: AllianceDatabase) -> dt.date | None:
    with database.reading() as cursor:
        value = fetch_scalar(
            cursor,
            "select max(day) from (select max(joined_on) as day from members union all "
            "select max(left_on) from members union all select max(start_date) from events)",
        )
    return value
