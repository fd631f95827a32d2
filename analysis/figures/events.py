"""Figures and tables for the events page: pure functions of a metric frame and a language.

Selectable points carry `customdata` `[field, value]` (see app_ui/state/selection.py): an event-type bar
`["event_types", code]`, a format bar `["formats", code]`, an attendance bar
`["period", start_iso, end_iso]`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.figures.styling import (
    BOTTOM_LEGEND,
    category_colour,
    category_label,
    ordered_codes,
    titled,
)
from analysis.figures.table_layout import shortened
from analysis.figures.theme import date_format
from analysis.i18n import Language, country_name, format_date, format_number, translate
from analysis.i18n.labels import as_date, display_name, grain_name, period_labels

TIMELINE_EVENTS = 1_000  # one dot each; 20,000 dots hid one another and sent 2.7 MB of chart per rerun


def timeline_events(event_list: pd.DataFrame, limit: int = TIMELINE_EVENTS) -> pd.DataFrame:
    """The events drawn on the timeline: all of them, or the latest whole days holding at most `limit`.

    A day is drawn whole or not at all, so the timeline is complete from its first day on (the note
    says from when); in list order (newest first). Only when one day alone holds more than `limit`
    events are the first `limit` of the list drawn.
    """
    if len(event_list) <= limit:
        return event_list
    starts = pd.to_datetime(event_list["start_date"])
    cut_day = starts.sort_values(ascending=False).iloc[limit]  # the newest day that cannot be drawn whole
    shown = event_list[(starts > cut_day).to_numpy()]
    return shown if len(shown) else event_list.head(limit)


def timeline_note(event_list: pd.DataFrame, shown: pd.DataFrame, language: Language) -> str:
    """ "" when the timeline draws every event, else which events it draws and how to see the others."""
    if len(shown) == len(event_list):
        return ""
    return translate(
        "events.timeline.capped",
        language,
        shown=format_number(len(shown), language),
        total=format_number(len(event_list), language),
        since=format_date(as_date(pd.to_datetime(shown["start_date"]).min()), language),
    )


def event_timeline_figure(event_list: pd.DataFrame, language: Language) -> go.Figure:
    """Each event as a dot on its start day, one row per event type, coloured by format, sized by attendees.

    Input: `event_list` [event_id, title_en, title_zh, event_type, format, start_date, city, city_zh,
    country, attendees]. Events with no attendee count get the smallest dot. Past TIMELINE_EVENTS
    events only the latest days are drawn (`timeline_events`), and the subtitle says so.
    """
    shown = timeline_events(event_list)
    days = _formatted_days(shown["start_date"], language)
    figure = go.Figure()
    for format_code in ordered_codes("formats", shown["format"]):
        in_format = (shown["format"] == format_code).to_numpy()
        rows = shown[in_format]
        attendees = pd.to_numeric(rows["attendees"], errors="coerce")
        # one object array, not nested lists: plotly validates nested lists element by element
        customdata = np.empty((len(rows), 6), dtype=object)
        customdata[:, 0] = "formats"
        customdata[:, 1] = format_code
        customdata[:, 2] = [
            display_name(en, zh, language)
            for en, zh in zip(rows["title_en"].tolist(), rows["title_zh"].tolist(), strict=True)
        ]
        customdata[:, 3] = days[in_format]
        customdata[:, 4] = [
            _place(city, city_zh, country, language)
            for city, city_zh, country in zip(
                rows["city"].tolist(), rows["city_zh"].tolist(), rows["country"].tolist(), strict=True
            )
        ]
        customdata[:, 5] = [
            format_number(value, language) if pd.notna(value) else translate("events.unknown", language)
            for value in rows["attendees"].tolist()
        ]
        type_labels = {
            code: category_label("event_types", str(code), language) for code in set(rows["event_type"])
        }
        figure.add_scatter(
            x=pd.to_datetime(rows["start_date"]),
            y=[type_labels[code] for code in rows["event_type"].tolist()],
            mode="markers",
            name=category_label("formats", format_code, language),
            marker={
                "color": category_colour("formats", format_code),
                "size": [_dot_size(value) for value in attendees.tolist()],
                "line": {"width": 1, "color": "white"},
            },
            customdata=customdata,
            hovertemplate=(
                "<b>%{customdata[2]}</b><br>%{customdata[3]} · %{customdata[4]}<br>"
                f"{translate('events.timeline.attendees', language)}: %{{customdata[5]}}<extra>%{{fullData.name}}</extra>"
            ),
        )
    figure.update_xaxes(
        title_text=translate("events.timeline.date", language), type="date", tickformat=date_format(language)
    )
    figure.update_yaxes(title_text=translate("events.timeline.type", language), type="category")
    figure.update_layout(
        legend=BOTTOM_LEGEND | {"title": {"text": translate("events.legend.format", language), "side": "top"}}
    )
    note = timeline_note(event_list, shown, language)
    if note:
        figure.update_layout(title_subtitle_text=note)
    return titled(figure, language, translate("events.timeline.title", language))


def _formatted_days(days: pd.Series, language: Language) -> np.ndarray:
    """Each day of `days` as `format_date` writes it, formatting each distinct day once (20,000 events
    fall on a few thousand days)."""
    codes, distinct = pd.factorize(pd.to_datetime(days))
    labels = np.array([format_date(as_date(day), language) for day in distinct] + [""], dtype=object)
    return labels[codes]  # code -1 (no day) reads the trailing ""


def _dot_size(attendees: float) -> float:
    """Marker size: area grows with attendees (10 px for none or unknown, 40 px for 1,000 or more)."""
    if pd.isna(attendees) or attendees <= 0:
        return 10.0
    return float(10 + 30 * min(attendees, 1000) ** 0.5 / 1000**0.5)


def _place(city: object, city_zh: object, country: object, language: Language) -> str:
    """Where an event took place: "Guiyang, China" / "中国·贵阳" (the English city when no Chinese one)."""
    country_text = country_name(str(country), language)
    if not (isinstance(city, str) and city):
        return country_text
    city_text = display_name(city, city_zh, language)
    return f"{country_text}·{city_text}" if language == "zh" else f"{city_text}, {country_text}"


def events_by_period_figure(
    events_by_period: pd.DataFrame, split: str, grain: str, language: Language
) -> go.Figure:
    """Events per period stacked by `split` ("event_type" or "format"); bars select that category.

    Input: `events_by_period` [period_start, period_end, event_type, format, events, ...]: the events
    of each category are summed over the other split.
    """
    field = {"event_type": "event_types", "format": "formats"}[split]
    periods = (
        events_by_period[["period_start", "period_end"]]
        .drop_duplicates("period_start")
        .sort_values("period_start")
    )
    labels = period_labels(periods["period_start"], grain, language)
    figure = go.Figure()
    for code in ordered_codes(field, events_by_period[split].dropna()):
        per_period = events_by_period[events_by_period[split] == code].groupby("period_start")["events"].sum()
        counts = [int(per_period.get(start, 0)) for start in periods["period_start"]]
        if not any(counts):
            continue  # the metric lists every category the filters allow; a legend of zeros is noise
        name = category_label(field, code, language)
        figure.add_bar(
            x=labels,
            y=counts,
            name=name,
            marker_color=category_colour(field, code),
            customdata=[  # [field, code] selects; the period after it is what the drill list reads
                [field, code, as_date(start).isoformat(), as_date(end).isoformat()]
                for start, end in zip(periods["period_start"], periods["period_end"], strict=True)
            ],
            hovertemplate=f"%{{x}}<br>{name}: %{{y:,}}<extra></extra>",
        )
    title_key = "events.by_type.title" if split == "event_type" else "events.by_format.title"
    legend_key = "events.legend.type" if split == "event_type" else "events.legend.format"
    figure.update_layout(
        barmode="stack",
        legend=BOTTOM_LEGEND | {"title": {"text": translate(legend_key, language), "side": "top"}},
    )
    # Side by side with the other split: same plot width (legend below), same labels at the same angle.
    figure.update_xaxes(title_text=translate("events.axis.period", language), type="category", tickangle=-90)
    figure.update_yaxes(title_text=translate("events.axis.events", language), rangemode="tozero")
    return titled(figure, language, translate(title_key, language, grain=grain_name(grain, language)))


def attendance_totals(events_by_period: pd.DataFrame) -> pd.DataFrame:
    """[period_start, period_end, attendees, online_viewers] per period, summed over types and formats."""
    columns = ["period_start", "period_end", "attendees", "online_viewers"]
    if events_by_period.empty:
        return pd.DataFrame(columns=columns)
    totals = events_by_period.groupby(["period_start", "period_end"], as_index=False)[
        ["attendees", "online_viewers"]
    ].sum()
    return totals.sort_values("period_start").reset_index(drop=True)[columns]


def attendance_figure(events_by_period: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Attendees (bars, upper panel) and online viewers (line, lower panel: often a thousand times more),
    one period axis under both. Two panels, not two axes over one plot: a second axis drew its line
    through the bars, and the tallest bar ran into the top edge.

    Input: `events_by_period`; each period sums its events' known counts. Bars select the period.
    """
    totals = attendance_totals(events_by_period)
    labels = period_labels(totals["period_start"], grain, language)
    attendees_name = translate("events.attendance.attendees", language)
    viewers_name = translate("events.attendance.online_viewers", language)
    attendees = [int(value) for value in totals["attendees"]]
    viewers = [int(value) for value in totals["online_viewers"]]
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06, row_heights=[0.6, 0.4])
    figure.add_bar(
        x=labels,
        y=attendees,
        name=attendees_name,
        marker_color=category_colour("flow", "joined"),
        customdata=[
            ["period", as_date(row["period_start"]).isoformat(), as_date(row["period_end"]).isoformat()]
            for row in totals.to_dict("records")
        ],
        hovertemplate=f"%{{x}}<br>{attendees_name}: %{{y:,}}<extra></extra>",
        row=1,
        col=1,
    )
    figure.add_scatter(
        x=labels,
        y=viewers,
        name=viewers_name,
        mode="lines+markers",
        line={"color": category_colour("flow", "left"), "width": 3},
        hovertemplate=f"%{{x}}<br>{viewers_name}: %{{y:,}}<extra></extra>",
        row=2,
        col=1,
    )
    figure.update_xaxes(type="category")
    figure.update_xaxes(title_text=translate("events.axis.period", language), row=2, col=1)
    # Headroom over the tallest bar and the highest point, so neither touches the panel's edge.
    figure.update_yaxes(
        title_text=translate("events.attendance.attendees_axis", language),
        range=[0, max(attendees, default=0) * 1.12 or 1],
        tickformat=",d",
        row=1,
        col=1,
    )
    figure.update_yaxes(
        title_text=translate("events.attendance.viewers_axis", language),
        range=[0, max(viewers, default=0) * 1.15 or 1],
        nticks=4,
        tickformat=",d",  # "1,200,000" reads in both languages; plotly's "1.2M" is English only
        row=2,
        col=1,
    )
    figure.update_layout(showlegend=False, height=480)
    title = translate("events.attendance.title", language, grain=grain_name(grain, language))
    return titled(figure, language, title)


def engagement_figure(engagement_over_time: pd.DataFrame, grain: str, language: Language) -> go.Figure:
    """Engagement rate per period as a line (0-100%); the hover names engaged and active members.

    Input: `engagement_over_time` [period_start, period_end, active_members, engaged_members, engagement_rate].
    """
    rate_name = translate("events.engagement.rate", language)
    figure = go.Figure()
    figure.add_scatter(
        x=period_labels(engagement_over_time["period_start"], grain, language),
        y=[None if pd.isna(value) else float(value) for value in engagement_over_time["engagement_rate"]],
        name=rate_name,
        mode="lines+markers",
        line={"color": category_colour("flow", "cumulative"), "width": 3},
        customdata=[
            [int(engaged), int(active)]
            for engaged, active in zip(
                engagement_over_time["engaged_members"], engagement_over_time["active_members"], strict=True
            )
        ],
        hovertemplate=(
            f"%{{x}}<br>{rate_name}: %{{y:.0%}}<br>{translate('events.engagement.engaged', language)}: %{{customdata[0]:,}}"
            f"<br>{translate('events.engagement.active', language)}: %{{customdata[1]:,}}<extra></extra>"
        ),
    )
    figure.update_xaxes(title_text=translate("events.axis.period", language), type="category")
    figure.update_yaxes(title_text=rate_name, tickformat=".0%", range=[0, 1.05])
    title = translate("events.engagement.title", language, grain=grain_name(grain, language))
    return titled(figure, language, title)


def most_active_members_figure(most_active_members: pd.DataFrame, language: Language) -> go.Figure:
    """Horizontal bars: events attended per member, the most engaged at the top.

    Input: `most_active_members` [member_id, name_en, name_zh, country, events_attended, last_event_on].
    """
    frame = most_active_members.iloc[::-1]  # plotly draws the first bar at the bottom
    attended_name = translate("events.most_active.events_attended", language)
    last_name = translate("events.most_active.last_event_on", language)
    figure = go.Figure()
    names = [
        display_name(en, zh, language) for en, zh in zip(frame["name_en"], frame["name_zh"], strict=True)
    ]
    figure.add_bar(
        x=[int(value) for value in frame["events_attended"]],
        y=[shortened(name) for name in names],  # cut to fit beside the bars on a phone; the hover has it all
        orientation="h",
        name=attended_name,
        marker_color=category_colour("flow", "joined"),
        customdata=[
            [
                country_name(str(code), language),
                format_date(as_date(day), language) if pd.notna(day) else "",
                name,
            ]
            for code, day, name in zip(frame["country"], frame["last_event_on"], names, strict=True)
        ],
        hovertemplate=(
            f"<b>%{{customdata[2]}}</b> (%{{customdata[0]}})<br>{attended_name}: %{{x:,}}<br>{last_name}: "
            "%{customdata[1]}<extra></extra>"
        ),
    )
    figure.update_xaxes(title_text=attended_name, rangemode="tozero", tickformat=",d")
    # No y-axis title: the bars are labelled with the members' names, and a title there overlapped the
    # long names (seen in the screenshots).
    figure.update_yaxes(title_text=None, type="category", automargin=True)
    figure.update_layout(showlegend=False)
    return titled(figure, language, translate("events.most_active.title", language))


def event_option_labels(event_list: pd.DataFrame, language: Language) -> dict[str, str]:
    """event_id -> "19 November 2023 · title" for the event selectbox, the latest first."""
    ordered = event_list.sort_values("start_date", ascending=False)
    days = _formatted_days(ordered["start_date"], language)
    return {
        str(event_id): f"{day} · {display_name(title_en, title_zh, language)}"
        for event_id, day, title_en, title_zh in zip(
            ordered["event_id"].tolist(),
            days.tolist(),
            ordered["title_en"].tolist(),
            ordered["title_zh"].tolist(),
            strict=True,
        )
    }


def event_details(event_list: pd.DataFrame, event_id: str, language: Language) -> list[tuple[str, str]]:
    """(label, value) pairs describing the event `event_id` of `event_list`, every value in `language`."""
    event = event_list[event_list["event_id"] == event_id].iloc[0]
    start, end = as_date(event["start_date"]), as_date(event["end_date"])
    dates = format_date(start, language)
    if end != start:
        dates = f"{dates} – {format_date(end, language)}"

    def count(column: str) -> str:
        value: Any = event[column]
        return translate("events.unknown", language) if pd.isna(value) else format_number(value, language)

    return [
        (
            translate("events.detail.type", language),
            category_label("event_types", str(event["event_type"]), language),
        ),
        (
            translate("events.detail.format", language),
            category_label("formats", str(event["format"]), language),
        ),
        (translate("events.detail.dates", language), dates),
        (
            translate("events.detail.place", language),
            _place(event["city"], event["city_zh"], event["country"], language),
        ),
        (translate("events.detail.attendees", language), count("attendees")),
        (translate("events.detail.countries_represented", language), count("countries_represented")),
        (translate("events.detail.online_viewers", language), count("online_viewers")),
        (translate("events.detail.member_participants", language), count("member_participants")),
    ]


def participants_table(event_participants: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The members taking part in one event, named, placed and with their role in `language`.

    Input: `event_participants` [member_id, name_en, name_zh, country, role].
    """
    return pd.DataFrame(
        {
            translate("events.participants.member", language): [
                display_name(en, zh, language)
                for en, zh in zip(event_participants["name_en"], event_participants["name_zh"], strict=True)
            ],
            translate("events.participants.country", language): [
                country_name(str(code), language) for code in event_participants["country"]
            ],
            translate("events.participants.role", language): [
                category_label("participation_roles", str(role), language)
                for role in event_participants["role"]
            ],
        }
    )
