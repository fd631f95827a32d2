"""The schedules and alerts file (`data/schedules.toml`, under version control) and the SMTP settings.

```toml
dashboard_url = "http://localhost:8501"   # the links in every message start here
timezone = "UTC"                           # the cron rules' clock (an IANA name, e.g. Europe/Berlin)

[schedules.monthly-summary]
what = "summary"                # summary (one-page PDF) | pack (the annual report pack, ZIP) | page (one page as PDF)
when = "0 7 1 * *"              # cron: minute hour day-of-month month day-of-week
recipients = [
  { email = "secretariat@example.org", language = "en" },
  { email = "li.wei@example.org", language = "zh" },
  { email = "berlin@example.org", language = "en", scope = "region:Europe" },  # sees Europe's rows only
]
# what = "page":  page = "geography", filters = "countries=CHN,USA&member_types=comprehensive"
# what = "pack":  year = 2024 (default: the year before the due day), sections = ["membership", ...]

[alerts.members-target]
rule = "projection_below_target"  # | no_recent_event (days = 90) | country_left | figure (figure, below / above)
recipients = [{ email = "secretariat@example.org", language = "en" }]
```

The SMTP server is in the secrets file (`.streamlit/secrets.toml`, never in git):
`[smtp] host = "...", port = 587, starttls = true, user = "...", password = "...", sender = "..."`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from analysis.auth.scope import Scope, parse_scope
from analysis.delivery.figures import HEADLINE_FIGURE_NAMES
from analysis.errors import AllianceError, BadDataError
from analysis.i18n import Language
from analysis.paths import DATA_DIR
from analysis.report.catalogue import SECTIONS

SCHEDULES_ENVIRONMENT_VARIABLE = "ALLIANCE_SCHEDULES"
DEFAULT_SCHEDULES = DATA_DIR / "schedules.toml"
KINDS = ("summary", "pack", "page")
PAGES = ("overview", "membership", "geography", "events", "governance")
RULES = ("projection_below_target", "no_recent_event", "country_left", "figure")
LANGUAGES = ("en", "zh")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
EMAIL = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+")


@dataclass(frozen=True)
class Recipient:
    email: str
    language: Language = "en"
    scope: Scope | None = None


@dataclass(frozen=True)
class Schedule:
    name: str
    what: str
    when: str
    recipients: tuple[Recipient, ...]
    page: str | None = None
    filters: str = ""
    year: int | None = None
    sections: tuple[str, ...] = SECTIONS
    enabled: bool = True


@dataclass(frozen=True)
class AlertRule:
    name: str
    rule: str
    recipients: tuple[Recipient, ...]
    days: int = 90
    figure: str | None = None
    below: float | None = None
    above: float | None = None
    enabled: bool = True


@dataclass(frozen=True)
class DeliverySettings:
    dashboard_url: str = "http://localhost:8501"
    timezone: str = "UTC"
    schedules: dict[str, Schedule] = field(default_factory=dict)
    alerts: dict[str, AlertRule] = field(default_factory=dict)
    source: Path | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str = "alliance-dashboard@localhost"
    timeout_seconds: float = 30.0
    cafile: str | None = None  # a CA bundle to check the server's certificate against (an in-house CA)


def schedules_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit)
    configured = os.environ.get(SCHEDULES_ENVIRONMENT_VARIABLE)
    return Path(configured) if configured else DEFAULT_SCHEDULES


def load_delivery_settings(path: Path | None = None) -> DeliverySettings:
    """The file's schedules and alerts, every problem named (file, entry, key, why, how to fix)."""
    path = path or schedules_path()
    if not path.exists():
        return DeliverySettings(source=path)
    return parse_delivery_settings(path.read_text(encoding="utf-8"), str(path))


def parse_delivery_settings(text: str, where: str = "schedules.toml") -> DeliverySettings:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadDataError(f"{where} is not valid TOML ({error}); fix the line named.") from None
    problems: list[str] = []
    known = {"dashboard_url", "timezone", "schedules", "alerts"}
    for key in document:
        if key not in known:
            problems.append(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))})")
    url = str(document.get("dashboard_url", "http://localhost:8501")).rstrip("/")
    if not re.fullmatch(r"https?://[^\s]+", url):
        problems.append(f"{where}: dashboard_url {url!r} must start with http:// or https://")
    timezone = str(document.get("timezone", "UTC"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"{where}: timezone {timezone!r} is not a known time zone (e.g. UTC, Europe/Berlin)")
    schedules = {}
    for name, entry in _tables(document, "schedules", where, problems).items():
        schedule = _schedule(name, entry, f"{where} [schedules.{name}]", problems)
        if schedule is not None:
            schedules[name] = schedule
    alerts = {}
    for name, entry in _tables(document, "alerts", where, problems).items():
        alert = _alert(name, entry, f"{where} [alerts.{name}]", problems)
        if alert is not None:
            alerts[name] = alert
    if problems:
        raise BadDataError(
            "The schedules file has problems; nothing was changed:\n- " + "\n- ".join(problems)
        )
    return DeliverySettings(
        url, timezone, schedules, alerts, Path(where) if where.endswith(".toml") else None
    )


def _tables(document: Mapping[str, Any], key: str, where: str, problems: list[str]) -> dict[str, Any]:
    value = document.get(key) or {}
    if not isinstance(value, dict):
        problems.append(f"{where}: {key} must be tables ([{key}.NAME]), not {type(value).__name__}")
        return {}
    tables = {}
    for name, entry in value.items():
        if not NAME.fullmatch(name):
            problems.append(
                f"{where}: the name {name!r} in [{key}] may hold letters, digits, '.', '_', '-' only"
            )
        elif not isinstance(entry, dict):
            problems.append(f"{where}: [{key}.{name}] must be a table")
        else:
            tables[name] = entry
    return tables


def _unknown(entry: Mapping[str, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    for key in entry:
        if key not in allowed:
            problems.append(f"{where}: unknown key {key!r} (known: {', '.join(sorted(allowed))})")


def _recipients(value: Any, where: str, problems: list[str]) -> tuple[Recipient, ...]:
    if not isinstance(value, list) or not value:
        problems.append(
            f'{where}: recipients must be a non-empty list like [{{ email = "a@example.org", language = "en" }}]'
        )
        return ()
    recipients = []
    for index, item in enumerate(value, start=1):
        place = f"{where} recipient {index}"
        if isinstance(item, str):
            item = {"email": item}
        if not isinstance(item, dict):
            problems.append(f'{place}: write {{ email = "...", language = "en" }}')
            continue
        _unknown(item, {"email", "language", "scope"}, place, problems)
        email = str(item.get("email", "")).strip()
        if not EMAIL.fullmatch(email):
            problems.append(f"{place}: {email!r} is not an e-mail address")
            continue
        language = str(item.get("language", "en"))
        if language not in LANGUAGES:
            problems.append(f"{place}: language {language!r} must be en or zh")
            continue
        try:
            scope = parse_scope(item.get("scope"), f"{place} scope")
        except AllianceError as error:
            problems.append(str(error))
            continue
        recipients.append(Recipient(email, cast(Language, language), scope))
    return tuple(recipients)


def _schedule(name: str, entry: Mapping[str, Any], where: str, problems: list[str]) -> Schedule | None:
    before = len(problems)
    _unknown(
        entry,
        {"what", "when", "recipients", "page", "filters", "year", "sections", "enabled"},
        where,
        problems,
    )
    what = str(entry.get("what", ""))
    if what not in KINDS:
        problems.append(f"{where}: what = {what!r} must be one of {', '.join(KINDS)}")
    when = str(entry.get("when", ""))
    if not croniter.is_valid(when) or len(when.split()) != 5:
        problems.append(
            f"{where}: when = {when!r} is not a cron rule of five fields: minute hour day-of-month month "
            'day-of-week (e.g. "0 7 1 * *" = 07:00 on the 1st of every month)'
        )
    page = entry.get("page")
    if what == "page" and page not in PAGES:
        problems.append(f"{where}: page = {page!r} must be one of {', '.join(PAGES)}")
    filters = str(entry.get("filters", "")).lstrip("?")
    year = entry.get("year")
    if year is not None and (not isinstance(year, int) or not 2000 <= year <= 2100):
        problems.append(
            f"{where}: year = {year!r} must be a year such as 2024 (or left out: the year before)"
        )
    sections = entry.get("sections", list(SECTIONS))
    if not isinstance(sections, list) or any(section not in SECTIONS for section in sections) or not sections:
        problems.append(f"{where}: sections must be a list of {', '.join(SECTIONS)}")
        sections = list(SECTIONS)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"{where}: enabled must be true or false")
    recipients = _recipients(entry.get("recipients"), where, problems)
    if len(problems) > before:
        return None
    return Schedule(
        name,
        what,
        when,
        recipients,
        str(page) if page else None,
        filters,
        year,
        tuple(sections),
        bool(enabled),
    )


def _alert(name: str, entry: Mapping[str, Any], where: str, problems: list[str]) -> AlertRule | None:
    before = len(problems)
    _unknown(entry, {"rule", "recipients", "days", "figure", "below", "above", "enabled"}, where, problems)
    rule = str(entry.get("rule", ""))
    if rule not in RULES:
        problems.append(f"{where}: rule = {rule!r} must be one of {', '.join(RULES)}")
    days = entry.get("days", 90)
    if not isinstance(days, int) or days < 1:
        problems.append(f"{where}: days must be a whole number of days, 1 or more")
    figure = entry.get("figure")
    below, above = entry.get("below"), entry.get("above")
    if rule == "figure":
        if figure not in HEADLINE_FIGURE_NAMES:
            problems.append(f"{where}: figure = {figure!r} must be one of {', '.join(HEADLINE_FIGURE_NAMES)}")
        if (below is None) == (above is None) or not isinstance(
            below if below is not None else above, int | float
        ):
            problems.append(f"{where}: give one threshold, below = NUMBER or above = NUMBER")
    enabled = entry.get("enabled", True)
    recipients = _recipients(entry.get("recipients"), where, problems)
    if len(problems) > before:
        return None
    return AlertRule(
        name,
        rule,
        recipients,
        int(days),
        str(figure) if figure else None,
        float(below) if below is not None else None,
        float(above) if above is not None else None,
        bool(enabled),
    )


def smtp_settings(secrets: Mapping[str, Any]) -> SmtpSettings:
    """[smtp] of the secrets file; a clear message when it is missing or wrong."""
    smtp = secrets.get("smtp")
    if not isinstance(smtp, dict) or not smtp.get("host"):
        raise AllianceError(
            "No SMTP server is set: add to the secrets file (.streamlit/secrets.toml)\n"
            '[smtp]\nhost = "smtp.example.org"\nport = 587\nstarttls = true\nuser = "dashboard"\n'
            'password = "..."\nsender = "dashboard@example.org"'
        )
    port = smtp.get("port", 587)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise AllianceError(f"secrets [smtp] port = {port!r} must be a port number such as 587")
    return SmtpSettings(
        host=str(smtp["host"]),
        port=port,
        starttls=smtp.get("starttls", True) is True,
        user=str(smtp["user"]) if smtp.get("user") else None,
        password=str(smtp["password"]) if smtp.get("password") else None,
        sender=str(smtp.get("sender") or smtp.get("user") or "alliance-dashboard@localhost"),
        timeout_seconds=float(smtp.get("timeout_seconds", 30)),
        cafile=str(smtp["cafile"]) if smtp.get("cafile") else None,
    )


def previous_due(schedule: Schedule, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The latest time at or before `now` the schedule's rule names (aware, in UTC)."""
    local = now.astimezone(zone)
    iterator = croniter(schedule.when, local + dt.timedelta(seconds=1))
    return iterator.get_prev(dt.datetime).astimezone(dt.UTC)


def next_due(schedule: Schedule, now: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    iterator = croniter(schedule.when, now.astimezone(zone))
    return iterator.get_next(dt.datetime).astimezone(dt.UTC)
