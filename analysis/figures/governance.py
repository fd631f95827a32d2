"""Figures and tables for the governance page: pure functions of a metric frame and a language."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.figures.styling import category_colour, category_label, ordered_codes, titled
from analysis.i18n import Language, country_name, format_date, translate
from analysis.i18n.labels import as_date, display_name, grain_name, period_labels


def role_holders_figure(role_holders_over_time: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Chair and vice-chair units per period, one bar group per role; bars select the period.

    Input: `role_holders_over_time` [period_start, period_end, role, holders].
    """
    figure = go.Figure()
    for role in ordered_codes("roles", role_holders_over_time["role"]):
        rows = role_holders_over_time[role_holders_over_time["role"] == role].sort_values("period_start")
        name = category_label("roles", role, language)
        figure.add_bar(
            x=period_labels(rows["period_start"], grain, language),
            y=[int(value) for value in rows["holders"]],
            name=name,
            marker_color=category_colour("roles", role),
            customdata=[
                ["period", as_date(start).isoformat(), as_date(end).isoformat()]
                for start, end in zip(rows["period_start"], rows["period_end"], strict=True)
            ],
            hovertemplate=f"%{{x}}<br>{name}: %{{y:,}}<extra></extra>",
        )
    figure.update_layout(barmode="group")
    figure.update_xaxes(title_text=translate("governance.roles.period", language), type="category")
    figure.update_yaxes(
        title_text=translate("governance.roles.holders", language), rangemode="tozero", dtick=1
    )
    title = translate("governance.roles.title", language, grain=grain_name(grain, language))
    return titled(figure, language, title)


def role_holders_table(role_holders_on: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Who holds a role: member, country, role, since and until (empty = still held), chair first.

    Input: `role_holders_on` [member_id, name_en, name_zh, country, role, start_date, end_date].
    """
    role_order = {role: index for index, role in enumerate(ordered_codes("roles", role_holders_on["role"]))}
    ordered = role_holders_on.assign(_order=role_holders_on["role"].map(role_order)).sort_values(
        ["_order", "start_date", "name_en"], kind="stable"
    )
    return pd.DataFrame(
        {
            translate("governance.holders.member", language): [
                display_name(en, zh, language)
                for en, zh in zip(ordered["name_en"], ordered["name_zh"], strict=True)
            ],
            translate("governance.holders.country", language): [
                country_name(str(code), language) for code in ordered["country"]
            ],
            translate("governance.holders.role", language): [
                category_label("roles", str(role), language) for role in ordered["role"]
            ],
            translate("governance.holders.since", language): [
                format_date(as_date(day), language) for day in ordered["start_date"]
            ],
            translate("governance.holders.until", language): [
                format_date(as_date(day), language) if pd.notna(day) else "" for day in ordered["end_date"]
            ],
        }
    )


def new_members_per_meeting_figure(new_members_per_meeting: pd.DataFrame, language: Language) -> go.Figure:
    """One bar per council meeting (by date): the members who joined since the meeting before.

    Input: `new_members_per_council_meeting` [event_id, title_en, title_zh, start_date, new_members].
    """
    frame = new_members_per_meeting.sort_values("start_date")
    new_members_name = translate("governance.meetings.new_members", language)
    figure = go.Figure()
    figure.add_bar(
        x=[format_date(as_date(day), language) for day in frame["start_date"]],
        y=[int(value) for value in frame["new_members"]],
        name=new_members_name,
        marker_color=category_colour("flow", "joined"),
        text=[int(value) for value in frame["new_members"]],
        textposition="outside",
        customdata=[
            [display_name(en, zh, language)]
            for en, zh in zip(frame["title_en"], frame["title_zh"], strict=True)
        ],
        hovertemplate=f"<b>%{{customdata[0]}}</b><br>%{{x}}<br>{new_members_name}: %{{y:,}}<extra></extra>",
    )
    figure.update_xaxes(title_text=translate("governance.meetings.meeting", language), type="category")
    figure.update_yaxes(title_text=new_members_name, rangemode="tozero")
    figure.update_layout(showlegend=False)
    return titled(figure, language, translate("governance.meetings.title", language))
