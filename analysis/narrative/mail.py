"""The words of a scheduled delivery's mail: its subject and body, around the figures it carries.

The monthly summary's body is the report's highlights (the opening paragraph and the key facts as
bullets); a page's and the annual pack's bodies say what is attached and where the live view is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from analysis.i18n import Language, format_date, translate
from analysis.narrative.highlights import Highlights


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str


def summary_title(day: dt.date, language: Language) -> str:
    """The monthly summary's subject, which also heads its PDF."""
    return translate("delivery.summary.subject", language, day=format_date(day, language))


def summary_mail(day: dt.date, highlights: Highlights, link: str, language: Language) -> MailText:
    body = [
        translate("delivery.summary.body", language, day=format_date(day, language)),
        highlights.paragraph,
        *[f"• {bullet}" for bullet in highlights.bullets],
        translate("delivery.link", language, link=link),
    ]
    return MailText(summary_title(day, language), "\n\n".join(body))


def page_mail(page_title: str, day: dt.date, filters: str, link: str, language: Language) -> MailText:
    """`filters` is the page's filters in words (`analysis.rendering.framing.describe_filters`)."""
    body = [
        translate("delivery.page.body", language, page=page_title, filters=filters),
        translate("delivery.link", language, link=link),
    ]
    subject = translate("delivery.page.subject", language, page=page_title, day=format_date(day, language))
    return MailText(subject, "\n\n".join(body))


def pack_mail(year: int, link: str, language: Language) -> MailText:
    body = [
        translate("delivery.pack.body", language, year=year),
        translate("delivery.link", language, link=link),
    ]
    return MailText(translate("delivery.pack.subject", language, year=year), "\n\n".join(body))
