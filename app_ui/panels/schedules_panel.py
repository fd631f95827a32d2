"""The Data page's schedules and alerts panel (editors without a scope): edit data/schedules.toml,
see what is due next and every delivery attempt, and send a schedule now."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pandas as pd
import streamlit as st

from analysis.delivery.log import DeliveryLog, log_path
from analysis.delivery.runner import run_now
from analysis.delivery.settings import (
    load_delivery_settings,
    next_due,
    parse_delivery_settings,
    schedules_path,
    smtp_settings,
)
from analysis.errors import AllianceError
from analysis.i18n import Language, translate
from analysis.store.scoped import whole_store
from app_ui.state.database import session_scope, shared_database

KEY_TEXT = "schedules_text"
KEY_SAVE = "schedules_save"
KEY_SEND = "schedules_send"
KEY_SEND_CHOICE = "schedules_send_choice"
_OUTCOME = "schedules_outcome"


def show_schedules_panel(language: Language) -> None:
    st.subheader(translate("delivery.panel.title", language))
    if session_scope() is not None:
        st.info(translate("delivery.panel.scoped", language))
        return
    path = schedules_path()
    st.caption(translate("delivery.panel.intro", language, path=str(path)))
    outcome = st.session_state.pop(_OUTCOME, None)
    if outcome:
        kind, message = outcome
        (st.success if kind == "success" else st.error)(message)
    try:
        settings = load_delivery_settings(path)
    except AllianceError as error:
        st.error(str(error))
        settings = None
    log = DeliveryLog(log_path(whole_store(shared_database())))
    if settings is not None and (settings.schedules or settings.alerts):
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                translate("delivery.panel.name", language): name,
                translate("delivery.panel.what", language): _kind(schedule.what, schedule.page, language),
                translate("delivery.panel.when", language): schedule.when,
                translate("delivery.panel.next", language): next_due(schedule, now, settings.zone).strftime(
                    "%Y-%m-%d %H:%M UTC"
                )
                if schedule.enabled
                else translate("delivery.panel.disabled", language),
                translate("delivery.panel.recipients", language): ", ".join(
                    r.email for r in schedule.recipients
                ),
            }
            for name, schedule in settings.schedules.items()
        ] + [
            {
                translate("delivery.panel.name", language): name,
                translate("delivery.panel.what", language): translate(
                    f"delivery.panel.rule.{alert.rule}",
                    language,
                    days=alert.days,
                    figure=translate(f"delivery.figure.{alert.figure}", language) if alert.figure else "",
                ),
                translate("delivery.panel.when", language): translate("delivery.panel.alert_when", language),
                translate("delivery.panel.next", language): (log.alert_state(name) or "–")
                if alert.enabled
                else translate("delivery.panel.disabled", language),
                translate("delivery.panel.recipients", language): ", ".join(
                    r.email for r in alert.recipients
                ),
            }
            for name, alert in settings.alerts.items()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        if settings.schedules:
            columns = st.columns([3, 1])
            columns[0].selectbox(
                translate("delivery.panel.send_choice", language),
                list(settings.schedules),
                key=KEY_SEND_CHOICE,
            )
            columns[1].button(
                translate("delivery.panel.send", language), key=KEY_SEND, on_click=_send_now, args=(language,)
            )
    with st.form("schedules_form"):
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        st.text_area(translate("delivery.panel.edit", language), value=current, height=320, key=KEY_TEXT)
        st.form_submit_button(
            translate("delivery.panel.save", language), key=KEY_SAVE, on_click=_save, args=(language,)
        )
    attempts = log.attempts(limit=50)
    st.markdown(f"**{translate('delivery.panel.log', language)}**")
    if attempts:
        st.dataframe(
            pd.DataFrame([item.__dict__ for item in attempts]).rename(
                columns=lambda c: translate(f"delivery.panel.log.{c}", language)
            ),
            hide_index=True,
        )
    else:
        st.caption(translate("delivery.panel.log_none", language))


def _state(state: str | None, language: Language) -> str:
    if state is None:
        return "–"
    return (
        translate("delivery.panel.state.ok", language)
        if state == "ok"
        else translate("delivery.panel.state.firing", language, state=state)
    )


def _kind(what: str, page: str | None, language: Language) -> str:
    page_name = translate(f"frame.nav.{page}", language) if page else ""
    return translate(f"delivery.panel.kind.{what}", language, page=page_name)


def _save(language: Language) -> None:
    """Checked first: a file with any problem is not written (the problems are listed, the text kept)."""
    text = str(st.session_state.get(KEY_TEXT) or "")
    path = schedules_path()
    try:
        settings = parse_delivery_settings(text, str(path))
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", str(error))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.writing")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
    st.session_state[_OUTCOME] = (
        "success",
        translate(
            "delivery.panel.saved",
            language,
            path=str(path),
            schedules=len(settings.schedules),
            alerts=len(settings.alerts),
        ),
    )


def _send_now(language: Language) -> None:
    name = str(st.session_state.get(KEY_SEND_CHOICE) or "")
    try:
        secrets: dict[str, Any] = st.secrets.to_dict()
    except FileNotFoundError:
        secrets = {}
    try:
        report = run_now(
            whole_store(shared_database()), load_delivery_settings(), lambda: smtp_settings(secrets), name
        )
    except AllianceError as error:
        st.session_state[_OUTCOME] = ("error", str(error))
        return
    failed = report.failed
    if failed:
        st.session_state[_OUTCOME] = (
            "error",
            "; ".join(f"{item.recipient}: {item.detail}" for item in failed),
        )
    else:
        st.session_state[_OUTCOME] = (
            "success",
            translate("delivery.panel.sent", language, name=name, count=len(report.outcomes)),
        )
