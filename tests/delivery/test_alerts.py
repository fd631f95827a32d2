"""Alerts fire once per state change, in the recipient's language, with a link to the view that shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from analysis.delivery import alerts_after_write
from analysis.delivery.log import DeliveryLog
from analysis.delivery.runner import check_alerts, run_due
from analysis.delivery.settings import SmtpSettings, parse_delivery_settings
from analysis.importer import import_files
from analysis.store.database import AllianceDatabase
from tests.datasets import fill_europe_scope_alliance
from tests.delivery.smtp_server import Mailbox, start_server

ALERTS = """
dashboard_url = "http://dash.test:8501"

[alerts.members-target]
rule = "projection_below_target"
recipients = [
  { email = "secretariat@example.org", language = "en" },
  { email = "li.wei@example.org", language = "zh" },
]

[alerts.quiet]
rule = "no_recent_event"
days = 90
recipients = ["secretariat@example.org"]

[alerts.country-left]
rule = "country_left"
recipients = ["secretariat@example.org"]

[alerts.few-members]
rule = "figure"
figure = "members"
below = 4
recipients = ["secretariat@example.org"]
"""
DAY = dt.datetime(2024, 10, 1, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, SmtpSettings]]:
    box = Mailbox()
    controller = start_server(box)
    yield (
        box,
        SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="dashboard@example.org"),
    )
    controller.stop()


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def test_projection_alert_fires_once_and_once_more_when_it_recovers(
    database: AllianceDatabase, mailbox: tuple[Mailbox, SmtpSettings], tmp_path: Path
) -> None:
    box, smtp = mailbox
    fill_europe_scope_alliance(
        database
    )  # 4 members since 2023-03-03, none joining since: the projection stays at 4; target 10
    settings = parse_delivery_settings(ALERTS)
    log = DeliveryLog(tmp_path / "delivery.sqlite")

    check_alerts(database, settings, lambda: smtp, now=DAY, log=log)
    target_mail = [m for m in box.messages if "members target" in m["Subject"] or "成员目标" in m["Subject"]]
    assert len(target_mail) == 2
    [english] = box.to("secretariat@example.org")[:1]
    assert (
        english["Subject"]
        == "Alert members-target: the members target for 2024 will be missed at the current pace"
    )
    assert "the projection puts members at 4 on 31 December 2024, below the target of 10" in body(english)
    assert "http://dash.test:8501/?as_of=2024-10-01" in body(english)
    [chinese] = box.to("li.wei@example.org")
    assert chinese["Subject"] == "提醒 members-target：按当前速度，2024年成员目标将无法实现"
    assert "http://dash.test:8501/?as_of=2024-10-01&lang=zh" in body(chinese)
    # The other rules hold on 1 October 2024 (events in June and September, nobody left, 4 members): silent.
    assert len(box.messages) == 2

    # Checked again (the next schedule run, the next import): the state has not changed, nothing is sent.
    run_due(database, settings, lambda: smtp, now=DAY + dt.timedelta(hours=1), log=log)
    check_alerts(database, settings, lambda: smtp, now=DAY + dt.timedelta(hours=2), log=log)
    assert len(box.messages) == 2

    # The target is lowered to 3: the projection (4) reaches it; one message each, saying so.
    targets = tmp_path / "targets.csv"
    targets.write_text("year,metric,target\n2024,members,3\n", encoding="utf-8")
    assert import_files(database, [targets]).ok
    check_alerts(database, settings, lambda: smtp, now=DAY + dt.timedelta(hours=3), log=log)
    assert len(box.messages) == 4
    recovered = box.to("secretariat@example.org")[-1]
    assert (
        recovered["Subject"]
        == "Alert members-target cleared: the members target for 2024 is back within reach"
    )
    assert "reaching the target of 3" in body(recovered)
    assert box.to("li.wei@example.org")[-1]["Subject"] == "提醒 members-target 已解除：2024年成员目标重新可期"
    check_alerts(database, settings, lambda: smtp, now=DAY + dt.timedelta(hours=4), log=log)
    assert len(box.messages) == 4


def test_country_left_quiet_and_figure_alerts(
    database: AllianceDatabase, mailbox: tuple[Mailbox, SmtpSettings], tmp_path: Path
) -> None:
    box, smtp = mailbox
    fill_europe_scope_alliance(database)
    settings = parse_delivery_settings(
        ALERTS.replace(
            'rule = "projection_below_target"', 'rule = "projection_below_target"\nenabled = false'
        )
    )
    log = DeliveryLog(tmp_path / "delivery.sqlite")
    check_alerts(database, settings, lambda: smtp, now=DAY, log=log)
    assert box.messages == []

    # U1 (the only US member) leaves on 2024-10-15: the USA has left, and members fall below 4.
    members = tmp_path / "members.csv"
    members.write_text(
        "member_id,name_en,country,member_type,joined_on,left_on\nU1,Member U1,USA,comprehensive,2023-03-03,2024-10-15\n",
        encoding="utf-8",
    )
    assert import_files(database, [members]).ok
    check_alerts(database, settings, lambda: smtp, now=dt.datetime(2024, 10, 20, tzinfo=dt.UTC), log=log)
    subjects = sorted(m["Subject"] for m in box.messages)
    assert subjects == [
        "Alert country-left: a country has left the alliance (United States)",
        "Alert few-members: members is below 4",
    ]
    country = next(m for m in box.messages if "country-left" in m["Subject"])
    assert "http://dash.test:8501/geography?as_of=2024-10-20" in body(country)
    figure = next(m for m in box.messages if "few-members" in m["Subject"])
    assert "members is 3, below the threshold of 4" in body(figure)
    assert "http://dash.test:8501/membership?as_of=2024-10-20" in body(figure)

    # 120 days after the last event (2024-09-01): no event in the last 90 days, once.
    late = dt.datetime(2024, 12, 30, tzinfo=dt.UTC)
    check_alerts(database, settings, lambda: smtp, now=late, log=log)
    check_alerts(database, settings, lambda: smtp, now=late + dt.timedelta(days=1), log=log)
    quiet = [m for m in box.messages if "quiet" in m["Subject"]]
    assert [m["Subject"] for m in quiet] == ["Alert quiet: no event in the last 90 days"]
    assert "the last one started on 1 September 2024" in body(quiet[0])
    assert "http://dash.test:8501/events?as_of=2024-12-30" in body(quiet[0])


def test_alerts_are_checked_after_an_import(
    database: AllianceDatabase,
    mailbox: tuple[Mailbox, SmtpSettings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    box, smtp = mailbox
    fill_europe_scope_alliance(database)
    schedules = tmp_path / "schedules.toml"
    schedules.write_text(ALERTS.split("[alerts.quiet]")[0], encoding="utf-8")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nstarttls = false\nsender = "d@example.org"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("ALLIANCE_SCHEDULES", str(schedules))
    monkeypatch.setenv("ALLIANCE_SECRETS", str(secrets))
    monkeypatch.setenv("ALLIANCE_DELIVERY_LOG", str(tmp_path / "delivery.sqlite"))
    lines = alerts_after_write(database, now=DAY)
    assert sorted(lines) == [
        "alert members-target: sent li.wei@example.org",
        "alert members-target: sent secretariat@example.org",
    ]
    assert len(box.messages) == 2
    assert alerts_after_write(database, now=DAY) == []
