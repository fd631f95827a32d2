"""`schedule list|run|check|log`: scheduled deliveries and alerts from data/schedules.toml.

`schedule run` sends what is due (call it every few minutes from cron or a systemd timer), retries what
failed and checks the alerts; `schedule run --now NAME` sends one schedule at once.
"""

from __future__ import annotations

import argparse
import datetime as dt

from analysis.auth.secrets_file import read_secrets, secrets_path
from analysis.delivery.log import DeliveryLog, log_path
from analysis.delivery.runner import RunReport, run_due, run_now
from analysis.delivery.settings import (
    DeliverySettings,
    SmtpSettings,
    load_delivery_settings,
    next_due,
    schedules_path,
    smtp_settings,
)
from analysis.errors import AllianceError
from analysis.store.connection import open_database

NAME = "schedule"
HELP = "scheduled deliveries (summary, page PDF, annual pack by e-mail) and alerts: list, run, check, log"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--schedules",
        metavar="PATH",
        help="schedules file (default: $ALLIANCE_SCHEDULES, else data/schedules.toml)",
    )
    parser.add_argument(
        "--secrets",
        metavar="PATH",
        help="secrets file with [smtp] (default: $ALLIANCE_SECRETS, else .streamlit/secrets.toml)",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="every schedule and alert, with its next due time and last delivery")
    run = actions.add_parser("run", help="send what is due, retry what failed, check the alerts")
    run.add_argument("--now", metavar="NAME", help="send this schedule at once, whatever its rule says")
    run.add_argument(
        "--at",
        metavar="TIME",
        help="act as if the clock said TIME (ISO, e.g. 2025-03-01T07:00Z): catching up, tests",
    )
    actions.add_parser("check", help="check the schedules file and say what is wrong")
    log = actions.add_parser("log", help="the latest delivery attempts: sent, failed and why, retried")
    log.add_argument("--limit", type=int, default=30)


def run(args: argparse.Namespace) -> int:
    path = schedules_path(args.schedules)
    settings = load_delivery_settings(path)
    if args.action == "check":
        print(f"{path}: {len(settings.schedules)} schedules and {len(settings.alerts)} alerts, no problems")
        return 0
    database = open_database(args.db, create=False, read_only=args.action in ("list", "log"))
    try:
        log = DeliveryLog(log_path(database))
        if args.action == "list":
            _list(settings, log)
            return 0
        if args.action == "log":
            for item in log.attempts(limit=args.limit):
                print(
                    f"{item.at[:19]}  {item.job:<32} {item.due_at[:25]:<26} {item.recipient:<30} {item.outcome:<14} {item.detail or ''}"
                )
            return 0
        secrets_file = secrets_path(args.secrets)

        def smtp() -> SmtpSettings:
            return smtp_settings(read_secrets(secrets_file))

        now = _parse_time(args.at) if args.at else None
        report = (
            run_now(database, settings, smtp, args.now, now=now, log=log)
            if args.now
            else run_due(database, settings, smtp, now=now, log=log)
        )
    finally:
        database.close()
    return _print_report(report)


def _list(settings: DeliverySettings, log: DeliveryLog) -> None:
    now = dt.datetime.now(dt.UTC)
    if not settings.schedules and not settings.alerts:
        print(f"no schedules or alerts in {settings.source}")
    for schedule in settings.schedules.values():
        state = "" if schedule.enabled else " (disabled)"
        last = log.last_sent(f"schedule:{schedule.name}") or "never"
        target = {"page": f"page {schedule.page}", "pack": "annual pack"}.get(
            schedule.what, "monthly summary"
        )
        recipients = ", ".join(
            f"{r.email} ({r.language}{', ' + r.scope.text if r.scope else ''})" for r in schedule.recipients
        )
        print(
            f"{schedule.name}{state}: {target}, '{schedule.when}' ({settings.timezone}), next {next_due(schedule, now, settings.zone).isoformat()}, last sent {last}"
        )
        print(f"    to {recipients}")
    for alert in settings.alerts.values():
        state = log.alert_state(alert.name) or "not checked yet"
        print(
            f"alert {alert.name}: {alert.rule}, state {state}, to {', '.join(r.email for r in alert.recipients)}"
        )


def _parse_time(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise AllianceError(f"--at {text!r} is not a time; write it as 2025-03-01T07:00Z") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _print_report(report: RunReport) -> int:
    if not report.outcomes:
        print("nothing was due")
    for item in report.outcomes:
        if item.outcome != "unchanged":
            print(f"{item.outcome:<14} {item.job} {item.due_at} {item.recipient} {item.detail}".rstrip())
    if report.failed:
        raise AllianceError(
            f"{len(report.failed)} deliveries failed (reasons above and in `schedule log`); they are tried again at the next run"
        )
    return 0
