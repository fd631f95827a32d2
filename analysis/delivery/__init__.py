"""Scheduled delivery and alerts: what is sent to whom and when (`settings.py`, `data/schedules.toml`),
what a message holds (`content.py`, `alerts.py`), sending it (`mail.py`), and the log that makes every
delivery happen once (`log.py`); `runner.py` ties them together for `python -m analysis schedule`."""

from __future__ import annotations

import datetime as dt
import logging

from analysis.auth.secrets_file import read_secrets, secrets_path
from analysis.delivery.settings import load_delivery_settings, smtp_settings
from analysis.store.connection import AllianceDatabase

LOGGER = logging.getLogger("alliance.delivery")


def alerts_after_write(database: AllianceDatabase, now: dt.datetime | None = None) -> list[str]:
    """Check the alerts after an import or an edit; lines saying what went out. Never raises: a write
    that landed stays landed whatever the mail server does (failures are in the delivery log)."""
    from analysis.delivery.runner import check_alerts

    try:
        settings = load_delivery_settings()
        if not settings.alerts:
            return []
        secrets = read_secrets(secrets_path())
        report = check_alerts(database, settings, lambda: smtp_settings(secrets), now=now)
    except Exception as error:
        LOGGER.warning("alerts were not checked after a write: %s", error)
        return [f"alerts were not checked: {error}"]
    return [
        f"alert {item.job.removeprefix('alert:')}: {item.outcome} {item.recipient} {item.detail}".rstrip()
        for item in report.outcomes
        if item.outcome != "unchanged"
    ]
