"""Scheduled delivery through a real SMTP server on 127.0.0.1: the monthly summary in English and
Chinese, on schedule, with its PDF attached and readable; failures logged and retried, nothing twice."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.delivery.log import DeliveryLog
from analysis.delivery.runner import run_due, run_now
from analysis.delivery.settings import SmtpSettings, parse_delivery_settings
from analysis.errors import AllianceError
from analysis.exports.browser import browser_available
from analysis.store.database import AllianceDatabase
from tests.datasets import fill_europe_scope_alliance
from tests.delivery.smtp_server import Mailbox, self_signed_certificate, start_server

pytestmark = pytest.mark.skipif(not browser_available(), reason="the PDFs need Debian's chromium")

SCHEDULES = """
dashboard_url = "http://dash.test:8501"

[schedules.monthly]
what = "summary"
when = "0 7 1 * *"
recipients = [
  { email = "secretariat@example.org", language = "en" },
  { email = "li.wei@example.org", language = "zh" },
]
"""


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, SmtpSettings]]:
    box = Mailbox()
    controller = start_server(box)
    yield (
        box,
        SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="dashboard@example.org"),
    )
    controller.stop()


@pytest.fixture
def filled(database: AllianceDatabase) -> AllianceDatabase:
    fill_europe_scope_alliance(database)
    return database


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def attachments(message: EmailMessage) -> list[tuple[str | None, bytes]]:
    return [(part.get_filename(), part.get_content()) for part in message.iter_attachments()]


def test_monthly_summary_arrives_on_schedule_in_both_languages(
    filled: AllianceDatabase, mailbox: tuple[Mailbox, SmtpSettings], tmp_path: Path
) -> None:
    box, smtp = mailbox
    settings = parse_delivery_settings(SCHEDULES)
    log = DeliveryLog(tmp_path / "delivery.sqlite")

    # 30 November, 23:00: the rule last named 1 November 07:00, more than a day before: not sent late.
    early = run_due(
        filled, settings, lambda: smtp, now=dt.datetime(2024, 11, 30, 23, 0, tzinfo=dt.UTC), log=log
    )
    assert [item.outcome for item in early.outcomes] == ["skipped", "skipped"]
    assert box.messages == []

    report = run_due(
        filled, settings, lambda: smtp, now=dt.datetime(2024, 12, 1, 7, 4, tzinfo=dt.UTC), log=log
    )
    assert sorted(item.outcome for item in report.outcomes) == ["sent", "sent"]
    [english] = box.to("secretariat@example.org")
    [chinese] = box.to("li.wei@example.org")
    assert english["Subject"] == "Alliance monthly summary, as of 30 November 2024"
    assert chinese["Subject"] == "联盟月度摘要（截至2024年11月30日）"
    assert english["X-Alliance-Delivery"] == "schedule:monthly 2024-12-01T07:00:00+00:00"
    body = english.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "http://dash.test:8501/?as_of=2024-11-30" in body
    assert (
        "http://dash.test:8501/?as_of=2024-11-30&lang=zh"
        in chinese.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    )
    [(name, pdf)] = attachments(english)
    assert name == "summary_2024-11-30_en.pdf"
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf)
    assert (
        "Highlights" in text and "the Alliance has 4 member think tanks from 4 countries" in text
    )  # D1, F1, C1, U1 on 30 November 2024
    [(name_zh, pdf_zh)] = attachments(chinese)
    assert name_zh == "summary_2024-11-30_zh.pdf"
    assert "成员" in pdf_text(pdf_zh)

    # The same due time again (cron every five minutes): nothing twice.
    again = run_due(
        filled, settings, lambda: smtp, now=dt.datetime(2024, 12, 1, 7, 9, tzinfo=dt.UTC), log=log
    )
    assert again.outcomes == [] and len(box.messages) == 2
    # The next month's due time is sent once more.
    run_due(filled, settings, lambda: smtp, now=dt.datetime(2025, 1, 1, 7, 0, tzinfo=dt.UTC), log=log)
    assert len(box.messages) == 4
    assert (
        box.to("secretariat@example.org")[-1]["Subject"] == "Alliance monthly summary, as of 31 December 2024"
    )
    outcomes = [(item.recipient, item.outcome) for item in log.attempts("schedule:monthly")]
    assert outcomes.count(("secretariat@example.org", "sent")) == 2


def test_a_failure_is_logged_never_blocks_the_next_and_is_retried_once(
    filled: AllianceDatabase, mailbox: tuple[Mailbox, SmtpSettings], tmp_path: Path
) -> None:
    box, smtp = mailbox
    settings = parse_delivery_settings(SCHEDULES)
    log = DeliveryLog(tmp_path / "delivery.sqlite")
    box.refused.add("secretariat@example.org")
    due = dt.datetime(2024, 12, 1, 7, 0, tzinfo=dt.UTC)

    first = run_due(filled, settings, lambda: smtp, now=due, log=log)
    assert {(item.recipient, item.outcome) for item in first.outcomes} == {
        ("secretariat@example.org", "failed"),
        ("li.wei@example.org", "sent"),
    }
    [failure] = first.failed
    assert "refused the recipient" in failure.detail and "550" in failure.detail
    assert [m["To"] for m in box.messages] == ["li.wei@example.org"]

    box.refused.clear()
    second = run_due(filled, settings, lambda: smtp, now=due + dt.timedelta(minutes=5), log=log)
    assert [(item.recipient, item.outcome) for item in second.outcomes] == [
        ("secretariat@example.org", "retried: sent")
    ]
    assert sorted(m["To"] for m in box.messages) == ["li.wei@example.org", "secretariat@example.org"]
    third = run_due(filled, settings, lambda: smtp, now=due + dt.timedelta(minutes=10), log=log)
    assert third.outcomes == [] and len(box.messages) == 2  # never twice
    logged = [(item.recipient, item.outcome) for item in reversed(log.attempts("schedule:monthly"))]
    assert logged == [
        ("secretariat@example.org", "failed"),
        ("li.wei@example.org", "sent"),
        ("secretariat@example.org", "retried: sent"),
    ] or logged == [
        ("li.wei@example.org", "sent"),
        ("secretariat@example.org", "failed"),
        ("secretariat@example.org", "retried: sent"),
    ]


def test_no_server_fails_with_the_reason(filled: AllianceDatabase, tmp_path: Path) -> None:
    from tests.delivery.smtp_server import free_port

    settings = parse_delivery_settings(SCHEDULES)
    nobody = SmtpSettings(host="127.0.0.1", port=free_port(), starttls=False, timeout_seconds=5)
    report = run_now(filled, settings, lambda: nobody, "monthly", log=DeliveryLog(tmp_path / "d.sqlite"))
    assert [item.outcome for item in report.outcomes] == ["failed", "failed"]
    assert "connection refused" in report.failed[0].detail


def test_starttls_and_login(filled: AllianceDatabase, tmp_path: Path) -> None:
    box = Mailbox()
    key, certificate = self_signed_certificate(tmp_path)
    controller = start_server(box, tls=(key, certificate), login=("dashboard", "s3cret"))
    try:
        settings = parse_delivery_settings(SCHEDULES)
        smtp = SmtpSettings(
            "127.0.0.1",
            controller.port,
            True,
            "dashboard",
            "s3cret",
            "dashboard@example.org",
            10,
            str(certificate),
        )
        report = run_now(filled, settings, lambda: smtp, "monthly", log=DeliveryLog(tmp_path / "d.sqlite"))
        assert [item.outcome for item in report.outcomes] == ["sent", "sent"]
    finally:
        controller.stop()
    assert len(box.messages) == 2


def test_a_scoped_recipient_gets_their_scopes_figures(
    filled: AllianceDatabase, mailbox: tuple[Mailbox, SmtpSettings], tmp_path: Path
) -> None:
    box, smtp = mailbox
    settings = parse_delivery_settings(
        SCHEDULES.replace(
            '{ email = "li.wei@example.org", language = "zh" },',
            '{ email = "berlin@example.org", language = "en", scope = "region:Europe" },',
        )
    )
    run_now(
        filled,
        settings,
        lambda: smtp,
        "monthly",
        now=dt.datetime(2024, 12, 1, 7, 0, tzinfo=dt.UTC),
        log=DeliveryLog(tmp_path / "d.sqlite"),
    )
    [berlin] = box.to("berlin@example.org")
    assert "has 2 member think tanks from 2 countries" in pdf_text(
        attachments(berlin)[0][1]
    )  # D1 and F1 only


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[schedules.x]\nwhat = "summary"\nwhen = "every monday"\nrecipients = ["a@example.org"]',
            "is not a cron rule of five fields",
        ),
        (
            '[schedules.x]\nwhat = "summary"\nwhen = "0 7 * * 1"\nrecipients = [{ email = "not-an-address" }]',
            "'not-an-address' is not an e-mail address",
        ),
        (
            '[schedules.x]\nwhat = "page"\npage = "nowhere"\nwhen = "0 7 * * 1"\nrecipients = ["a@example.org"]',
            "page = 'nowhere' must be one of",
        ),
        (
            '[schedules.x]\nwhat = "summary"\nwhen = "0 7 * * 1"\nrecipients = [{ email = "a@example.org", language = "fr" }]',
            "language 'fr' must be en or zh",
        ),
        (
            '[alerts.y]\nrule = "figure"\nfigure = "members"\nrecipients = ["a@example.org"]',
            "give one threshold",
        ),
        ("[schedules.x\n", "is not valid TOML"),
    ],
)
def test_bad_schedules_are_named(text: str, message: str) -> None:
    with pytest.raises(AllianceError, match=message):
        parse_delivery_settings(text, "data/schedules.toml")


def test_cli_sends_a_page_pdf_and_the_annual_pack(
    filled: AllianceDatabase, mailbox: tuple[Mailbox, SmtpSettings], tmp_path: Path
) -> None:
    import subprocess
    import sys
    import zipfile

    from analysis.paths import PROJECT_ROOT

    box, smtp = mailbox
    schedules = tmp_path / "schedules.toml"
    schedules.write_text(
        'dashboard_url = "http://dash.test"\n'
        '[schedules.geo]\nwhat = "page"\npage = "geography"\nfilters = "as_of=2024-12-31&regions=Europe"\nwhen = "0 6 * * 1"\n'
        'recipients = [{ email = "berlin@example.org", language = "zh" }]\n'
        '[schedules.pack]\nwhat = "pack"\nyear = 2024\nsections = ["membership"]\nwhen = "0 8 15 1 *"\n'
        'recipients = ["secretariat@example.org"]\n',
        encoding="utf-8",
    )
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nstarttls = false\nsender = "d@example.org"\n',
        encoding="utf-8",
    )
    store = filled.path
    filled.close()

    def schedule(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "analysis",
                "schedule",
                "--db",
                store,
                "--schedules",
                str(schedules),
                "--secrets",
                str(secrets),
                *arguments,
            ],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env={**__import__("os").environ, "ALLIANCE_DELIVERY_LOG": str(tmp_path / "delivery.sqlite")},
        )

    page = schedule("run", "--now", "geo")
    assert page.returncode == 0, page.stderr
    assert "sent" in page.stdout and "berlin@example.org" in page.stdout
    [message] = box.to("berlin@example.org")
    assert message["Subject"] == "地域（截至2024年12月31日）"
    assert (
        "http://dash.test/geography?as_of=2024-12-31&lang=zh&regions=Europe"
        in message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    )
    [(name, pdf)] = attachments(message)
    assert name == "geography_2024-12-31_zh.pdf"
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3  # one page per figure of the Geography page

    pack = schedule("run", "--now", "pack")
    assert pack.returncode == 0, pack.stderr
    [packed] = box.to("secretariat@example.org")
    assert packed["Subject"] == "Annual report pack 2024"
    [(zip_name, content)] = attachments(packed)
    assert zip_name == "alliance_report_2024_en.zip"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert "report.pdf" in names and "slides.pptx" in names

    listed = schedule("list")
    assert "geo: page geography" in listed.stdout
    logged = schedule("log")
    assert logged.stdout.count(" sent ") == 2
