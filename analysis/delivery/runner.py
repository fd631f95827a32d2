"""`schedule run`: send what is due, retry what failed, check the alerts; every outcome logged.

Each delivery is one (schedule or alert, due time, recipient) in the delivery log (`log.py`): claimed
before it is sent, marked sent or failed (with the reason) after, so a run that fails for one recipient
carries on with the next, a failed one is retried at the next runs, and nothing is sent twice.
A due time more than CATCH_UP old when first seen (nothing ran then) is logged as skipped, not sent late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.auth.scope import Scope
from analysis.delivery import alerts
from analysis.delivery.content import Content, build_content
from analysis.delivery.log import DeliveryLog, log_path
from analysis.delivery.mail import compose, describe_failure, send
from analysis.delivery.settings import (
    AlertRule,
    DeliverySettings,
    Recipient,
    Schedule,
    SmtpSettings,
    previous_due,
)
from analysis.errors import AllianceError
from analysis.rendering.browser import ImageRenderer
from analysis.store.connection import AllianceDatabase
from analysis.store.scoped import ScopedDatabase, whole_store

CATCH_UP = dt.timedelta(hours=24)
SmtpSource = Callable[[], SmtpSettings]


@dataclass(frozen=True)
class Outcome:
    job: str
    due_at: str
    recipient: str
    outcome: str  # sent | retried: sent | failed | skipped | unchanged
    detail: str = ""


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [item for item in self.outcomes if item.outcome == "failed"]


class _Session:
    """One run: the log, the SMTP settings, one browser (opened on first need), one handle per scope."""

    def __init__(
        self,
        database: AllianceDatabase,
        settings: DeliverySettings,
        smtp: SmtpSource,
        log: DeliveryLog | None,
    ) -> None:
        self.database = whole_store(database)
        self.settings = settings
        self.smtp_source = smtp
        self.log = log or DeliveryLog(log_path(self.database))
        self.report = RunReport()
        self._renderer: ImageRenderer | None = None
        self._scoped: dict[str, AllianceDatabase] = {}

    def handle(self, scope: Scope | None) -> AllianceDatabase:
        if scope is None:
            return self.database
        if scope.text not in self._scoped:
            self._scoped[scope.text] = ScopedDatabase(self.database, scope)
        return self._scoped[scope.text]

    def renderer(self) -> ImageRenderer:
        if self._renderer is None:
            self._renderer = ImageRenderer(tabs=1)
            self._renderer.open()
        return self._renderer

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
        for handle in self._scoped.values():
            handle.close()

    def deliver(
        self, job: str, due: str, recipient: Recipient, content: Callable[[], Content], now: dt.datetime
    ) -> None:
        attempt = self.log.claim(job, due, recipient.email, now)
        if attempt is None:
            return
        try:
            built = content()
            smtp = self.smtp_source()
            send(smtp, compose(built, smtp.sender, recipient.email, f"{job} {due}"))
        except Exception as error:
            detail = str(error) if isinstance(error, AllianceError) else describe_failure(error)
            self.log.finish(job, due, recipient.email, attempt, detail, dt.datetime.now(dt.UTC))
            self.report.outcomes.append(Outcome(job, due, recipient.email, "failed", detail))
            return
        self.log.finish(job, due, recipient.email, attempt, None, dt.datetime.now(dt.UTC))
        self.report.outcomes.append(
            Outcome(job, due, recipient.email, "sent" if attempt == 1 else "retried: sent")
        )


def _content_builder(
    session: _Session, schedule: Schedule, due: dt.datetime
) -> Callable[[Recipient], Callable[[], Content]]:
    built: dict[tuple[str, str], Content] = {}

    def for_recipient(recipient: Recipient) -> Callable[[], Content]:
        def make() -> Content:
            key = (recipient.language, recipient.scope.text if recipient.scope else "")
            if key not in built:
                built[key] = build_content(
                    session.handle(recipient.scope),
                    schedule,
                    recipient.language,
                    due.astimezone(session.settings.zone),
                    session.settings.dashboard_url,
                    session.renderer(),
                )
            return built[key]

        return make

    return for_recipient


def _send_schedule(
    session: _Session,
    schedule: Schedule,
    due: dt.datetime,
    due_key: str,
    now: dt.datetime,
    only: set[str] | None = None,
) -> None:
    job = f"schedule:{schedule.name}"
    make = _content_builder(session, schedule, due)
    for recipient in schedule.recipients:
        if only is None or recipient.email in only:
            session.deliver(job, due_key, recipient, make(recipient), now)


def run_due(
    database: AllianceDatabase,
    settings: DeliverySettings,
    smtp: SmtpSource,
    *,
    now: dt.datetime | None = None,
    log: DeliveryLog | None = None,
    check_alerts: bool = True,
) -> RunReport:
    """Everything due at `now` (default: the clock), the retries, then the alerts."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    session = _Session(database, settings, smtp, log)
    try:
        for schedule in settings.schedules.values():
            if not schedule.enabled:
                continue
            job = f"schedule:{schedule.name}"
            due = previous_due(schedule, now, settings.zone)
            due_key = due.isoformat()
            # Failed deliveries of earlier due times first (at most MAX_ATTEMPTS each).
            retries: dict[str, set[str]] = {}
            for retry_due, address in session.log.retriable(job, now):
                if retry_due != due_key:
                    retries.setdefault(retry_due, set()).add(address)
            for retry_due, recipients in sorted(retries.items()):
                when = dt.datetime.fromisoformat(retry_due.removeprefix("manual:"))
                _send_schedule(session, schedule, when, retry_due, now, recipients)
            if not session.log.has_due(job, due_key) and now - due > CATCH_UP:
                for recipient in schedule.recipients:
                    detail = (
                        f"due {due_key} but nothing ran within {CATCH_UP} of it; the next due time is sent"
                    )
                    session.log.note(job, due_key, recipient.email, "skipped", detail, now)
                    session.report.outcomes.append(Outcome(job, due_key, recipient.email, "skipped", detail))
                continue
            _send_schedule(session, schedule, due, due_key, now)
        if check_alerts:
            _check_alerts(session, now)
    finally:
        session.close()
    return session.report


def run_now(
    database: AllianceDatabase,
    settings: DeliverySettings,
    smtp: SmtpSource,
    name: str,
    *,
    now: dt.datetime | None = None,
    log: DeliveryLog | None = None,
) -> RunReport:
    """Send one schedule now, whatever its rule says (logged as a manual delivery)."""
    if name not in settings.schedules:
        known = ", ".join(sorted(settings.schedules)) or "none"
        raise AllianceError(
            f"There is no schedule {name!r} (schedules: {known}). `schedule list` shows them."
        )
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    session = _Session(database, settings, smtp, log)
    try:
        _send_schedule(session, settings.schedules[name], now, f"manual:{now.isoformat()}", now)
    finally:
        session.close()
    return session.report


def check_alerts(
    database: AllianceDatabase,
    settings: DeliverySettings,
    smtp: SmtpSource,
    *,
    now: dt.datetime | None = None,
    log: DeliveryLog | None = None,
) -> RunReport:
    """Only the alerts (after an import or an edit)."""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    session = _Session(database, settings, smtp, log)
    try:
        _check_alerts(session, now)
    finally:
        session.close()
    return session.report


def _check_alerts(session: _Session, now: dt.datetime) -> None:
    day = now.astimezone(session.settings.zone).date()
    for rule in session.settings.alerts.values():
        if rule.enabled:
            groups: dict[str, list[Recipient]] = {}
            for recipient in rule.recipients:
                groups.setdefault(recipient.scope.text if recipient.scope else "", []).append(recipient)
            for scope_text, recipients in groups.items():
                _check_alert(session, rule, scope_text, recipients, day, now)


def _check_alert(
    session: _Session,
    rule: AlertRule,
    scope_text: str,
    recipients: list[Recipient],
    day: dt.date,
    now: dt.datetime,
) -> None:
    key = rule.name + (f"@{scope_text}" if scope_text else "")
    job = f"alert:{key}"
    try:
        evaluation = alerts.evaluate(session.handle(recipients[0].scope), rule, day)
    except Exception as error:
        session.report.outcomes.append(
            Outcome(job, "", "", "failed", f"the rule could not be checked: {error}")
        )
        return
    previous = session.log.alert_state(key)
    # A failed message of the current state is retried while the state holds.
    for retry_due, recipient_email in session.log.retriable(job, now):
        if retry_due.endswith(f"|{evaluation.state}"):
            old = retry_due.split("|")[1]
            recipient = next((r for r in recipients if r.email == recipient_email), None)
            if recipient is not None:
                session.deliver(
                    job,
                    retry_due,
                    recipient,
                    _alert_content(session, rule, evaluation, old or None, recipient),
                    now,
                )
    if evaluation.state == previous or (previous is None and not evaluation.firing):
        if previous is None:
            session.log.change_alert_state(key, None, evaluation.state, now)
        session.report.outcomes.append(Outcome(job, "", "", "unchanged", evaluation.state))
        return
    if not session.log.change_alert_state(key, previous, evaluation.state, now):
        return  # another run recorded this change at the same moment and sends it
    due_key = f"{now.isoformat()}|{previous or ''}|{evaluation.state}"
    for recipient in recipients:
        session.deliver(
            job, due_key, recipient, _alert_content(session, rule, evaluation, previous, recipient), now
        )


def _alert_content(
    session: _Session,
    rule: AlertRule,
    evaluation: alerts.Evaluation,
    previous: str | None,
    recipient: Recipient,
) -> Callable[[], Content]:
    def make() -> Content:
        subject, body, link = alerts.message(
            rule, evaluation, previous, recipient.language, session.settings.dashboard_url
        )
        return Content(subject, body, link, ())

    return make
